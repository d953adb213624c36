"""Block Kit for stand-ups: the prompt, a reminder, the summary (each claim linked to its update), notices, the modal."""

from __future__ import annotations

from datetime import date as Date

from bot.slack.views import limits
from bot.slack.views.blocks import context, divider, header, message, section, sections
from bot.slack.views.mrkdwn import channel_link, escape, link, mention
from bot.standup.model import Claim, Summary
from knowledge.text import plural
from bot.prose import counted, date_text

_RAG = {"red": ":red_circle:", "amber": ":large_orange_circle:", "green": ":large_green_circle:"}
MODAL_CALLBACK = "standup_modal"


def build_prompt(day: Date, participants: list[str], late: bool = False) -> list[limits.Message]:
    """The stand-up prompt: people reply in its thread."""
    who = " ".join(mention(p) for p in participants[:40])
    lines = [
        f"*Stand-up for {date_text(day, weekday=True, full=True)}*" + (" (posted late: the bot was down at the usual time)" if late else ""),
        "Reply in this thread: what you finished, what is next, and anything blocking you. "
        "Name the use case so your update lands in the right place. Edit your reply to correct it.",
    ]
    blocks = [section("\n".join(lines))]
    if who:
        blocks.append(context(who))
    return message(blocks, f"Stand-up for {date_text(day, weekday=True, full=True)}: reply in this thread.")


def build_reminder(channel: str, day: Date, thread_ts: str | None) -> list[limits.Message]:
    """A DM to someone who has not answered before summary time."""
    where = f"the stand-up thread in {channel_link(channel)}" if thread_ts else channel_link(channel)
    text = (f"Reminder: today's stand-up ({date_text(day, weekday=True)}) has no update from you yet. Reply in {where}, "
            "or answer here with a message starting `standup:`.")
    return message([section(text)], text)


def _ref(claim: Claim) -> str:
    # Traceability without ids in the text: a link to each source message people said it in ("said", "said 2").
    linked = [s.link for s in claim.sources if s.link][:4]
    parts = [link(url, "said" if n == 0 else f"said {n + 1}") for n, url in enumerate(linked)]
    return " ·" + " ".join(f" {p}" for p in parts) if parts else ""


def _lines(claims: list[Claim], bullet: str = "•") -> str:
    return "\n".join(f"{bullet} {escape(c.text)}{_ref(c)}" for c in claims)


def build_summary(summary: Summary) -> list[limits.Message]:
    """The summary as Block Kit: headline and reasons, workstreams, escalations, risks, impacts, decisions, technical items."""
    blocks: list[dict] = [header(f"Stand-up summary · {summary.program_name} · {date_text(summary.date)}")]
    if summary.notice:
        blocks.append(section(f":hourglass: {escape(summary.notice)}"))
    blocks.append(section(f"{_RAG[summary.rag]} *{escape(summary.headline)}*"))
    if summary.reasons:
        blocks += sections(_lines(summary.reasons))
    for ws in summary.workstreams:
        if ws.empty:
            continue
        body = [f"{_RAG[ws.rag]} *{escape(ws.name)}* ({ws.pillar})"]
        for label, claims in (("Blocked", ws.blockers), ("Decision asked", ws.decisions), ("Risk", ws.risks), ("Progress", ws.done), ("Next", ws.next)):
            if claims:
                body.append(f"_{label}_\n" + _lines(claims))
        blocks += sections("\n".join(body))
    if summary.on_track:
        blocks.append(context("On track: " + escape(", ".join(summary.on_track))))
    for title, claims in (
        (":rotating_light: Escalated: blocked several days running", summary.escalations),
        (":warning: New or worsened risks", summary.risks),
        (":link: Cross-pillar impacts", summary.impacts),
        (":memo: Technical items in business terms", summary.technical),
    ):
        if claims:
            blocks.append(divider())
            blocks += sections(f"*{title}*\n" + _lines(claims))
    if summary.decisions:
        blocks.append(divider())
        lines = [f"• {escape(d.text)} — *{escape(d.who)}*" + (f" by {date_text(d.by)}" if d.by else "") + _ref(d) for d in summary.decisions]
        blocks += sections("*:scales: Decisions needed*\n" + "\n".join(lines))
    if summary.not_reported:
        blocks.append(context("Did not report: " + ", ".join(mention(p) for p in summary.not_reported)))
    elif summary.not_reported_count:
        blocks.append(context(f"{counted(summary.not_reported_count, 'person', 'people')} did not report."))
    blocks.append(context(f"{summary.audience.capitalize()} version · covers {plural(len(summary.updates), 'update')} since {date_text(summary.since)} · each line links to what it came from"))
    return message(blocks, summary.headline)


def build_modal(channel: str, program: str) -> dict:
    """The `/compel standup` modal: one text box for the update."""
    return {
        "type": "modal",
        "callback_id": MODAL_CALLBACK,
        "private_metadata": f"{channel}|{program}"[:3000],
        "title": {"type": "plain_text", "text": "Stand-up"},
        "submit": {"type": "plain_text", "text": "Send"},
        "blocks": [
            {
                "type": "input",
                "block_id": "update",
                "label": {"type": "plain_text", "text": "Done, next, blockers"},
                "element": {"type": "plain_text_input", "action_id": "text", "multiline": True, "max_length": 3000},
            }
        ],
    }
