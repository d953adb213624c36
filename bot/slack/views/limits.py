"""Slack's Block Kit limits, a checker for them, and helpers that split content to stay inside."""

from __future__ import annotations

import re
from typing import Any

SECTION_TEXT = 3000
FIELD_TEXT = 2000
FIELDS = 10
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 3000
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ACTION_ID = 255
BLOCK_ID = 255
ACTIONS_ELEMENTS = 25
CONTEXT_ACTIONS_ELEMENTS = 5  # context_actions: feedback_buttons and icon_button elements
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
FALLBACK_TEXT = 3000  # `text` may be far longer, but notifications and screen readers want it short

Message = dict[str, Any]


def split_text(text: str, limit: int = SECTION_TEXT) -> list[str]:
    """Split text into pieces of at most `limit` chars, at paragraph, line, sentence or word boundaries."""
    text = text.strip()
    if not text:
        return []
    pieces: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = -1
        for pattern in (r"\n\n", r"\n", r"(?<=[.!?])\s", r"\s"):
            found = [m.end() for m in re.finditer(pattern, window) if m.end() > limit // 3]
            if found:
                cut = found[-1]
                break
        if cut <= 0:
            cut = limit
            amp = window.rfind("&", limit - 6)
            if amp > 0:  # keep escape entities (&amp; &lt;) whole
                cut = amp
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def paginate(blocks: list[dict], text: str, limit: int = MESSAGE_BLOCKS, keep_last: int = 0) -> list[Message]:
    """Spread blocks over as many messages as needed; the last `keep_last` blocks stay on the final one."""
    tail = blocks[len(blocks) - keep_last :] if keep_last else []
    body = blocks[: len(blocks) - keep_last] if keep_last else list(blocks)
    pages: list[list[dict]] = []
    while body:
        room = limit - (len(tail) if len(body) <= limit - len(tail) else 0)
        pages.append(body[:room])
        body = body[room:]
    if not pages:
        pages.append([])
    pages[-1] = pages[-1] + tail
    if len(pages[-1]) > limit:  # the tail did not fit beside the last page
        pages.append(pages[-1][limit:])
        pages[-2] = pages[-2][:limit]
    from bot.slack.views.mrkdwn import escape, truncate

    # `text` is the notification and screen-reader fallback: Slack parses it too, so it is escaped like the blocks.
    fallback = truncate(escape(text), FALLBACK_TEXT)
    return [{"text": fallback if i == 0 else f"{truncate(fallback, 200)} (continued)", "blocks": page} for i, page in enumerate(pages)]


def _text_len(obj: dict | None) -> int:
    return len((obj or {}).get("text", ""))


def check_block(block: dict) -> list[str]:
    """Problems with one block, as readable strings (empty when it is within every limit)."""
    kind = block.get("type")
    errors: list[str] = []
    if len(block.get("block_id", "")) > BLOCK_ID:
        errors.append("block_id too long")
    if kind == "section":
        if "text" not in block and "fields" not in block:
            errors.append("section without text or fields")
        if _text_len(block.get("text")) > SECTION_TEXT:
            errors.append(f"section text {_text_len(block.get('text'))} > {SECTION_TEXT}")
        if "text" in block and not block["text"].get("text", "").strip():
            errors.append("section text is empty")
        fields = block.get("fields", [])
        if len(fields) > FIELDS:
            errors.append(f"{len(fields)} fields > {FIELDS}")
        errors += [f"field {_text_len(f)} > {FIELD_TEXT}" for f in fields if _text_len(f) > FIELD_TEXT]
        if "accessory" in block:
            errors += _check_element(block["accessory"])
    elif kind == "header":
        n = _text_len(block.get("text"))
        if block.get("text", {}).get("type") != "plain_text" or not 0 < n <= HEADER_TEXT:
            errors.append(f"header must be plain_text of 1..{HEADER_TEXT} chars (got {n})")
    elif kind == "context":
        elements = block.get("elements", [])
        if not 0 < len(elements) <= CONTEXT_ELEMENTS:
            errors.append(f"context with {len(elements)} elements (1..{CONTEXT_ELEMENTS})")
        errors += [f"context text {_text_len(e)} > {CONTEXT_TEXT}" for e in elements if _text_len(e) > CONTEXT_TEXT]
        errors += ["context text is empty" for e in elements if e.get("type") in ("mrkdwn", "plain_text") and not e.get("text")]
    elif kind == "actions":
        elements = block.get("elements", [])
        if not 0 < len(elements) <= ACTIONS_ELEMENTS:
            errors.append(f"actions with {len(elements)} elements (1..{ACTIONS_ELEMENTS})")
        for e in elements:
            errors += _check_element(e)
    elif kind == "context_actions":
        elements = block.get("elements", [])
        if not 0 < len(elements) <= CONTEXT_ACTIONS_ELEMENTS:
            errors.append(f"context_actions with {len(elements)} elements (1..{CONTEXT_ACTIONS_ELEMENTS})")
        for e in elements:
            if e.get("type") not in ("feedback_buttons", "icon_button"):
                errors.append(f"context_actions cannot hold a {e.get('type')!r} element")
            errors += _check_element(e)
    elif kind != "divider":
        errors.append(f"unexpected block type {kind!r}")
    return errors


def _check_element(element: dict) -> list[str]:
    errors = []
    if element.get("type") == "button":
        if not 0 < _text_len(element.get("text")) <= BUTTON_TEXT:
            errors.append(f"button text must be 1..{BUTTON_TEXT} chars")
        if len(element.get("value", "")) > BUTTON_VALUE:
            errors.append(f"button value > {BUTTON_VALUE}")
    if element.get("type") == "feedback_buttons":
        for side in ("positive_button", "negative_button"):
            sub = element.get(side) or {}
            if not 0 < _text_len(sub.get("text")) <= BUTTON_TEXT:
                errors.append(f"{side} text must be 1..{BUTTON_TEXT} chars")
            if not 0 < len(sub.get("value", "")) <= BUTTON_VALUE:
                errors.append(f"{side} value must be 1..{BUTTON_VALUE} chars")
    if len(element.get("action_id", "")) > ACTION_ID:
        errors.append("action_id too long")
    return errors


def check_message(message: Message, max_blocks: int = MESSAGE_BLOCKS) -> list[str]:
    """Problems with a whole message (or view): block count, fallback text, then each block."""
    blocks = message.get("blocks", [])
    errors = []
    if len(blocks) > max_blocks:
        errors.append(f"{len(blocks)} blocks > {max_blocks}")
    if "text" in message and len(message["text"]) > 40000:
        errors.append("fallback text > 40000")
    ids = [b["block_id"] for b in blocks if "block_id" in b]
    if len(ids) != len(set(ids)):
        errors.append("duplicate block_id")
    for i, block in enumerate(blocks):
        errors += [f"block {i}: {e}" for e in check_block(block)]
    return errors
