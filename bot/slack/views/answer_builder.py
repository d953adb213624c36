"""Block Kit for a grounded answer: the answer, numbered citations, record evidence, a context line, feedback."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.slack.views import limits
from bot.slack.views.blocks import context, divider, section, sections
from bot.slack.views.feedback_builder import build_legacy_feedback, build_native_feedback
from bot.slack.views.mrkdwn import escape, truncate
from knowledge.types import Citation

if TYPE_CHECKING:
    from bot.answer.model import Answer

MAX_CITATIONS = 8
QUOTE_CHARS = 600
NOT_COVERED = "The BoK does not cover this."


def citation_label(citation: Citation | dict) -> str:
    """Module · Article · Section for a Citation (a dict is read as one): the Citation's own label."""
    if isinstance(citation, dict):
        citation = Citation.model_validate(citation)
    return citation.label()


def citation_block(number: int, citation: Citation) -> dict:
    """One numbered citation: its label in bold and the quoted snippet."""
    quote = " ".join(citation.quote.split())
    text = f"*[{number}]* {escape(citation_label(citation))}"
    if quote:
        text += "\n>" + escape(truncate(quote, QUOTE_CHARS))
    return section(text)


def build_answer(
    answer: "Answer", *, answer_id: str = "", context_line: str = "", feedback: bool = True, native: bool = True
) -> list[limits.Message]:
    """Messages for an Answer: text, sources, record evidence, context line and 👍/👎 (on the last message).

    `native` picks Slack's own feedback_buttons; False keeps the plain buttons (ephemeral replies, or where refused).
    """
    text = answer.answer.strip()
    abstained = answer.abstained
    blocks = answer_text_blocks(answer) + source_blocks(answer)
    tail = closing_blocks(answer, answer_id=answer_id, context_line=context_line, feedback=feedback, native=native)
    fallback = (f"{NOT_COVERED} " if abstained else "") + text
    return limits.paginate(blocks + tail, fallback or NOT_COVERED, keep_last=len(tail))


def answer_text_blocks(answer: "Answer") -> list[dict]:
    """The answer's own text as sections (a "not covered" line first when the engine abstained)."""
    text = answer.answer.strip()
    if answer.abstained:
        blocks = [section(f":grey_question: *{NOT_COVERED}*")]
        if text and text.rstrip(".").lower() != NOT_COVERED.rstrip(".").lower():
            blocks += sections(escape(text))
        return blocks
    return sections(escape(text) or "_(no answer text)_")


def source_blocks(answer: "Answer") -> list[dict]:
    """Numbered citations: BoK sources, then record evidence from the program."""
    citations = answer.citations[:MAX_CITATIONS]
    knowledge = [(i, c) for i, c in enumerate(citations, 1) if c.kind != "record"]
    records = [(i, c) for i, c in enumerate(citations, 1) if c.kind == "record"]
    blocks: list[dict] = []
    if knowledge:
        blocks += [divider(), section("*Sources*")] + [citation_block(i, c) for i, c in knowledge]
    if records:
        blocks += [divider(), section("*Record evidence*")] + [citation_block(i, c) for i, c in records]
    return blocks


def closing_blocks(answer: "Answer", *, answer_id: str = "", context_line: str = "", feedback: bool = True, native: bool = True) -> list[dict]:
    """The context line and the feedback control that end an answer."""
    line = context_line or answer.context
    tail = [context(":compass: " + escape(line))] if line else []
    if feedback and answer_id:
        tail.append(build_native_feedback(answer_id) if native else build_legacy_feedback(answer_id))
    return tail


def build_feedback_thanks(vote: str) -> dict:
    """The context line that replaces the 👍/👎 buttons once someone has voted."""
    word = "helpful" if vote == "up" else "not helpful"
    return context(f":white_check_mark: Thanks, your feedback ({word}) was recorded with the question.")
