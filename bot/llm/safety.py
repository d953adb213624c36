"""Untrusted text kept as data: delimited in prompts, and model output kept from pinging people or leaking the prompt."""

from __future__ import annotations

import html
import re

# Tags the prompts use to fence untrusted text; the same words inside that text are neutralised so it cannot close them.
_FENCE = re.compile(r"<\s*(/?)\s*(passage|question|history|update|terms|draft|records|system|user)\b", re.I)
_BROADCAST = re.compile(r"<!(?:here|channel|everyone)(?:\|[^>]*)?>|<!subteam\^[^>]*>|(?<![\w@])@(?:here|channel|everyone)\b", re.I)
_MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
_SPACES = re.compile(r"[ \t]{2,}")
_ORPHAN = re.compile(r"[ \t]*,?[ \t]+([,.;:!?])")  # punctuation left alone where a ping was removed
_LINE = re.compile(r"[^\n]{24,}")
# Links as Slack, Markdown or plain text carry them: <url|label>, <url>, [label](url), and bare addresses; one pattern,
# so a link that is kept is not looked at again as a bare address.
_LINK = re.compile(
    r"<(?P<slack>(?:[a-z][a-z0-9+.-]*:|www\.)[^|>\s]*)(?:\|(?P<slack_label>[^>]*))?>"
    r"|\[(?P<md_label>[^\]\n]*)\]\(\s*(?P<md>[^)\s]+)\s*\)"
    r"|(?<![\w/])(?P<bare>(?:(?:https?|ftp|javascript|data|mailto|file):|www\.)[^\s<>()\[\]|]+)",
    re.I,
)
_TRAILING = ".,;:!?'\""


def fence(text: str) -> str:
    """Untrusted text made safe to put between the prompt's tags: it cannot open or close one."""
    return _FENCE.sub(lambda m: f"&lt;{m.group(1)}{m.group(2)}", text or "")


def passage(pid: str, label: str, text: str) -> str:
    """One retrieved passage as the prompts delimit it."""
    return f'<passage id="{html.escape(pid, quote=True)}" source="{html.escape(label, quote=True)}">\n{fence(text)}\n</passage>'


def links_in(text: str) -> set[str]:
    """Every link address in a text (Slack, Markdown or bare), trailing punctuation left off."""
    found = {(m.group("slack") or m.group("md") or m.group("bare")).rstrip(_TRAILING) for m in _LINK.finditer(text or "")}
    return {u for u in found if u}


def unlink(text: str, sources: str = "") -> str:
    """Model output without links, except those the sources it was given carry; a removed link leaves its label."""
    allowed = links_in(sources)

    def replace(m: re.Match) -> str:
        url = m.group("slack") or m.group("md") or m.group("bare")
        core = url.rstrip(_TRAILING)
        if core in allowed:
            return m.group(0)
        if m.group("bare"):
            return url[len(core):]  # keep the sentence's own punctuation
        return (m.group("slack_label") or m.group("md_label") or "").strip()

    return _LINK.sub(replace, text)


def defuse(text: str, allowed_mentions: str = "", sources: str = "") -> str:
    """Model output that cannot notify anyone or send them elsewhere: no @channel/@here/@everyone, no user mention
    the input did not carry, and no link that is not among the `sources` the model was given."""
    text = unlink(text, sources)
    text = _BROADCAST.sub("", text)
    text = _MENTION.sub(lambda m: m.group(0) if m.group(0) in allowed_mentions else "someone", text)
    text = _SPACES.sub(" ", text)
    return _ORPHAN.sub(r"\1", text).strip()


def leaks(text: str, system: str) -> bool:
    """True when the output repeats a line of the system prompt (the instructions are never revealed)."""
    low = " ".join(text.lower().split())
    for line in _LINE.findall(system):
        piece = " ".join(line.lower().split())
        # Strip the list number so "1. Everything inside..." is caught without it too.
        piece = re.sub(r"^\d+\.\s*", "", piece)
        if len(piece) >= 24 and piece[:60] in low:
            return True
    return False
