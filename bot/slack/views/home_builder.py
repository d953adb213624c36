"""Block Kit for App Home: the program at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.slack.views import limits
from bot.slack.views.blocks import context, divider, header, section
from bot.slack.views.common_builder import HELP_LINES
from bot.slack.views.mrkdwn import channel_link, escape
from bot.slack.views.oversight_builder import debt_line, finding_blocks, status_blocks

if TYPE_CHECKING:
    from bot.oversight.findings import Finding
    from bot.oversight.status import ProgramStatus
    from bot.oversight.debt_view import RegisterRow
    from bot.standup.schedule import NextStandup

HOME_FINDINGS = 8
HOME_DEBT = 12


def build_home(
    program: str | None,
    *,
    status: "ProgramStatus | None" = None,
    risks: "list[Finding] | None" = None,
    debt: "list[RegisterRow] | None" = None,
    next_standup: "NextStandup | None" = None,
    problems: list[str] | None = None,
) -> dict:
    """The Home tab view: status by workstream and stage, open risks, the debt register (its rows), the next stand-up."""
    blocks: list[dict] = [header("compel-bot")]
    if program is None:
        blocks.append(section("No program is linked yet. Once the program's records are loaded, an admin can run `/compel link PROGRAM` in its channel, or whoever runs the bot can give it a default program."))
    else:
        name = status.name if status is not None and status.name else program  # the id only when the status is unavailable
        blocks.append(section(f"*Program:* {escape(name)}"))
        if status is not None:
            blocks += [divider(), *status_blocks(status, compact=True)]
        if risks is not None:
            blocks += [divider(), section(f"*Open risk signals* ({len(risks)})")]
            if not risks:
                blocks.append(section(":large_green_circle: None right now."))
            for f in risks[:HOME_FINDINGS]:
                blocks += finding_blocks(f, brief=True)
            if len(risks) > HOME_FINDINGS:
                blocks.append(context(f"…and {len(risks) - HOME_FINDINGS} more: `/compel risks`"))
        if debt is not None:
            open_items = [d for d in debt if d.status == "open"]
            blocks += [divider(), section(f"*Debt register* ({len(open_items)} open)")]
            lines = [debt_line(d) for d in open_items[:HOME_DEBT]] or ["The debt register has no open items."]
            blocks.append(section("\n".join(lines)))  # section() cuts at the limit without splitting an &entity;
        # The channel is linked from its Slack id only (channel_link); the time is words, escaped like any text.
        when = f"{escape(next_standup.when)} in {channel_link(next_standup.channel)}" if next_standup else "none scheduled"
        blocks += [divider(), section(f":calendar: *Next stand-up:* {when}")]
    if problems:
        blocks.append(context(*[f":warning: {escape(p)}" for p in problems]))
    names = dict.fromkeys(c.split()[0] for c, _ in HELP_LINES)
    blocks += [divider(), context("Commands: " + ", ".join(f"`/compel {n}`" for n in names))]
    if len(blocks) > limits.VIEW_BLOCKS:
        blocks = blocks[: limits.VIEW_BLOCKS - 1] + [context("(more in `/compel status`)")]
    return {"type": "home", "blocks": blocks}
