"""The offline translator: deterministic rules over the glossary, checked before anything is returned."""

from __future__ import annotations

import logging
import re

from bot.errors import InputError
from bot.jargon import explain, plain_rewrite, plain_where_needed
from bot.translate.cite import Retrieve, citations_for
from bot.translate.classify import Reading, read
from bot.translate.clean import MAX_UPDATE_CHARS, detect_language, prepare
from bot.translate.facts import check_facts
from bot.translate.model import Term, Translation
from knowledge.glossary import Glossary, TermMatch

log = logging.getLogger(__name__)

_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(<#@])")
_WE = re.compile(r"\b(?:we|We)(?:'re|'ve|'ll|'d)?\b(?:\s+([A-Za-z]+(?:[-'][A-Za-z]+)*)\b(?![.\-]?\d))?")
_OUR = re.compile(r"\b(our|Our)\b")
_BE = {"are": "is", "were": "was", "have": "has", "do": "does", "don't": "doesn't", "haven't": "hasn't", "aren't": "isn't", "weren't": "wasn't"}
_CONTRACTED = {"'re": "is", "'ve": "has", "'ll": "will", "'d": "would"}
_KEEP_VERB = {"will", "would", "can", "could", "should", "may", "might", "must", "shall", "did", "didn't", "can't", "won't",
              "couldn't", "shouldn't", "wouldn't", "also", "still", "just", "now", "then", "already", "only", "all", "both",
              "never", "probably", "need", "needs", "had", "got", "made", "found", "saw", "took", "ran", "built", "kept", "hit",
              "put", "set", "lost", "sent", "spent", "went", "moved", "thought", "think", "expect", "have", "are", "were", "do"}


_NOT_VERBS = set(
    "a an the this that these those two three four five six seven eight nine ten twelve twenty hundred all both some any "
    "and or but so to of in on at by for from with about after before since until as than then here there now today "
    "tomorrow yesterday again too very really".split()
)


def _third_person(verb: str) -> str:
    low = verb.lower()
    if low in _NOT_VERBS:
        return verb
    if low in _BE:
        return _BE[low]
    if low in _KEEP_VERB or low.endswith(("ed", "n't")):
        return verb
    if re.search(r"(?:s|x|z|ch|sh|o)$", low):
        return verb + "es"
    if re.search(r"[^aeiou]y$", low):
        return verb[:-1] + "ies"
    return verb + "s"


def _voice(text: str) -> str:
    """Engineers write "we"; a business reader needs to know it is the team speaking."""

    def we(m: re.Match[str]) -> str:
        whole, verb = m.group(0), m.group(1)
        subject = "The team" if whole.startswith("We") else "the team"
        suffix = next((s for s in _CONTRACTED if whole[:5].lower().startswith("we" + s)), None)
        if suffix:
            rest = f" {verb}" if verb else ""
            return f"{subject} {_CONTRACTED[suffix]}{rest}"
        if verb is None:
            return subject
        if verb.lower() in {"need", "think", "expect"}:
            return f"{subject} {verb}s"
        if verb.lower() in {"have", "are", "were", "do"}:
            return f"{subject} {_BE[verb.lower()]}"
        return f"{subject} {_third_person(verb)}"

    text = _WE.sub(we, text)
    text = _OUR.sub(lambda m: "The team's" if m.group(1) == "Our" else "the team's", text)
    return "The team" + text[8:] if text.startswith("the team") else text


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(text) if s.strip()]


def _end(text: str) -> str:
    text = text.strip().rstrip(";:, ")  # "... FROM t;" ends the sentence as "... FROM t.", not "t;."
    return text if text.endswith((".", "!", "?")) else text + "."


def _terms(matches: list[TermMatch]) -> list[Term]:
    seen: set[str] = set()
    out = []
    for m in matches:
        if m.entry.term in seen:
            continue
        seen.add(m.entry.term)
        out.append(Term(term=m.surface, meaning=m.entry.plain))
    return out


class OfflineTranslator:
    """Deterministic translation: glossary, rules and templates; no network, no model."""

    def __init__(self, glossary: Glossary, retrieve: Retrieve | None = None, limit: int = MAX_UPDATE_CHARS) -> None:
        self.glossary = glossary
        self.retrieve = retrieve
        self.limit = limit

    def translate(self, text: str | None, person: str | None = None) -> Translation:
        """One update in business language; InputError when it cannot be translated (`person`: see Answerer.answer)."""
        cleaned = prepare(text, self.limit)
        matches = self.glossary.find(cleaned)
        language = detect_language(cleaned)
        if language is not None:
            return self._foreign(cleaned, language, matches)
        reading = read(cleaned, matches)
        summary, rest = self._summary(cleaned, reading)
        impact = self._impact(reading, matches, rest)
        options = list(reading.situation.options) if reading.decision_needed else []
        decision = self._decision(reading) if reading.decision_needed else None
        result = Translation(
            summary=summary,
            impact=impact,
            options=options,
            decision=decision,
            pillars=reading.pillars,
            category=reading.situation.category,
            stage=reading.stage,
            terms=_terms(matches),
            citations=citations_for(reading.situation.cite, self.retrieve),
        )
        return self._guarantee(cleaned, result)

    def _summary(self, cleaned: str, reading: Reading) -> tuple[str, str]:
        """Two sentences: the lead in business terms, then the update's first sentence in the team's voice.

        Further sentences go on in the impact, so no fact of a longer update is lost.
        """
        sentences = [_end(_voice(s)) for s in _sentences(cleaned)]
        head, rest = sentences[:1], sentences[1:]
        reported = plain_rewrite(" ".join(head), self.glossary)
        return f"{reading.situation.lead} {reported}", " ".join(rest)

    def _impact(self, reading: Reading, matches: list[TermMatch], rest: str) -> str:
        parts = [reading.situation.impact]
        extra = {
            "users": "The people who depend on it are affected directly.",
            "date": "A planned date is affected.",
            "cost": "There is a cost effect to weigh.",
        }
        for key in ("users", "date", "cost"):
            if key in reading.impacts and key != _IMPLIED.get(reading.situation.name):
                parts.append(extra[key])
        # A term's typical implication helps only when it speaks to the same kind of problem.
        category = reading.situation.category
        implication = next((m.entry.impl for m in matches if m.entry.impl and m.entry.cat == category), "")
        if implication:
            parts.append(implication)
        if rest:
            parts.append(f"The update goes on: {plain_rewrite(rest, self.glossary)}")
        return " ".join(_dedupe(parts))

    def _decision(self, reading: Reading) -> str:
        return f"Decision needed from the {reading.who}: {reading.situation.question}."

    def _foreign(self, cleaned: str, language: str, matches: list[TermMatch]) -> Translation:
        """Not English: say so, pass the words on unchanged so no fact is lost, and make no claims about them."""
        where = "it looks like " + language if language != "another language" else "it is in another language"
        # Its words stay as written (rewording a language we do not read could change its meaning); glossary
        # terms get their plain meaning in brackets instead, so the jargon check still holds.
        shown = explain(cleaned, self.glossary)
        how = "as written, technical terms explained in brackets" if shown != cleaned else "as written"
        return self._guarantee(cleaned, Translation(
            summary=f"This update is not in English ({where}), so it is passed on {how}: {shown}",
            impact="Its meaning could not be assessed; ask the author for an English version before acting on it.",
            options=[],
            decision=None,
            pillars=[],
            category="progress",
            stage=None,
            terms=_terms(matches),
            citations=[],
        ))

    def _guarantee(self, cleaned: str, result: Translation) -> Translation:
        """Last line of defence: rephrase any term left bare and put back any fact that went missing."""

        def plain(text: str) -> str:
            return plain_where_needed(text, self.glossary)

        result = result.model_copy(
            update={
                "summary": plain(result.summary),
                "impact": plain(result.impact),
                "options": [plain(o) for o in result.options],
                "decision": plain(result.decision) if result.decision else None,
            }
        )
        report = check_facts(cleaned, result.business_text(), self.glossary)
        if report.missing:
            log.warning("facts missing after translation, restoring: %s", report.missing)
            kept = ", ".join(report.missing)
            result = result.model_copy(update={"impact": f"{result.impact} Figures as reported: {kept}."})
        return result


# The impact sentence of these situations already says what the extra cue would add.
_IMPLIED = {"too_slow": "date", "late": "date", "cost_over": "cost", "metric_drop": "users", "adoption_gap": "users"}


def _dedupe(parts: list[str]) -> list[str]:
    seen: set[str] = set()
    return [p for p in parts if p and not (p in seen or seen.add(p))]


BACKENDS = {"offline": OfflineTranslator}


def build_translator(glossary: Glossary, *, backend: str = "offline", retrieve: Retrieve | None = None, limit: int = MAX_UPDATE_CHARS):
    """A translator by backend name (the LLM path wraps the result in Services, not here: bot/llm/translate.py)."""
    try:
        cls = BACKENDS[backend]
    except KeyError:
        raise InputError(f"Unknown translation backend {backend!r}. Use one of: {', '.join(sorted(BACKENDS))}.") from None
    return cls(glossary, retrieve=retrieve, limit=limit)
