"""Make text safe to echo into Slack: escape control characters, defuse broadcasts and smuggled mentions."""

from __future__ import annotations

import re
from typing import Any

from store.models import is_web_link

# A word joiner after "@" keeps the text readable while Slack can no longer turn it into a broadcast.
_WJ = "\u2060"
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
# What Slack would parse as a notification: <!here>, <!channel>, <!subteam^S1>, and a mention that is not exactly a
# Slack id (a view's `mention` and `channel_link` make only those: everything from users, records or a model is escaped).
_SPECIAL = re.compile(r"<(!|@(?![UW][A-Z0-9]{2,}>))")


def escape(text: object) -> str:
    """Escape &, < and > (Slack's control characters) and defuse @channel/@here/@everyone."""
    s = "" if text is None else str(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: "@" + _WJ + m.group(1), s)


_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")


def mention(who: object) -> str:
    """'<@U0123ABC>' for a Slack user id; a name from the records ('Ulla Berg') as escaped text, never a mention."""
    s = "" if who is None else str(who)
    return f"<@{s}>" if _USER_ID.fullmatch(s) else escape(s)


def channel_link(channel: object) -> str:
    """'<#C0123ABC>' for a Slack channel id; anything else as escaped text, never markup."""
    s = "" if channel is None else str(channel)
    return f"<#{s}>" if _CHANNEL_ID.fullmatch(s) else escape(s)


def link(url: str | None, label: object) -> str:
    """A mrkdwn link to a plain http(s) url; the escaped label alone for anything else (nothing stored can add markup)."""
    if not url or not is_web_link(url):
        return escape(label)
    safe = url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
    return f"<{safe}|{escape(label)}>"


def unescape(text: str) -> str:
    """Undo `escape` for display outside Slack (the console)."""
    return text.replace(_WJ, "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain(text: object, limit: int | None = None) -> str:
    """Text for plain_text fields: no escaping needed there, only broadcasts defused and length capped."""
    s = _BROADCAST.sub(lambda m: "@" + _WJ + m.group(1), "" if text is None else str(text))
    return truncate(s, limit) if limit else s


def truncate(text: str, limit: int) -> str:
    """Cut text to at most `limit` characters, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    # Never leave half an escape sequence (&am...) at the cut.
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:] and len(cut) - amp < 6:
        cut = cut[:amp]
    return cut.rstrip() + "…"


def defuse(payload: Any) -> Any:
    """Last guard before posting: no string in the payload may carry a live mention or broadcast."""
    if isinstance(payload, str):
        s = _SPECIAL.sub(lambda m: "&lt;" + m.group(1), payload)
        return _BROADCAST.sub(lambda m: "@" + _WJ + m.group(1), s)
    if isinstance(payload, dict):
        return {k: defuse(v) for k, v in payload.items()}
    if isinstance(payload, list):
        return [defuse(v) for v in payload]
    return payload


def strip_mentions(text: str) -> str:
    """Remove the bot's (and anyone's) <@U…> mentions from a question before it reaches an engine."""
    return re.sub(r"[ \t]{2,}", " ", re.sub(r"<@[A-Z0-9]+(\|[^>]*)?>", " ", text or "")).strip()


def slack_to_plain(text: str) -> str:
    """Turn Slack-formatted input into plain text: <url|label> -> label, entities unescaped."""
    s = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2", text or "")
    s = re.sub(r"<(https?://[^>]+)>", r"\1", s)
    s = re.sub(r"<#[A-Z0-9]+\|([^>]+)>", r"#\1", s)
    s = re.sub(r"<!(channel|here|everyone)>", r"@\1", s)
    s = re.sub(r"<!subteam\^[A-Z0-9]+(\|([^>]+))?>", r"\2", s)
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
