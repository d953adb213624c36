"""Extractive answers: the sentences of the best passages that answer the question, or the whole list they introduce."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.answer.claims import no_optional_plural
from bot.answer.lists import BULLET, SectionList, label_of, lists_in, promised_count
from bot.answer.model import MAX_QUOTE, NOT_COVERED, WEAK_MATCH, Answer
from bot.answer.sections import SectionKey, merge, section_key
from knowledge.text import sentences, terms
from knowledge.types import Chunk, Citation, Retrieval, SearchHit

log = logging.getLogger(__name__)

MAX_SENTENCES = 3
MAX_PASSAGES = 4
MIN_SENTENCE = 40  # shorter lines are lead-ins or labels ("Asking the right questions.") that say little alone
DENSE_WEIGHT = 0.6  # meaning first; shared words still break ties between sentences that mean much the same
INTRO_SHARE = 0.75  # a list's lead-in within this share of the best sentence's score brings the whole list
_QUESTION_TERMS = {"ask", "question"}
# Openers that tie a sentence to the one before it in the article; out of that context they are filler.
_CONNECTIVE = re.compile(
    r"^(?:however|conversely|moreover|additionally|in addition|furthermore|also|similarly|likewise|instead|"
    r"in short|in practice|in other words|put simply|that said|together|finally|first|second|third|and|but|so)\s*,?\s+",
    re.I,
)
_DEMONSTRATIVE = re.compile(r"^(?:this|these|that|those|it|they|such)\b", re.I)
_META = re.compile(r"\b(?:this|the following|the remaining|previous|next) (?:article|articles|module|section)s?\b", re.I)
_END = re.compile(r"[.!?][\"”’)]*$")

Embed = Callable[[Sequence[str]], np.ndarray]
SectionLines = Callable[[Chunk], list[str]]


@dataclass
class Candidate:
    """A sentence that could go into the answer, and where it stands."""

    rank: int  # which hit (passage group) it comes from
    pos: int  # its order within the hit
    text: str
    line: int | None = None  # index of its line within the section, when the section is known
    last_in_line: bool = False
    score: float = 0.0


def compose(
    question: str,
    retrieval: Retrieval,
    idf,
    program: str | None = None,
    *,
    vectors: Embed | None = None,
    query_vector: np.ndarray | None = None,
    section_lines: SectionLines | None = None,
) -> Answer:
    """Pick what answers the question from the best passages (a whole list when one is introduced) and cite it."""
    scope = f"BoK and knowledge pack{f' + records of {program}' if program else ''}"
    if retrieval.abstained or not retrieval.hits:
        return Answer(
            answer=NOT_COVERED, abstained=True, citations=[], question=question,
            context=f"Searched: {scope}. {_sentence(retrieval.reason) if retrieval.reason.strip() else ''}".strip(),
        )
    qterms = set(terms(retrieval.query))
    top = retrieval.hits[0].chunk
    # The best section is read whole: its other passages are candidates whatever their own rank.
    hits = [h for h in retrieval.hits if h.score >= 0.45 or section_key(h.chunk) == section_key(top)][:MAX_PASSAGES]
    lines_of = section_lines or _lines_from_hits(hits)
    groups = _groups(hits)  # one citation per section: passages of one section are one source
    candidates, section_of = _candidates(groups, lines_of)
    if not candidates:
        return Answer(answer=NOT_COVERED, abstained=True, question=question, context=f"Searched: {scope}.")
    _score(candidates, groups, qterms, idf, vectors, query_vector, wants_questions=bool(qterms & _QUESTION_TERMS))
    lists = {rank: lists_in(lines_of(groups[rank][0].chunk)) for rank in section_of}
    chosen = _choose_list(candidates, lists, question)
    if chosen is not None:
        rank, found, lead_from = chosen
        body = [_render_list(found, lead_from)]
        used = [rank]
    else:
        picked = _pick_sentences(candidates, lists)
        body, used = [], []
        for c in picked:
            if c.rank not in used:
                used.append(c.rank)
            body.append(c)
    number = {rank: n for n, rank in enumerate(used, 1)}
    if chosen is not None:
        text = f"{body[0]} [1]"
        intro = found.intro or found.items[0].text  # a list with no lead-in is quoted by its first item
        quotes = {chosen[0]: [intro.rsplit(":", 1)[0] if len(intro) > MAX_QUOTE else intro]}
    else:
        text = " ".join(f"{_sentence(c.text)} [{number[c.rank]}]" for c in body)
        quotes = {}
        for c in body:
            quotes.setdefault(c.rank, []).append(c.text)
    if retrieval.weak:
        text = f"{WEAK_MATCH}\n{text}" if "\n" in text else f"{WEAK_MATCH} {text}"
    citations = [_citation(groups[rank], quotes.get(rank, [])) for rank in used]
    kinds = ", ".join(sorted({c.kind for c in citations}))
    return Answer(answer=text, abstained=False, citations=citations, question=question,
                  context=f"Searched: {scope}. Cited: {kinds}." + (" Weak match." if retrieval.weak else ""))


def _groups(hits: list[SearchHit]) -> list[list[SearchHit]]:
    """Hits grouped by section, best group first (records and pack entries stay one group each)."""
    out: dict[SectionKey | str, list[SearchHit]] = {}
    for h in hits:
        key = section_key(h.chunk) if h.chunk.kind in ("bok", "doc") else h.chunk.id
        out.setdefault(key, []).append(h)
    return list(out.values())


def _lines_from_hits(hits: list[SearchHit]) -> SectionLines:
    """Section lines from the hits alone (when the whole index is not at hand)."""
    def lines(chunk: Chunk) -> list[str]:
        parts = sorted((h.chunk for h in hits if section_key(h.chunk) == section_key(chunk)), key=lambda c: c.start)
        return [line.strip() for line in merge(list({c.id: c for c in parts}.values())).split("\n") if line.strip()]

    return lines


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _candidates(groups: list[list[SearchHit]], lines_of: SectionLines) -> tuple[list[Candidate], set[int]]:
    """Every sentence of the grouped hits once, tied to its section line where the section is known."""
    out: list[Candidate] = []
    seen: set[str] = set()
    sectioned: set[int] = set()
    for rank, group in enumerate(groups):
        chunk = group[0].chunk
        if chunk.kind in ("bok", "doc"):
            sectioned.add(rank)
            lines = lines_of(chunk)
            wanted = {_norm(line) for h in group for line in h.chunk.text.split("\n")}
            # Only the lines the hits hold, plus those a list spans (handled when a list is chosen).
            source = [(i, line) for i, line in enumerate(lines) if _norm(line) in wanted or any(_norm(line) in w or w in _norm(line) for w in wanted if len(w) > 30)]
        else:
            source = [(None, line) for h in group for line in h.chunk.text.split("\n") if line.strip()]
        pos = 0
        for i, line in source:
            found = sentences(line)
            for n, sent in enumerate(found):
                key = _norm(BULLET.sub("", sent))
                if not key or key in seen:
                    continue
                seen.add(key)
                out.append(Candidate(rank=rank, pos=pos, text=sent, line=i, last_in_line=n == len(found) - 1))
                pos += 1
    return out, sectioned


def _score(candidates: list[Candidate], groups, qterms: set[str], idf, vectors: Embed | None,
           query_vector: np.ndarray | None, wants_questions: bool) -> None:
    lexical = np.array([_lexical(c.text, qterms, idf) for c in candidates], dtype=np.float64)
    top = lexical.max() if len(lexical) else 0.0
    lex = lexical / top if top > 0 else lexical
    if vectors is not None and query_vector is not None:
        dense = vectors([_clean(c.text) for c in candidates]) @ np.asarray(query_vector, dtype=np.float32)
        mixed = DENSE_WEIGHT * np.clip(dense, 0.0, None) + (1 - DENSE_WEIGHT) * lex
    else:
        mixed = lex
    for c, value in zip(candidates, mixed):
        prior = 0.6 + 0.4 * groups[c.rank][0].score  # the passage's own rank still counts
        score = float(value) * prior
        if len(c.text) < MIN_SENTENCE and not c.text.endswith(":"):
            score *= 0.3
        if _META.search(c.text):
            score *= 0.5  # "this article addresses..." talks about the text, not the subject
        if wants_questions and "?" in c.text:
            score *= 1.5  # "what should I ask" is answered by the BoK's questions
        c.score = score


def _lexical(sentence: str, qterms: set[str], idf) -> float:
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


def _list_at(lists: dict[int, list[SectionList]], c: Candidate) -> tuple[SectionList, bool] | None:
    """The innermost list a candidate belongs to, and whether it is on that list's lead-in line."""
    if c.line is None:
        return None
    for found in sorted(lists.get(c.rank, []), key=lambda f: f.end - f.start):
        if c.line == found.start:
            return found, True
        if found.start < c.line < found.end:
            return found, False
    return None


def _choose_list(candidates: list[Candidate], lists: dict[int, list[SectionList]], question: str) -> tuple[int, SectionList, str] | None:
    """The list to give whole: its lead-in scores near the best, two of the best sentences are its items, or the
    question asks for as many items as it has."""
    ranked = sorted(candidates, key=lambda c: -c.score)
    if not ranked or ranked[0].score <= 0:
        return None
    # The best sentence leads into a list, or it and the next best are two different items of one list (or one
    # item and the lead-in close behind).
    first = _list_at(lists, ranked[0])
    if first is not None:
        found, intro = first
        if intro:
            return ranked[0].rank, found, ranked[0].text
        for c in ranked[1:3]:
            at = _list_at(lists, c)
            if at is not None and at[0] is found and c.line != ranked[0].line and (not at[1] or c.score >= INTRO_SHARE * ranked[0].score):
                return c.rank, found, c.text if at[1] else ""
    wanted = promised_count(question)
    if wanted:  # only the best section's: a list of as many items elsewhere is some other list
        for found in lists.get(ranked_first_rank(candidates), []):
            if len(found.items) == wanted:
                return ranked_first_rank(candidates), found, ""
    return None


def ranked_first_rank(candidates: list[Candidate]) -> int:
    """The rank of the best passage group that has a sentence to offer (0 unless it had none)."""
    return min((c.rank for c in candidates), default=0)


def _pick_sentences(candidates: list[Candidate], lists: dict[int, list[SectionList]]) -> list[Candidate]:
    """The best few sentences, in reading order; never a lead-in ending in ':' without its items."""
    picked: list[Candidate] = []
    per_rank: dict[int, int] = {}
    # The retriever's best section leads: its best sentence opens the answer even when a sentence of a lower-ranked
    # section shares more words with the question (the section ranking weighs the whole section; one sentence's
    # score is a noisier reading of what answers).
    first = ranked_first_rank(candidates)
    lead = next((c for c in sorted(candidates, key=lambda c: -c.score)
                 if c.rank == first and c.score > 0 and not c.text.rstrip().endswith(":") and len(c.text) >= MIN_SENTENCE), None)
    if lead is not None:
        picked.append(lead)
        per_rank[first] = 1
    for c in sorted(candidates, key=lambda c: -c.score):
        if c is lead:
            continue
        if len(picked) >= MAX_SENTENCES or (picked and c.score <= 0):
            break
        if c.text.rstrip().endswith(":") or per_rank.get(c.rank, 0) >= 2:
            continue
        if len(c.text) < MIN_SENTENCE and len(picked):
            continue
        picked.append(c)
        per_rank[c.rank] = per_rank.get(c.rank, 0) + 1
    return sorted(_with_antecedents(picked, candidates), key=lambda c: (c.rank, c.pos))


# A sentence that opens on a word pointing back ("Their job is ...", "It also ...", "These checks ...") needs the
# sentence before it, which says what the word points at (a closed class of English: pronouns and demonstratives).
_POINTS_BACK = re.compile(r"^(?:their|its|it|they|them|this|these|that|those|such|he|she|his|her)\b", re.I)


def _with_antecedents(picked: list[Candidate], candidates: list[Candidate]) -> list[Candidate]:
    """The picked sentences, each that points back joined by the sentence before it in its passage, when that one is
    not already picked and is no lead-in to a list."""
    before = {(c.rank, c.pos): c for c in candidates}
    out = list(picked)
    for c in picked:
        prev = before.get((c.rank, c.pos - 1))
        if _POINTS_BACK.match(c.text.lstrip()) and prev is not None and prev not in out \
                and not prev.text.rstrip().endswith(":"):
            out.append(prev)
    return out


def _render_list(found: SectionList, lead_from: str = "") -> str:
    """The lead-in (from the sentence chosen on its line, else with the one it refers back to) and every item."""
    if not found.intro:  # bullets straight under a heading: the citation names the section, the items speak for it
        return "\n".join(_item_lines(found))
    intro_sentences = sentences(found.intro) or [found.intro]
    start = next((i for i, s in enumerate(intro_sentences) if _norm(s) == _norm(lead_from)), len(intro_sentences) - 1)
    last = intro_sentences[-1]
    if ";" in last:
        last = _capital(last.rsplit(";", 1)[1].strip())  # "...provide the framework; during execution, X ensures:"
    elif start == len(intro_sentences) - 1 and _DEMONSTRATIVE.match(last) and start > 0:
        start -= 1  # "This architecture has..." needs the sentence it points at
    lead = " ".join([*(_sentence(s) for s in intro_sentences[start:-1]), _capital(_strip_opener(last))])
    return "\n".join([lead, *_item_lines(found)])


def _item_lines(found: SectionList) -> list[str]:
    out = []
    for item in found.items:
        out.append(f"- {_item_text(item)}")
        for child in item.children:
            out.append(f"    - {_sentence(child.text)}")
    return out


def _item_text(item) -> str:
    if item.label:
        first = sentences(item.text)
        head = first[0] if first else item.text
        if head.endswith(":") and not item.children:
            return _sentence(item.label)
        return f"{_capital(item.label)}: {head if head.endswith(':') else _sentence(head)}"
    if item.bullet:
        return _sentence(item.text)
    label, rest = label_of(item.text)
    first = sentences(rest)
    if label and first and not first[0].endswith(":"):
        return f"{_capital(label)}: {_sentence(first[0])}"  # "Prevent unmanaged debt accumulation." alone says little
    first = sentences(item.text)
    return _sentence(first[0] if first else item.text)


def _clean(sentence: str) -> str:
    return BULLET.sub("", sentence).strip()


def _strip_opener(text: str) -> str:
    stripped = _CONNECTIVE.sub("", text, count=1)
    return stripped if len(stripped) > 20 else text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _sentence(text: str) -> str:
    """A sentence as the answer shows it: no bullet, no linking opener, a capital first and a full stop last."""
    text = _capital(_strip_opener(no_optional_plural(_clean(text))))
    text = text.rstrip(" ,;:—–-")
    return text if _END.search(text) else f"{text}."


def _citation(group: list[SearchHit], quotes: list[str]) -> Citation:
    hit = group[0]
    chunk = hit.chunk
    quote = " … ".join(_clean(q) for q in quotes)
    if not quote:
        found = [s for s in sentences(chunk.text) if len(s) >= MIN_SENTENCE] or sentences(chunk.text) or [chunk.text]
        quote = _clean(found[0])
    if len(quote) > MAX_QUOTE:
        quote = quote[: MAX_QUOTE - 1].rsplit(" ", 1)[0] + "…"
    return Citation(
        source=chunk.source, module=chunk.module, article=chunk.article, section=chunk.section, quote=quote,
        score=max(h.score for h in group), kind=chunk.kind, chunk_id=chunk.id,
    )
