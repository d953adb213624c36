"""Block Kit as readable terminal text (for the console): rich markup from Slack's mrkdwn."""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.markup import escape as rich_escape

from bot.slack.views.mrkdwn import unescape

_EMOJI = {
    ":thumbsup:": "👍", ":thumbsdown:": "👎", ":hourglass_flowing_sand:": "⏳", ":hourglass:": "⌛", ":grey_question:": "❔",
    ":compass:": "🧭", ":warning:": "⚠️", ":mega:": "📣", ":books:": "📚", ":scales:": "⚖️", ":link:": "🔗",
    ":no_entry:": "⛔", ":information_source:": "ℹ️", ":red_circle:": "🔴", ":large_orange_circle:": "🟠",
    ":large_yellow_circle:": "🟡", ":large_green_circle:": "🟢", ":white_circle:": "⚪", ":white_check_mark:": "✅",
    ":x:": "❌", ":wrench:": "🔧", ":rotating_light:": "🚨", ":heavy_plus_sign:": "➕", ":calendar:": "📅", ":wave:": "👋",
}


def emoji(text: str) -> str:
    """Slack :shortcodes: as Unicode emoji where known."""
    return re.sub(r":[a-z0-9_+-]+:", lambda m: _EMOJI.get(m.group(0), m.group(0)), text)


# What Slack draws as a link, drawn as text: a channel or a person by id (or label), a web link as its label and url.
# Only live markup matches: text a view escaped (&lt;#C1&gt;) is shown as typed.
_ID_LINK = re.compile(r"<([#@])([A-Z0-9]{2,})(?:\|([^<>]*))?>")
_WEB_LINK = re.compile(r"<(https?://[^|<>]+)\|([^<>]+)>")


def links(text: str) -> str:
    """'<#C0AB>' -> '#C0AB', '<@U0AB>' -> '@U0AB', '<https://x|said>' -> 'said (https://x)'."""
    s = _ID_LINK.sub(lambda m: m.group(1) + (m.group(3) or m.group(2)), text)
    return _WEB_LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", s)


def mrkdwn(text: str) -> str:
    """Slack mrkdwn -> rich markup: *bold*, _italic_, `code`, > quotes, links as text; entities unescaped."""
    s = rich_escape(emoji(unescape(links(text))))
    s = re.sub(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])", r"[bold]\1[/bold]", s)
    s = re.sub(r"(?<![\w_])_(?!\s)([^_\n]+?)_(?![\w_])", r"[italic]\1[/italic]", s)
    s = re.sub(r"`([^`\n]+)`", r"[cyan]\1[/cyan]", s)
    return "\n".join(("[dim]│[/dim] " + line[1:].lstrip()) if line.startswith(">") else line for line in s.split("\n"))


def render_blocks(blocks: list[dict], button: Callable[[dict], int] | None = None) -> list[str]:
    """Lines of rich markup for a list of blocks; `button` numbers each button so the console can press it."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(f"[bold underline]{rich_escape(emoji(block['text']['text']))}[/bold underline]")
        elif kind == "section":
            if "text" in block:
                lines.append(mrkdwn(block["text"]["text"]))
            lines += [mrkdwn(f["text"]) for f in block.get("fields", [])]
        elif kind == "context":
            lines.append("[dim]" + "  ".join(mrkdwn(e.get("text", "")) for e in block.get("elements", [])) + "[/dim]")
        elif kind == "divider":
            lines.append("[dim]" + "─" * 40 + "[/dim]")
        elif kind == "actions":
            labels = []
            for e in block.get("elements", []):
                if e.get("type") == "button":
                    n = button(e) if button else 0
                    labels.append(f"[reverse] {n} [/reverse] {rich_escape(emoji(e['text']['text']))}")
            if labels:
                lines.append("   ".join(labels))
        elif kind == "context_actions":
            labels = []
            for e in block.get("elements", []):
                if e.get("type") != "feedback_buttons":
                    continue
                for side, icon in (("positive_button", "👍"), ("negative_button", "👎")):
                    # each side is pressed on its own, like a button carrying the side's value
                    sub = e.get(side) or {}
                    pseudo = {"type": "button", "action_id": e.get("action_id", ""), "value": sub.get("value", ""), "text": sub.get("text", {})}
                    n = button(pseudo) if button else 0
                    labels.append(f"[reverse] {n} [/reverse] {icon} {rich_escape(emoji(sub.get('text', {}).get('text', '')))}")
            if labels:
                lines.append("   ".join(labels))
    return lines
