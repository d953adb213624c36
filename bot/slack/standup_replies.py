"""Which Slack messages are stand-up replies: shared by the stand-up listener and the assistant panel (which leaves them alone)."""

from __future__ import annotations

import re

from bot.slack.deps import SlackDeps

_PLAIN = (None, "thread_broadcast", "file_share")  # replies people write; joins, bot posts and deletions are not
DM_PREFIX = re.compile(r"^\s*(?:stand-?up|update)\s*:\s*", re.I)


def reply_message(event: dict) -> dict | None:
    """The message a stand-up event carries: a new reply or the edited version; None for anything else."""
    if event.get("bot_id"):
        return None
    if event.get("subtype") == "message_changed":
        msg = event.get("message") or {}
        return None if msg.get("bot_id") else {**msg, "channel": event.get("channel", ""), "edited": True}
    if event.get("subtype") not in _PLAIN or not event.get("text"):
        return None
    return {**event, "edited": False}


def is_standup_reply(deps: SlackDeps, event: dict) -> bool:
    """True for replies in a stand-up prompt's thread, edits of them, and DMs that start with "standup:"."""
    msg = reply_message(event)
    if msg is None:
        return False
    engines = deps.engines
    thread = msg.get("thread_ts")
    if thread and thread != msg.get("ts") and engines.prompt_day(msg["channel"], thread) is not None:
        return True
    if msg["edited"] and engines.standup_reply_at(msg["channel"], msg.get("ts", "")) is not None:
        return True
    return event.get("channel_type") == "im" and bool(DM_PREFIX.match(msg.get("text", "")))
