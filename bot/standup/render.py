"""The Summary as readable text (terminal and console); the Slack face renders the same model as Block Kit."""

from __future__ import annotations

from bot.standup.model import Claim, Summary

_RAG = {"red": "RED", "amber": "AMBER", "green": "GREEN"}


def refs(claim: Claim) -> str:
    """The ids a claim came from, as [u-040, dec-003]."""
    return "[" + ", ".join(s.id for s in claim.sources) + "]"


def summary_text(summary: Summary) -> str:
    """The summary as plain text, each claim followed by the records it came from."""
    out = [f"Stand-up summary ({summary.audience}) · {summary.program_name} · {summary.date}", "", summary.headline]
    out += [f"  - {c.text} {refs(c)}" for c in summary.reasons]

    def block(title: str, claims: list) -> None:
        if claims:
            out.extend(["", title])
            out.extend(f"  - {c.text} {refs(c)}" for c in claims)

    if any(ws.done or ws.next or ws.blockers for ws in summary.workstreams) or summary.audience != "team":
        out += ["", "By workstream"]
        for ws in summary.workstreams:
            out.append(f"  {_RAG[ws.rag]:<5} {ws.name} ({ws.pillar})")
            for label, claims in (("done", ws.done), ("next", ws.next), ("blocked", ws.blockers)):
                out.extend(f"        {label}: {c.text} {refs(c)}" for c in claims)
    block("Escalated: blockers reported several days running", summary.escalations)
    block("New or worsened risks", summary.risks)
    block("Cross-pillar impacts of today's delays", summary.impacts)
    if summary.decisions:
        out += ["", "Decisions needed"]
        for d in summary.decisions:
            by = f" by {d.by}" if d.by else ""
            out.append(f"  - {d.text} — {d.who}{by} {refs(d)}")
    block("Technical items in business terms", summary.technical)
    if summary.not_reported:
        out += ["", "Did not report: " + ", ".join(summary.not_reported)]
    elif summary.not_reported_count:
        out += ["", f"{summary.not_reported_count} people did not report."]
    return "\n".join(out)
