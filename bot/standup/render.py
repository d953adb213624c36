"""The Summary as readable text (terminal and console); the Slack face renders the same model as Block Kit.

No record ids in the text: people read names and words; `--json` keeps every claim's sources for tracing.
"""

from __future__ import annotations

from bot.standup.model import Claim, Summary
from bot.prose import counted, date_text

_RAG = {"red": "RED", "amber": "AMBER", "green": "GREEN"}
# Heading per kind of item inside a workstream, in reading order: what stops work first, progress last.
_WS_HEADINGS = (("Blocked", "blockers"), ("Decision asked", "decisions"), ("Risk", "risks"), ("Progress", "done"), ("Next", "next"))


def refs(claim: Claim) -> str:
    """The ids a claim came from, as [u-040, dec-003] (for logs and debugging, never for people)."""
    return "[" + ", ".join(s.id for s in claim.sources) + "]"


def names_list(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def summary_text(summary: Summary) -> str:
    """The summary as plain text: a notice when the records are stale, the headline, then only sections with something in."""
    out = [f"Stand-up summary ({summary.audience}) · {summary.program_name} · {date_text(summary.date, year=True)}", ""]
    if summary.notice:
        out += [f"NOTE: {summary.notice}", ""]
    out.append(summary.headline)
    out += [f"  - {c.text}" for c in summary.reasons]

    def block(title: str, claims: list) -> None:
        if claims:
            out.extend(["", title])
            out.extend(f"  - {c.text}" for c in claims)

    shown = [ws for ws in summary.workstreams if not ws.empty]
    if shown:
        out += ["", "By workstream"]
        for ws in shown:
            out.append(f"  {_RAG[ws.rag]:<5} {ws.name} ({ws.pillar})")
            for label, field in _WS_HEADINGS:
                out.extend(f"        {label}: {c.text}" for c in getattr(ws, field))
    if summary.on_track:
        out += ["", f"On track: {names_list(summary.on_track)}."]
    block("Escalated: blockers reported several days running", summary.escalations)
    block("New or worsened risks", summary.risks)
    block("Cross-pillar impacts of today's delays", summary.impacts)
    if summary.decisions:
        out += ["", "Decisions needed"]
        for d in summary.decisions:
            by = f" by {date_text(d.by, year=True)}" if d.by else ""
            out.append(f"  - {d.text} — {d.who}{by}")
    block("Technical items in business terms", summary.technical)
    if summary.not_reported:
        out += ["", "Did not report: " + ", ".join(summary.not_reported)]
    elif summary.not_reported_count:
        out += ["", f"{counted(summary.not_reported_count, 'person', 'people')} did not report."]
    if summary.audience == "steering":
        out += ["", "The monthly steering update (debt register, trends, milestones): `compel report steering`."]
    return "\n".join(out)
