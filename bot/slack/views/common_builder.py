"""Block Kit shared by every command: help, refusals, errors, the working notice and the share button."""

from __future__ import annotations

from bot.slack.views import limits
from bot.slack.views.blocks import actions, button, context, header, section
from bot.slack.views.mrkdwn import escape, truncate

HELP_LINES = [
    ("ask QUESTION", "answer from the BoK and this channel's program records, with citations"),
    ("translate TEXT", "an engineer's update in business language, with a glossary"),
    ("questions [USE_CASE|STAGE]", "the questions to ask at a use case's stage (or a stage)"),
    ("risks", "risk signals found in the program's records"),
    ("status", "use cases by stage and milestone, red/amber/green per workstream"),
    ("readiness USE_CASE", "deployment readiness across the four pillars"),
    ("debt list", "the technical-debt register"),
    ("debt add USE_CASE: DESCRIPTION", "add a debt item, judged as debt, operational risk or compliance violation (admins)"),
    ("debt resolve ID", "mark a debt item resolved (admins)"),
    ("risk add TITLE | severity S | owner NAME | mitigation TEXT", "add a risk to the register (admins)"),
    ("risk update ID | status S | owner NAME", "change a risk on the register (admins)"),
    ("decision add QUESTION | owner NAME | deadline DATE", "record a decision the program needs (admins)"),
    ("escalate SUBJECT | to NAME", "record an escalation (admins)"),
    ("milestone USE_CASE | MILESTONE | STATUS", "set a milestone's status (admins)"),
    ("link PROGRAM", "scope this channel to a program (admins)"),
    ("standup [update TEXT|summary|skip|ooo N|when|setup|days-off]", "write your stand-up update; the summary (team, sponsor, steering); time off; the program's days off"),
    ("sprint review [N] | sprint retro", "the sprint review; the retro's action items (add and done: admins)"),
    ("report integration|steering", "the weekly integration review; the monthly steering update"),
    ("report schedule integration|steering", "post it here weekly or monthly (admins); `report schedule` lists what is scheduled"),
    ("help", "this list"),
]


def build_help(unknown: str | None = None, suggestions: list[str] | None = None) -> list[limits.Message]:
    """The `/compel help` message; names the unknown subcommand, and the close ones it may have meant."""
    blocks = [header("compel-bot commands")]
    if unknown and suggestions:
        options = " or ".join(f"`{escape(s)}`" for s in suggestions)
        blocks.append(section(f":grey_question: I don't know `{escape(unknown)}`. Did you mean {options}? Here is what I can do:"))
    elif unknown:
        blocks.append(section(f":grey_question: I don't know `{escape(unknown)}`. Here is what I can do:"))
    lines = "\n".join(f"• `/compel {cmd}` — {escape(desc)}" for cmd, desc in HELP_LINES)
    blocks.append(section(lines))
    blocks.append(context("The record commands (risk, decision, escalate, milestone, debt add) given without details open a form. "
                          "Mention me in a channel or send me a DM to ask a question; use *Translate for business* on any message."))
    return limits.paginate(blocks, "compel-bot commands: " + ", ".join(c for c, _ in HELP_LINES))


def build_notice(text: str, emoji: str = ":information_source:") -> list[limits.Message]:
    """A one-line notice (refusals, user-facing errors, confirmations); `text` is escaped here."""
    body = f"{emoji} {escape(text)}"
    return limits.paginate([section(body)], text)


def build_working(text: str = "Working on it…") -> list[limits.Message]:
    """The immediate acknowledgement shown while the work runs."""
    return limits.paginate([context(f":hourglass_flowing_sand: {escape(text)}")], text)


def with_share(messages: list[limits.Message], share_id: str, label: str = "Share in channel") -> list[limits.Message]:
    """Add a "Share in channel" button to the last message of an ephemeral result."""
    out = [dict(m) for m in messages]
    last = out[-1]
    blocks = list(last.get("blocks", []))
    row = actions(button(f":mega: {label}", "share_result", share_id, style="primary"), block_id=f"share:{share_id}")
    if len(blocks) >= limits.MESSAGE_BLOCKS:
        out.append({"text": truncate(last.get("text", ""), 200), "blocks": [row]})
    else:
        last["blocks"] = blocks + [row]
    return out


def without_controls(blocks: list[dict]) -> list[dict]:
    """The blocks of a result minus its share button and its own controls (block ids "controls:…"), for posting it in the channel."""
    return [b for b in blocks if not str(b.get("block_id", "")).startswith(("share:", "controls:"))]


def build_shared_note(command: str) -> dict:
    """The context line under a result someone shared from an ephemeral reply."""
    return context(f":mega: Shared from `{escape(command)}`")
