"""Small constructors for Block Kit elements, each already within Slack's limits."""

from __future__ import annotations

from collections.abc import Iterable

from bot.slack.views import limits
from bot.slack.views.mrkdwn import plain, truncate


def section(text: str, block_id: str | None = None) -> dict:
    """A mrkdwn section; the caller has escaped `text` and kept it under the limit (it is cut if not)."""
    block = {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, limits.SECTION_TEXT) or " "}}
    if block_id:
        block["block_id"] = block_id[: limits.BLOCK_ID]
    return block


def sections(text: str) -> list[dict]:
    """As many mrkdwn sections as long text needs, split at natural boundaries."""
    return [section(piece) for piece in limits.split_text(text, limits.SECTION_TEXT)]


def header(text: str) -> dict:
    """A plain-text header, cut to 150 characters."""
    return {"type": "header", "text": {"type": "plain_text", "text": plain(text, limits.HEADER_TEXT) or " ", "emoji": True}}


def context(*texts: str) -> dict:
    """A context line (small grey text) of up to ten mrkdwn elements."""
    items = [t for t in texts if t][: limits.CONTEXT_ELEMENTS] or [" "]
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(t, limits.CONTEXT_TEXT)} for t in items]}


def contexts(texts: Iterable[str]) -> list[dict]:
    """Context blocks holding any number of lines, ten per block."""
    items = [t for t in texts if t]
    return [context(*items[i : i + limits.CONTEXT_ELEMENTS]) for i in range(0, len(items), limits.CONTEXT_ELEMENTS)]


def divider() -> dict:
    """A horizontal rule."""
    return {"type": "divider"}


def button(text: str, action_id: str, value: str = "", style: str | None = None) -> dict:
    """A button; `value` travels back in the action payload."""
    element = {
        "type": "button",
        "text": {"type": "plain_text", "text": plain(text, limits.BUTTON_TEXT), "emoji": True},
        "action_id": action_id[: limits.ACTION_ID],
    }
    if value:
        element["value"] = value[: limits.BUTTON_VALUE]
    if style:
        element["style"] = style
    return element


def actions(*elements: dict, block_id: str | None = None) -> dict:
    """A row of interactive elements."""
    block: dict = {"type": "actions", "elements": list(elements)[: limits.ACTIONS_ELEMENTS]}
    if block_id:
        block["block_id"] = block_id[: limits.BLOCK_ID]
    return block


def message(blocks: list[dict], text: str) -> list[limits.Message]:
    """Wrap blocks as one or more messages within the 50-block limit."""
    return limits.paginate(blocks, text)
