"""The checks every Translation must pass, whichever backend wrote it (rules now, an LLM later)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.jargon import find_unexplained
from bot.translate.clean import prepare
from bot.understand.facts import check_facts
from bot.translate.model import Translation

if TYPE_CHECKING:
    from knowledge.glossary import Glossary


def translation_problems(source: str, translation: Translation, glossary: "Glossary") -> list[str]:
    """What is wrong with a translation of `source`, one plain line each; empty when it passes.

    Facts: every number, date, id, version and name of the update appears unchanged, and no number is added.
    Jargon: no glossary term is left unexplained in summary, impact, options or decision.
    """
    cleaned = prepare(source, limit=max(len(source), 1))
    problems = []
    report = check_facts(cleaned, translation.business_text(), glossary)
    problems += [f"fact missing: {fact}" for fact in report.missing]
    problems += [f"number not in the update: {number}" for number in report.added]
    for field, text in (("summary", translation.summary), ("impact", translation.impact), ("decision", translation.decision or "")):
        problems += [f"unexplained jargon in {field}: {hit.surface}" for hit in find_unexplained(text, glossary)]
    for n, option in enumerate(translation.options, 1):
        problems += [f"unexplained jargon in option {n}: {hit.surface}" for hit in find_unexplained(option, glossary)]
    if translation.decision and not translation.options:
        problems.append("a decision is asked for without the options to choose from")
    return problems
