"""Block Kit for 👍/👎 on an answer: Slack's native `feedback_buttons` (a `context_actions` block), or today's buttons."""

from __future__ import annotations

from bot.slack.views import limits
from bot.slack.views.blocks import actions, button

NATIVE_ACTION = "answer_feedback"
NATIVE_PREFIX = "answer_feedback:"
LEGACY_PREFIX = "feedback:"
_UP, _DOWN = "up", "down"


def build_native_feedback(answer_id: str) -> dict:
    """A context_actions block with one feedback_buttons element; each button's value carries the vote and the answer id."""

    def side(text: str, label: str, vote: str) -> dict:
        return {"text": {"type": "plain_text", "text": text, "emoji": True}, "accessibility_label": label, "value": f"{vote}:{answer_id}"[: limits.BUTTON_VALUE]}

    return {
        "type": "context_actions",
        "block_id": f"{NATIVE_PREFIX}{answer_id}"[: limits.BLOCK_ID],
        "elements": [
            {
                "type": "feedback_buttons",
                "action_id": NATIVE_ACTION,
                "positive_button": side("Helpful", "This answer was helpful", _UP),
                "negative_button": side("Not helpful", "This answer was not helpful", _DOWN),
            }
        ],
    }


def build_legacy_feedback(answer_id: str) -> dict:
    """Today's 👍/👎 buttons, for where Slack refuses the native element."""
    return actions(
        button(":thumbsup: Helpful", "feedback_up", answer_id),
        button(":thumbsdown: Not helpful", "feedback_down", answer_id),
        block_id=f"{LEGACY_PREFIX}{answer_id}",
    )


def parse_native_value(value: str) -> tuple[str, str] | None:
    """(vote, answer_id) from a feedback button's value, or None when it is not one of ours."""
    vote, sep, answer_id = (value or "").partition(":")
    if not sep or vote not in (_UP, _DOWN) or not answer_id:
        return None
    return vote, answer_id


def has_native_feedback(messages: list[limits.Message]) -> bool:
    """True when any message carries the native feedback block."""
    return any(b.get("type") == "context_actions" for m in messages for b in m.get("blocks", []))


def to_legacy_feedback(messages: list[limits.Message]) -> list[limits.Message]:
    """The same messages with each native feedback block replaced by today's buttons (Slack refused the native one)."""
    out = []
    for msg in messages:
        blocks = []
        for block in msg.get("blocks", []):
            if block.get("type") == "context_actions" and str(block.get("block_id", "")).startswith(NATIVE_PREFIX):
                blocks.append(build_legacy_feedback(block["block_id"][len(NATIVE_PREFIX):]))
            else:
                blocks.append(block)
        out.append({**msg, "blocks": blocks})
    return out


def feedback_answer_id(messages: list[limits.Message]) -> str:
    """The answer id a message's feedback control carries (empty when it has none)."""
    for msg in messages:
        for block in msg.get("blocks", []):
            block_id = str(block.get("block_id", ""))
            for prefix in (NATIVE_PREFIX, LEGACY_PREFIX):
                if block_id.startswith(prefix):
                    return block_id[len(prefix):]
    return ""
