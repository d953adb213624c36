"""Block Kit for a Translation: the business reading of an engineer's update, the glossary folded below it."""

from __future__ import annotations

from typing import Any

from bot.slack.views import limits
from bot.slack.views.answer_builder import citation_label
from bot.slack.views.blocks import context, contexts, divider, field, header, section, sections
from bot.slack.views.mrkdwn import escape, truncate

MAX_TERMS = 40


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def build_translation(translation: Any, *, title: str = "For stakeholders") -> list[limits.Message]:
    """Summary, impact, options, decision; then pillars/category/stage; then the glossary of terms used."""
    summary = str(field(translation, "summary", "")).strip()
    blocks: list[dict] = [header(title)]
    blocks += sections(escape(summary) or "_(nothing to translate)_")
    impact = str(field(translation, "impact", "") or "").strip()
    if impact:
        blocks += sections("*What it means:* " + escape(impact))
    options = _as_list(field(translation, "options"))
    if options:
        blocks += sections("*Options:*\n" + "\n".join(f"• {escape(o)}" for o in options))
    decision = field(translation, "decision")
    if decision:
        blocks += sections(":scales: *Decision needed:* " + escape(decision))

    tags = []
    if field(translation, "category"):
        tags.append(f"*Category:* {escape(field(translation, 'category')).replace('_', ' ')}")
    pillars = _as_list(field(translation, "pillars"))
    if pillars:
        tags.append("*Pillars:* " + ", ".join(escape(p) for p in pillars))
    if field(translation, "stage"):
        tags.append(f"*Stage:* {escape(field(translation, 'stage')).replace('_', ' ')}")
    cites = list(field(translation, "citations", []) or [])[:3]
    tags += [f"BoK: {escape(citation_label(c))}" for c in cites]
    note = str(field(translation, "note", "") or "").strip()  # e.g. "produced offline (the model timed out)"
    if note:
        tags.append(f"_{escape(note)}_")
    if tags:
        blocks.append(context(*tags))

    terms = list(field(translation, "terms", []) or [])[:MAX_TERMS]
    if terms:
        blocks += [divider(), context(":books: *Terms used*")]
        lines = [f"*{escape(field(t, 'term', ''))}*: {escape(truncate(str(field(t, 'meaning', '')), 280))}" for t in terms]
        blocks += contexts(lines)
    return limits.paginate(blocks, summary or "Translation")
