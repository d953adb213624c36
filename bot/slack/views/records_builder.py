"""Block Kit for records kept from Slack: what was written, in the lines the engine worded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.slack.views import limits
from bot.slack.views.blocks import section
from bot.slack.views.mrkdwn import escape

if TYPE_CHECKING:
    from bot.oversight.record_actions import RecordWritten


def build_record_written(done: "RecordWritten") -> list[limits.Message]:
    """Confirmation of a write: its first line as the headline, the rest (reason, escalation) below."""
    lines = [str(line) for line in done.lines] or [f"Saved {done.id}."]
    body = ":heavy_plus_sign: " + escape(lines[0]) + ("\n" + "\n".join(escape(x) for x in lines[1:]) if len(lines) > 1 else "")
    return limits.paginate([section(body)], lines[0])
