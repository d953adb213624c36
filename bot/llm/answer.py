"""Grounded answers written by a language model from the retrieved passages, checked before anyone sees them."""

from __future__ import annotations

import logging
import re

from pydantic import BaseModel, ConfigDict, Field

from bot.answer import MAX_QUOTE, NOT_COVERED, WEAK_MATCH, Answer, compose
from bot.llm.call import OFFLINE_NOTE, LLMPath
from bot.llm.protocol import ChatRequest
from bot.llm.safety import defuse, fence, leaks, passage
from bot.understand.facts import numbers_in
from knowledge.text import sentences, terms
from knowledge.types import Citation, Retrieval, SearchHit
from prompts import load_prompt

log = logging.getLogger(__name__)

TASK = "answer"
_MARKER = re.compile(r"\s*\[(?:\d+(?:\s*,\s*\d+)*|[0-9a-f]{6,}|P\d+)\]")


class AnswerSentence(BaseModel):
    """One sentence of the answer and the ids of the passages it rests on."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="One plain sentence, grounded in the cited passages.")
    sources: list[str] = Field(description="The id attribute of each passage the sentence relies on.")


class AnswerDraft(BaseModel):
    """What the model fills in: whether the passages answer the question, and the cited sentences."""

    model_config = ConfigDict(extra="forbid")

    covered: bool = Field(description="False when the passages do not answer the question.")
    sentences: list[AnswerSentence] = Field(description="At most four sentences, each citing its passages.")


def _label(hit: SearchHit) -> str:
    c = hit.chunk
    parts = [f"Module {c.module}" if c.module else "", f"Article {c.article}" if c.article is not None else "", c.section]
    label = " · ".join(p for p in parts if p) or c.source
    return f"{label} ({c.kind})"


def _scope(program: str | None) -> str:
    return f"BoK and knowledge pack{f' + records of {program}' if program else ''}"


def build_request(question: str, retrieval: Retrieval, history: list[str] | None, program: str | None,
                  person: str | None, offline) -> ChatRequest:
    """The answer prompt: every retrieved passage fenced with its chunk id, the question and history fenced as data."""
    prompt = load_prompt(TASK)
    system, user = prompt.render(
        scope=fence(" ".join(_scope(program).split()))[:200],  # a program id is a name, never a line of instructions
        passages="\n\n".join(passage(h.chunk.id, _label(h), h.chunk.text) for h in retrieval.hits),
        history=fence("\n".join(history or [])) or "(none)",
        question=fence(question),
    )
    return ChatRequest(task=TASK, prompt=prompt.name, system=system, user=user, schema=AnswerDraft, offline=offline, person=person)


def _quote(hit: SearchHit, said: list[str]) -> str:
    """The passage's sentence closest to what the model said, so the citation shows real BoK wording."""
    found = sentences(hit.chunk.text) or [hit.chunk.text]
    want = set(terms(" ".join(said)))
    best = max(found, key=lambda s: len(want & set(terms(s))))
    best = re.sub(r"^\s*(?:[-*•–]|\d+[.)])\s+", "", best).strip()
    return best if len(best) <= MAX_QUOTE else best[: MAX_QUOTE - 1].rsplit(" ", 1)[0] + "…"


def _citation(hit: SearchHit, said: list[str]) -> Citation:
    c = hit.chunk
    return Citation(source=c.source, module=c.module, article=c.article, section=c.section, quote=_quote(hit, said),
                    score=hit.score, kind=c.kind, chunk_id=c.id)


def _full_stop(text: str) -> str:
    """The sentence with its closing punctuation, so the citation marker follows a full stop."""
    text = text.rstrip().rstrip(",;:")
    return text if re.search(r"[.!?][\"”’)]*$", text) else f"{text}."


def noted(answer: Answer, note: str) -> Answer:
    """The answer with a short note in its context line (shown under the answer in Slack and the terminal)."""
    if not note:
        return answer
    context = f"{answer.context} · {note[:1].upper()}{note[1:]}." if answer.context else f"{note[:1].upper()}{note[1:]}."
    return answer.model_copy(update={"context": context, "backend": "offline"})


def finish(draft: AnswerDraft, request: ChatRequest, retrieval: Retrieval, question: str, program: str | None,
           model: str, extractive) -> Answer:
    """Check the draft: only retrieved ids, no invented numbers, no pings, no prompt leak; else the extractive answer."""
    scope = _scope(program)
    if not draft.covered:
        return Answer(answer=NOT_COVERED, abstained=True, citations=[], question=question, backend="openai",
                      context=f"Searched: {scope}. The passages found do not answer it ({model}).")
    by_id = {h.chunk.id: h for h in retrieval.hits}
    order: list[str] = []
    said: dict[str, list[str]] = {}
    kept: list[tuple[str, list[str]]] = []
    retrieved = "\n".join(h.chunk.text for h in retrieval.hits)  # the only links a sentence may carry
    for s in draft.sentences:
        valid = [i for i in dict.fromkeys(s.sources) if i in by_id]
        dropped = [i for i in s.sources if i not in by_id]
        if dropped:
            log.info("answer: dropped citations of passages that were not retrieved: %s", dropped)
        text = defuse(_MARKER.sub("", s.text).strip(), sources=retrieved)
        if not text or not valid:
            continue
        grounds = numbers_in(question + " " + " ".join(by_id[i].chunk.text for i in valid))
        invented = numbers_in(text) - grounds
        if invented:
            log.info("answer: dropped a sentence with numbers its passages lack: %s", sorted(invented))
            continue
        kept.append((text, valid))
        for i in valid:
            if i not in said:
                order.append(i)
                said[i] = []
            said[i].append(text)
    body = " ".join(kept_text for kept_text, _ in kept)
    if not kept:
        return noted(extractive(), f"{OFFLINE_NOTE} (the model's reply cited no retrieved passage)")
    if leaks(body, request.system):
        log.warning("answer: the model's reply repeated the instructions; answering offline")
        return noted(extractive(), f"{OFFLINE_NOTE} (the model's reply was rejected)")
    number = {i: n for n, i in enumerate(order, 1)}
    text = " ".join(f"{_full_stop(t)} [{', '.join(str(number[i]) for i in ids)}]" for t, ids in kept)
    if retrieval.weak:
        text = f"{WEAK_MATCH} {text}"
    cited = [_citation(by_id[i], said[i]) for i in order]  # only what the answer cites, in the order it cites it
    kinds = ", ".join(sorted({c.kind for c in cited}))
    return Answer(answer=text, abstained=False, citations=cited, question=question, backend="openai",
                  context=f"Searched: {scope}. Cited: {kinds}. Written by {model} from the cited passages.")


class LLMAnswerer(LLMPath):
    """The Answerer with a language model writing the answer; same calls, same Answer, extractive when it fails."""

    @property
    def settings(self):
        return self.base.settings

    @property
    def index(self):
        return self.base.index

    def retrieve(self, question: str, program: str | None = None, history: list[str] | None = None) -> Retrieval:
        """The offline engine's retrieval, as it is."""
        return self.base.retrieve(question, program, history)

    def answer(self, question: str, program: str | None = None, history: list[str] | None = None,
               person: str | None = None) -> Answer:
        """A grounded answer written from the retrieved passages; the extractive answer when anything fails a check."""
        # Questions about the program's state are answered from its records, deterministically, with no model.
        from_records = getattr(self.base, "program_answer", None)
        found = from_records(question, program, history) if from_records is not None else None
        if found is not None:
            return found
        retrieval = self.base.retrieve(question, program, history)
        text = question.strip()

        def extractive() -> Answer:
            if hasattr(self.base, "compose"):  # sentences by meaning, lists whole (the fakes in tests have no embedder)
                return self.base.compose(text, retrieval, program)
            return compose(text, retrieval, self.base.index.retriever().corpus.idf, program)

        if retrieval.abstained or not retrieval.hits:
            return extractive()  # nothing to ground an answer in: say so, never ask a model to guess
        request = build_request(text, retrieval, history, program, person, extractive)
        outcome = self.caller.call(request)
        if outcome.reply.final:
            return noted(outcome.reply.output, outcome.note)
        return finish(outcome.reply.output, request, retrieval, text, program, outcome.reply.model, extractive)
