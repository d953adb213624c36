"""Block Kit for a Translation: the business reading of an engineer's update, the glossary folded below it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.slack.views import limits
from bot.slack.views.answer_builder import citation_label
from bot.slack.views.blocks import context, contexts, divider, header, sections
from bot.slack.views.mrkdwn import escape, truncate

if TYPE_CHECKING:
    from bot.translate.model import Translation

MAX_TERMS = 40


def build_translation(translation: "Translation", *, title: str = "For stakeholders") -> list[limits.Message]:
    """Summary, impact, options, decision; then pillars/category/stage; then the glossary of terms used."""
    summary = translation.summary.strip()
    blocks: list[dict] = [header(title)]
    blocks += sections(escape(summary) or "_(nothing to translate)_")
    impact = translation.impact.strip()
    if impact:
        blocks += sections("*What it means:* " + escape(impact))
    options = translation.options
    if options:
        blocks += sections("*Options:*\n" + "\n".join(f"• {escape(o)}" for o in options))
    decision = translation.decision
    if decision:
        blocks += sections(":scales: *Decision needed:* " + escape(decision))

    tags = []
    if translation.category:
        tags.append(f"*Category:* {escape(translation.category).replace('_', ' ')}")
    pillars = translation.pillars
    if pillars:
        tags.append("*Pillars:* " + ", ".join(escape(p) for p in pillars))
    if translation.stage:
        tags.append(f"*Stage:* {escape(translation.stage).replace('_', ' ')}")
    cites = translation.citations[:3]
    tags += [f"BoK: {escape(citation_label(c))}" for c in cites]
    # Only the LLM path's NotedTranslation carries a note (e.g. "produced offline (the model timed out)").
    note = str(getattr(translation, "note", "")).strip()
    if note:
        tags.append(f"_{escape(note)}_")
    if tags:
        blocks.append(context(*tags))

    terms = translation.terms[:MAX_TERMS]
    if terms:
        blocks += [divider(), context(":books: *Terms used*")]
        lines = [f"*{escape(t.term)}*: {escape(truncate(t.meaning, 280))}" for t in terms]
        blocks += contexts(lines)
    return limits.paginate(blocks, summary or "Translation")
