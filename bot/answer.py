"""Grounded answers: the most relevant sentences of the best passages, each cited (extractive, offline)."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from bot.errors import InputError
from knowledge.text import sentences, terms
from knowledge.types import Citation, Retrieval, SearchHit

if TYPE_CHECKING:
    from bot.config import Settings
    from knowledge.index import KnowledgeIndex

log = logging.getLogger(__name__)

NOT_COVERED = (
    "The COMPEL Body of Knowledge (and the program records I can see) does not cover this question, "
    "so I won't guess."
)
MAX_SENTENCES = 3
MAX_PASSAGES = 4
_QUESTION_TERMS = {"ask", "question"}
MAX_QUOTE = 320
FOLLOW_UP_TERMS = 5  # a question this short in a thread is read with the one before it
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")


class Answer(BaseModel):
    """An answer and where it comes from, as `compel ask --json` prints it."""

    model_config = ConfigDict(extra="forbid")

    answer: str
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    context: str = Field("", exclude=True)
    question: str = Field("", exclude=True)
    backend: str = Field("offline", exclude=True)

    def to_json(self) -> dict:
        """Exactly the documented shape: answer, abstained, citations (best first)."""
        return {
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.model_dump() for c in self.citations],
        }


def check_question(question: str, limit: int) -> str:
    """The question, trimmed, or a one-line refusal naming the problem and the fix."""
    text = (question or "").strip()
    if not text:
        raise InputError('the question is empty; ask something, e.g. compel ask "What should the EATP ask during integration?"')
    if len(text) > limit:
        raise InputError(
            f"the question is {len(text):,} characters; the limit is {limit:,} (COMPEL_MAX_QUESTION_CHARS). Shorten it."
        )
    return text


class Answerer:
    """Answers questions from the index (BoK, knowledge pack, and one program's records)."""

    def __init__(self, settings: "Settings", index: "KnowledgeIndex") -> None:
        self.settings = settings
        self.index = index

    def retrieve(self, question: str, program: str | None = None, history: list[str] | None = None) -> Retrieval:
        """Search for the question; a short follow-up in a thread is read together with the previous question."""
        text = check_question(question, self.settings.max_question_chars)
        query = text
        if history and len(terms(text)) <= FOLLOW_UP_TERMS:
            query = f"{history[-1]} {text}"[-self.settings.max_question_chars :]
        return self.index.search(query, k=self.settings.top_k, program=program)

    def answer(
        self, question: str, program: str | None = None, history: list[str] | None = None, person: str | None = None
    ) -> Answer:
        """A short extractive answer with numbered citations, or a plain statement that nothing covers it.

        `person` is accepted so every answer engine has one signature; only LLM calls count against a daily limit.
        """
        retrieval = self.retrieve(question, program, history)
        return compose(question.strip(), retrieval, self.index.retriever().corpus.idf, program)


def compose(question: str, retrieval: Retrieval, idf, program: str | None = None) -> Answer:
    """Pick the sentences that answer the question from the best passages and cite each one."""
    scope = f"BoK and knowledge pack{f' + records of {program}' if program else ''}"
    if retrieval.abstained or not retrieval.hits:
        return Answer(
            answer=NOT_COVERED, abstained=True, citations=[], question=question,
            context=f"Searched: {scope}. {retrieval.reason}".strip(),
        )
    qterms = set(terms(retrieval.query))
    wants_questions = bool(qterms & _QUESTION_TERMS)
    top = retrieval.hits[0].chunk
    same_section = lambda c: (c.source, c.section) == (top.source, top.section)  # noqa: E731
    # The best section is read whole: its other passages are candidates whatever their own rank.
    hits = [h for h in retrieval.hits if h.score >= 0.45 or same_section(h.chunk)][:MAX_PASSAGES]
    scored: list[tuple[float, int, int, str]] = []  # (score, hit rank, position, sentence)
    for rank, hit in enumerate(hits):
        prior = 0.6 + 0.4 * hit.score  # the passage's own rank still counts
        for pos, sent in enumerate(_sentences(hit.chunk.text)):
            score = _sentence_score(sent, qterms, idf) * prior
            if wants_questions and "?" in sent:
                score *= 1.5  # "what should I ask" is answered by the BoK's questions
            scored.append((score, rank, pos, sent))
    scored.sort(key=lambda x: -x[0])
    picked: list[tuple[int, int, str]] = []
    per_hit: dict[int, int] = {}
    for score, rank, pos, sent in scored:
        if len(picked) >= MAX_SENTENCES or (picked and score <= 0):
            break
        if per_hit.get(rank, 0) < 2:
            picked.append((rank, pos, sent))
            per_hit[rank] = per_hit.get(rank, 0) + 1
    picked.sort()
    used_ranks = sorted(per_hit)
    number = {rank: n for n, rank in enumerate(used_ranks, 1)}
    answer = " ".join(f"{_clean(sent)} [{number[rank]}]" for rank, _pos, sent in picked)
    citations = [_citation(hits[rank], [s for r, _, s in picked if r == rank]) for rank in used_ranks]
    best_of = {rank: sent for _, rank, _, sent in reversed(scored)}
    others = [_citation(h, [best_of[r]] if r in best_of else []) for r, h in enumerate(hits) if r not in number]
    kinds = {c.kind for c in citations}
    return Answer(
        answer=answer,
        abstained=False,
        citations=citations + others,
        question=question,
        context=f"Searched: {scope}. Cited: {', '.join(sorted(kinds))}.",
    )


def _sentences(text: str) -> list[str]:
    # Lead-in fragments ("Asking the right questions.") say little on their own.
    found = sentences(text)
    full = [s for s in found if len(s) >= 40]
    return full or found


def _sentence_score(sentence: str, qterms: set[str], idf) -> float:
    """BM25-style: repeated query terms count with saturation, long sentences are only mildly penalised."""
    sterms = terms(sentence)
    if not sterms:
        return 0.0
    k1, b, avg = 1.2, 0.5, 18.0
    norm = k1 * (1 - b + b * len(sterms) / avg)
    score = 0.0
    for t in qterms:
        tf = sterms.count(t)
        if tf:
            score += idf(t) * tf * (k1 + 1) / (tf + norm)
    return score


def _clean(sentence: str) -> str:
    return _BULLET.sub("", sentence).strip()


def _citation(hit: SearchHit, quotes: list[str]) -> Citation:
    chunk = hit.chunk
    quote = " … ".join(_clean(q) for q in quotes) or _clean(_sentences(chunk.text)[0] if _sentences(chunk.text) else chunk.text)
    if len(quote) > MAX_QUOTE:
        quote = quote[: MAX_QUOTE - 1].rsplit(" ", 1)[0] + "…"
    return Citation(
        source=chunk.source,
        module=chunk.module,
        article=chunk.article,
        section=chunk.section,
        quote=quote,
        score=hit.score,
        kind=chunk.kind,
        chunk_id=chunk.id,
    )
