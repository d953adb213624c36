"""The offline translator: the update analysed once, then business text composed from the analysis and checked."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Iterable

from bot.errors import InputError, UserFacingError
from bot.jargon import explain, plain_where_needed
from bot.translate.cite import Retrieve, citations_for
from bot.translate.clean import MAX_UPDATE_CHARS, detect_language, prepare
from bot.translate.compose import Composer
from bot.translate.keep import grammar_facts
from bot.understand.facts import check_facts
from bot.translate.model import CATEGORIES, PILLARS, STAGES, Term, Translation, TranslationIssue
from bot.understand import Analysis, Understander, situations
from knowledge.glossary import Glossary, TermMatch

log = logging.getLogger(__name__)


def _terms(matches: list[TermMatch]) -> list[Term]:
    seen: set[str] = set()
    out = []
    for m in matches:
        if m.entry.term in seen:
            continue
        seen.add(m.entry.term)
        out.append(Term(term=m.surface, meaning=m.entry.plain))
    return out


def _category(analysis: Analysis, matches: list[TermMatch]) -> str:
    """The leading issue's category; for a plain note, the category its terms hint at."""
    main = analysis.issues[0]
    if main.situation == "note":
        hints = Counter(m.entry.cat for m in matches if m.entry.cat in CATEGORIES)
        if hints:
            return hints.most_common(1)[0][0]
    return main.category if main.category in CATEGORIES else "progress"


def issues_of(analysis: Analysis) -> list[TranslationIssue]:
    """The analysis's issues in the shape `--json` prints (plain notes left out)."""
    return [
        TranslationIssue(situation=i.situation, category=i.category, polarity=i.polarity, pattern=i.pattern, debt=i.debt,
                         pillars=[p for p in i.pillars if p in PILLARS], decision=i.decision, who=i.who)
        for i in analysis.issues
        if i.situation != "note" and i.category in CATEGORIES
    ]


class OfflineTranslator:
    """Deterministic translation: the shared update analysis, the composer and the glossary; no network, no LLM."""

    def __init__(self, glossary: Glossary, retrieve: Retrieve | None = None, limit: int = MAX_UPDATE_CHARS,
                 understander: Understander | None = None, cache_dir: Path | None = None, names: Iterable[str] = ()) -> None:
        # `names`: the program's record, use-case and people names. A glossary term inside one is part of the name:
        # no drop-in wording, bracket or jargon check reaches into it (Glossary.protecting).
        glossary = glossary.protecting(names)
        self.glossary = glossary
        self.retrieve = retrieve
        self.limit = limit
        self.understander = understander or Understander(glossary, cache_dir=cache_dir)
        self.composer = Composer(glossary)

    def analyse(self, text: str | None) -> Analysis:
        """The update analysis alone (stand-ups and the debt register read it); InputError on bad input."""
        return self.understander.analyse(prepare(text, self.limit))

    def warm(self, texts: Iterable[str]) -> None:
        """Embed every clause of many updates in one batch, so translating them one by one is quick."""
        cleaned = []
        for t in texts:
            try:
                cleaned.append(prepare(t, self.limit))
            except UserFacingError:
                continue  # the line is refused later, with its number
        self.understander.prefetch([c for c in cleaned if detect_language(c) is None])

    def translate(self, text: str | None, person: str | None = None) -> Translation:
        """One update in business language; InputError when it cannot be translated (`person`: see Answerer.answer)."""
        cleaned = prepare(text, self.limit)
        matches = self.glossary.find(cleaned)
        language = detect_language(cleaned)
        if language is not None:
            return self._foreign(cleaned, language, matches)
        analysis = self.understander.analyse(cleaned)
        return self.from_analysis(cleaned, analysis, matches)

    def from_analysis(self, cleaned: str, analysis: Analysis, matches: list[TermMatch] | None = None) -> Translation:
        """The Translation composed from an analysis of `cleaned`."""
        # A term with several meanings ("CSV", "PO") is read as the meaning nearest its sentence in this update.
        glossary = self.glossary.in_context(cleaned, self.understander.embed)
        if glossary is not self.glossary:
            matches = None
        matches = glossary.find(cleaned) if matches is None else matches
        composer = self.composer if glossary is self.glossary else Composer(glossary)
        written = composer.write(analysis)
        self.composer.counts = composer.counts
        main = situations()[analysis.issues[0].situation]
        result = Translation(
            summary=written.summary,
            impact=written.impact,
            options=written.options,
            decision=written.decision,
            pillars=[p for p in analysis.pillars if p in PILLARS],
            category=_category(analysis, matches),
            stage=analysis.stage if analysis.stage in STAGES else None,
            terms=_terms(matches),
            citations=citations_for(tuple(main.cite), self.retrieve),
            issues=issues_of(analysis),
        )
        return self._guarantee(cleaned, result, glossary)

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

    def _guarantee(self, cleaned: str, result: Translation, glossary: Glossary | None = None) -> Translation:
        """Last line of defence: rephrase any term left bare and put back any fact that went missing."""
        glossary = glossary or self.glossary

        def plain(text: str) -> str:
            return plain_where_needed(text, glossary)

        result = result.model_copy(
            update={
                "summary": plain(result.summary),
                "impact": plain(result.impact),
                "options": [plain(o) for o in result.options],
                "decision": plain(result.decision) if result.decision else None,
            }
        )
        text = result.business_text()
        missing = check_facts(cleaned, text, glossary).missing
        missing += [w for _, w in grammar_facts(cleaned, glossary) if w not in text and w not in missing]
        if missing:
            log.info("facts not placed by the composer, listed at the end: %s", missing)
            kept = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
            end = "" if kept.endswith((".", "!", "?")) else "."  # "Dec." ends the sentence with its own stop
            result = result.model_copy(update={"impact": f"{result.impact} The update also mentions {kept}{end}".strip()})
        return result


BACKENDS = {"offline": OfflineTranslator}


def build_translator(glossary: Glossary, *, backend: str = "offline", retrieve: Retrieve | None = None, limit: int = MAX_UPDATE_CHARS,
                     cache_dir: Path | None = None, names: Iterable[str] = ()):
    """A translator by backend name (the LLM path wraps the result in Services, not here: bot/llm/translate.py)."""
    try:
        cls = BACKENDS[backend]
    except KeyError:
        raise InputError(f"Unknown translation backend {backend!r}. Use one of: {', '.join(sorted(BACKENDS))}.") from None
    return cls(glossary, retrieve=retrieve, limit=limit, cache_dir=cache_dir, names=names)
