"""Deployment readiness: all four pillars before go-live, and the MLOps a deployed model needs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date as Date

from bot.config import Settings
from bot.oversight.findings import Finding, ev
from bot.oversight.sources import cite
from bot.oversight.view import STAGE_LABELS, ProgramView
from bot.oversight.wording import join_words, pillar_phrase
from bot.prose import date_text

MLOPS_LABELS: dict[str, str] = {
    "deployment_pipeline": "deployment pipeline",
    "monitoring": "monitoring",
    "retraining": "retraining",
    "versioning_rollback": "versioning and rollback",
}
# Stage -> severity of missing MLOps: before go-live it is a gap to close, after it a live exposure.
_MLOPS_SEVERITY: dict[str, str] = {"deployment": "medium", "production": "high"}



def _sprints(numbers: list[int]) -> str:
    """'sprint 8' or 'sprints 8 and 9'."""
    return f"{'sprint' if len(numbers) == 1 else 'sprints'} {join_words([str(n) for n in numbers])}"

def readiness_claimed(uc) -> bool:
    """Readiness is claimed when the use case says so or the readiness milestone is marked met."""
    return uc.readiness_claimed or uc.milestones.deployment_readiness_confirmed.status == "met"


def readiness_gap(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Deployment readiness claimed while a pillar is not ready."""
    for uc in view.data.use_cases:
        if not readiness_claimed(uc):
            continue
        gaps = [(p, r) for p, r in uc.readiness.items() if not r.ready]
        if not gaps:
            continue
        names = pillar_phrase([p for p, _ in gaps])
        yield Finding(
            rule="readiness_gap",
            title="Readiness claimed with a pillar not ready",
            severity="high",
            subject=uc.id,
            subject_name=uc.name,
            explanation=(
                f"{uc.name} is reported ready for deployment, but {names} {'is' if len(gaps) == 1 else 'are'} not ready. "
                "A model deployed without every pillar in place (technology, governance, people, process) is an "
                "incomplete deliverable, not a delivered outcome."
            ),
            evidence=[ev("readiness", f"{uc.id}.{p}", None, r.note or "not ready") for p, r in gaps],
            citation=cite("milestones"),
            questions=[
                f"What is the plan to make {names} ready for {uc.name} before it goes to production, and by when?",
                "Who confirmed readiness, and against which checklist?",
            ],
        )


def mlops_gap(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """MLOps capabilities missing on a model being deployed or in production (monitoring in production has its own rule)."""
    for uc in view.data.use_cases:
        severity = _MLOPS_SEVERITY.get(uc.stage)
        if severity is None:
            continue
        missing = [m for m in uc.mlops.missing() if not (m == "monitoring" and uc.stage == "production")]
        if not missing:
            continue
        names = ", ".join(MLOPS_LABELS[m] for m in missing)
        yield Finding(
            rule="mlops_gap",
            title="MLOps gaps",
            severity=severity,
            subject=uc.id,
            subject_name=uc.name,
            explanation=(
                f"{uc.name} is in {STAGE_LABELS[uc.stage]} without {names}. These capabilities belong in the Produce stage, "
                "built before operational problems appear in production, not after."
            ),
            evidence=[ev("mlops", f"{uc.id}.{m}", None, "not in place") for m in missing],
            citation=cite("mlops"),
            questions=[
                f"When will {uc.name} have {names}, and who builds it?",
                "If this model misbehaves tomorrow, how do we roll back to the previous version?",
            ],
        )


_SPRINT_NOTE = re.compile(r"\bsprint\s+(\d{1,3})\b", re.IGNORECASE)
_DATE_NOTE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def _note_sprint(view: ProgramView, note: str) -> int | None:
    """The latest sprint a pillar note names, by number or by ISO date (exact figures, read by rule)."""
    found = [int(n) for n in _SPRINT_NOTE.findall(note)]
    for text in _DATE_NOTE.findall(note):
        try:
            found.append(view.sprint_for(Date.fromisoformat(text)) or 0)
        except ValueError:
            continue
    return max(found) if found else None


def pillar_after_go_live(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """A pillar's readiness work planned for a sprint after the one the use case goes live in."""
    for uc in view.data.use_cases:
        go_live = uc.milestones.deployment_readiness_confirmed.planned
        live_sprint = view.sprint_for(go_live)
        if uc.stage == "production" or live_sprint is None:
            continue
        late = [(p, r, s) for p, r in uc.readiness.items() if not r.ready and (s := _note_sprint(view, r.note)) and s > live_sprint]
        if not late:
            continue
        names = pillar_phrase([p for p, _, _ in late])
        yield Finding(
            rule="pillar_after_go_live",
            title="Readiness work planned after go-live",
            severity="high",
            subject=uc.id,
            subject_name=uc.name,
            explanation=(
                f"{uc.name} is planned to go live in sprint {live_sprint} ({date_text(go_live, year=True)}), but the work that makes {names} "
                f"ready is planned for {_sprints(sorted({s for _, _, s in late}))}. Going live before every pillar is "
                "ready delivers a model, not an outcome: people and processes that are not prepared will not use it well."
            ),
            evidence=[ev("readiness", f"{uc.id}.{p}", s, r.note) for p, r, s in late]
            + [ev("milestone", f"{uc.id}.deployment_readiness_confirmed", live_sprint, f"Go-live planned {date_text(go_live, year=True)}")],
            citation=cite("milestones"),
            questions=[
                f"Do we move {uc.name}'s go-live after sprint {max(s for _, _, s in late)}, or bring that work forward?",
                "Who decides, and do the people affected know which date holds?",
            ],
        )
