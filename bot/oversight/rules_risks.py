"""The program's risk register in use: open risks are signals, and a register entry nobody keeps is one too."""

from __future__ import annotations

from collections.abc import Iterator

from bot.config import Settings
from bot.oversight.findings import Finding, ev
from bot.oversight.sources import cite
from bot.oversight.view import ProgramView
from bot.oversight.wording import clip
from bot.prose import date_text

# A risk's own severity -> the finding's: an open critical risk is a high signal, a high one a medium signal
# (it is known and owned; the signal is that it is still open), lower ones only appear in status.
_OPEN_SEVERITY = {"critical": "high", "high": "medium"}


def _stale(view: ProgramView, risk) -> bool:
    return risk.review_by is not None and risk.review_by < view.as_of


def _unkept(view: ProgramView, risk) -> bool:
    return not risk.owner.strip() or not risk.mitigation.strip() or _stale(view, risk)


def _detail(risk) -> str:
    owner = f"owner {risk.owner}" if risk.owner else "no owner"
    return f"{risk.severity.capitalize()} risk, {owner}: {clip(risk.title, 120)}"


def open_risk(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """An open high or critical risk on the register: it is known, and it is still open."""
    for risk in view.data.risks:
        severity = _OPEN_SEVERITY.get(risk.severity)
        if risk.status != "open" or severity is None or _unkept(view, risk):
            continue  # an entry nobody keeps is risk_register_gap's finding, said once
        about = view.subject(risk.use_case, risk.workstream)
        name = about["subject_name"]
        plan = f" Its mitigation: {clip(risk.mitigation, 160)}" if risk.mitigation else " It has no mitigation recorded."
        yield Finding(
            rule="open_risk",
            title="Open risk on the register",
            severity=severity,
            **about,
            explanation=(
                f"The risk register holds an open {risk.severity} risk for {name}: {clip(risk.title, 160).rstrip('.')}.{plan} "
                "A known risk is managed only while someone owns it and its mitigation is moving."
            ),
            evidence=[ev("risk", risk.id, view.sprint_for(risk.raised), _detail(risk))],
            citation=cite("escalation"),
            questions=[
                f"Is the mitigation for this risk on track, and what would make {risk.owner or 'its owner'} escalate it?",
                "Has it changed since the last review: more likely, less likely, or closer?",
            ],
        )


def risk_register_gap(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """An open risk with no owner, no mitigation, or left open past its review date."""
    for risk in view.data.risks:
        if risk.status != "open":
            continue
        gaps = []
        if not risk.owner.strip():
            gaps.append("has no owner")
        if not risk.mitigation.strip():
            gaps.append("has no mitigation")
        if _stale(view, risk):
            gaps.append(f"has not been reviewed since its review date ({date_text(risk.review_by, year=True)})")
        if not gaps:
            continue
        about = view.subject(risk.use_case, risk.workstream)
        name = about["subject_name"]
        yield Finding(
            rule="risk_register_gap",
            title="Risk register entry not kept",
            severity="high" if risk.severity in ("high", "critical") and len(gaps) > 1 else "medium",
            **about,
            explanation=(
                f"The open risk '{clip(risk.title, 120).rstrip('.')}' for {name} {', '.join(gaps[:-1]) + ' and ' + gaps[-1] if len(gaps) > 1 else gaps[0]}. "
                "A risk on the register with nobody acting on it is only a record that the program knew; it needs an "
                "owner, a mitigation and a regular review to be managed."
            ),
            evidence=[ev("risk", risk.id, view.sprint_for(risk.raised), _detail(risk))],
            citation=cite("escalation"),
            questions=[
                "Who owns this risk, and what are they doing about it?" if not risk.owner.strip()
                else f"What is {risk.owner} doing about this risk, and when will it be reviewed next?",
                "Is the risk still real, and if so, does the steering committee know about it?",
            ],
        )
