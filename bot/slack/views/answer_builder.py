"""Block Kit for a grounded answer: the answer, numbered citations, record evidence, a context line, feedback."""

from __future__ import annotations

from typing import Any

from bot.slack.views import limits
from bot.slack.views.blocks import actions, button, context, divider, field, section, sections
from bot.slack.views.mrkdwn import escape, truncate
from knowledge.types import Citation

MAX_CITATIONS = 8
QUOTE_CHARS = 600
NOT_COVERED = "The BoK does not cover this."


def citation_label(citation: Any) -> str:
    """Module · Article · Section for a Citation (a dict is read as one): the Citation's own label."""
    if isinstance(citation, dict):
        citation = Citation.model_validate(citation)
    return citation.label()


def citation_block(number: int, citation: Any) -> dict:
    """One numbered citation: its label in bold and the quoted snippet."""
    quote = " ".join(str(field(citation, "quote", "")).split())
    text = f"*[{number}]* {escape(citation_label(citation))}"
    if quote:
        text += "\n>" + escape(truncate(quote, QUOTE_CHARS))
    return section(text)


def build_answer(answer: Any, *, answer_id: str = "", context_line: str = "", feedback: bool = True) -> list[limits.Message]:
    """Messages for an Answer: text, sources, record evidence, context line and 👍/👎 (on the last message)."""
    text = str(field(answer, "answer", "")).strip()
    abstained = bool(field(answer, "abstained", False))
    citations = list(field(answer, "citations", []) or [])[:MAX_CITATIONS]

    blocks: list[dict] = []
    if abstained:
        blocks.append(section(f":grey_question: *{NOT_COVERED}*"))
        if text and text.rstrip(".").lower() != NOT_COVERED.rstrip(".").lower():
            blocks += sections(escape(text))
    else:
        blocks += sections(escape(text) or "_(no answer text)_")

    knowledge = [(i, c) for i, c in enumerate(citations, 1) if field(c, "kind", "bok") != "record"]
    records = [(i, c) for i, c in enumerate(citations, 1) if field(c, "kind", "bok") == "record"]
    if knowledge:
        blocks += [divider(), section("*Sources*")] + [citation_block(i, c) for i, c in knowledge]
    if records:
        blocks += [divider(), section("*Record evidence*")] + [citation_block(i, c) for i, c in records]

    line = context_line or str(field(answer, "context", "") or "")
    tail = [context(":compass: " + escape(line))] if line else []
    if feedback and answer_id:
        tail.append(
            actions(
                button(":thumbsup: Helpful", "feedback_up", answer_id),
                button(":thumbsdown: Not helpful", "feedback_down", answer_id),
                block_id=f"feedback:{answer_id}",
            )
        )
    fallback = (f"{NOT_COVERED} " if abstained else "") + text
    return limits.paginate(blocks + tail, fallback or NOT_COVERED, keep_last=len(tail))


def build_feedback_thanks(vote: str) -> dict:
    """The context line that replaces the 👍/👎 buttons once someone has voted."""
    word = "helpful" if vote == "up" else "not helpful"
    return context(f":white_check_mark: Thanks, your feedback ({word}) was recorded with the question.")
