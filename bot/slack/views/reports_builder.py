"""Block Kit for the cadence reports (sprint review and retro, integration review, steering update), from their text."""

from __future__ import annotations

from bot.slack.views import limits
from bot.slack.views.blocks import context, header, message, sections
from bot.slack.views.mrkdwn import escape


def build_report(text: str, note: str | None = None) -> list[limits.Message]:
    """A report's text as Block Kit: its first line the header, a `note` (posted late) under it, each paragraph a section.

    The text renderers in bot/reports/render.py are the one wording of each report; Slack shows the same words.
    """
    lines = text.splitlines()
    title, body = (lines[0] if lines else "Report"), lines[1:]
    blocks: list[dict] = [header(title)] + ([context(f":hourglass: {escape(note)}")] if note else [])
    paragraphs: list[list[str]] = [[]]
    for line in body:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    for para in (p for p in paragraphs if p):
        shown = []
        for n, line in enumerate(para):
            item = line.lstrip()
            if line.startswith("  - "):
                shown.append("• " + escape(item[2:]))
            elif line.startswith("  "):
                shown.append("   " + escape(item))
            elif n == 0 and len(para) > 1 and para[1].startswith("  "):
                shown.append(f"*{escape(line)}*")
            else:
                shown.append(escape(line))
        blocks += sections("\n".join(shown))
    return message(blocks, title)
