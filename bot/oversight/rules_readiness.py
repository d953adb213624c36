"""Deployment readiness: all four pillars before go-live, and the MLOps a deployed model needs."""

from __future__ import annotations

from collections.abc import Iterator

from bot.config import Settings
from bot.oversight.findings import Finding, ev
from bot.oversight.sources import cite
from bot.oversight.view import STAGE_LABELS, ProgramView
from bot.oversight.wording import pillar_phrase

MLOPS_LABELS: dict[str, str] = {
    "deployment_pipeline": "deployment pipeline",
    "monitoring": "monitoring",
    "retraining": "retraining",
    "versioning_rollback": "versioning and rollback",
}
# Stage -> severity of missing MLOps: before go-live it is a gap to close, after it a live exposure.
_MLOPS_SEVERITY: dict[str, str] = {"deployment": "medium", "production": "high"}


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
