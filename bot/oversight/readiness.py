"""Deployment readiness of one use case across the four pillars, its MLOps and governance approval."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from bot.oversight.findings import Finding
from bot.oversight.rules_readiness import MLOPS_LABELS, readiness_claimed
from bot.oversight.sources import cite
from bot.oversight.view import STAGE_LABELS
from bot.oversight.wording import category_label

# Platform and data-infrastructure findings that also stand in the way of a use case going live.
PLATFORM_RULES = ("environment_isolation", "pipeline_reliability", "platform_governance", "platform_milestone_late", "quality_gate_unmet")
from knowledge.types import Citation

# Findings that bear on whether a use case may go (or stay) live.
READINESS_RULES = (
    "readiness_gap", "mlops_gap", "operational_risk", "compliance_violation", "missed_milestone_unescalated",
    "pillar_after_go_live", "open_risk", "risk_register_gap", *PLATFORM_RULES,
)


class PillarStatus(BaseModel):
    """One pillar's readiness."""

    model_config = ConfigDict(extra="forbid")

    pillar: str
    ready: bool
    note: str = ""


class ReadinessReport(BaseModel):
    """Is the use case ready for production, and if not, what stands in the way."""

    model_config = ConfigDict(extra="forbid")

    use_case: str
    name: str
    stage: str
    claimed: bool
    ready: bool
    milestone_status: str
    pillars: list[PillarStatus]
    mlops: dict[str, bool]
    governance_approved: bool
    gaps: list[str]
    findings: list[Finding]
    citations: list[Citation]


def readiness_report(uc, findings: list[Finding], debt: list | None = None) -> ReadinessReport:
    """The readiness report for a use case, given the program's findings."""
    pillars = [PillarStatus(pillar=p, ready=r.ready, note=r.note) for p, r in uc.readiness.items()]
    gaps = [f"The {p.pillar} pillar is not ready" + (f": {p.note}" if p.note else "") for p in pillars if not p.ready]
    gaps += [f"No {MLOPS_LABELS[m]}" for m in uc.mlops.missing()]
    if not uc.governance_approved:
        gaps.append("No governance approval")
    gaps += [
        f"Open {category_label(d.category)} on the debt register: {d.description}"
        for d in (debt or []) if d.use_case == uc.id and d.status == "open" and d.category != "debt"
    ]
    # The use case's own findings, and the platform's: a use case going live runs on that platform.
    platform = uc.stage in ("deployment", "production")
    own = [f for f in findings if f.rule in READINESS_RULES
           and (f.subject == uc.id or (platform and f.subject_kind == "program" and f.rule in PLATFORM_RULES))]
    # The use case's own platform and date findings are gaps; program-wide platform findings are shown as signals.
    gaps += [f"{f.title}: {f.explanation.split('. ', 1)[0].rstrip('.')}" for f in own
             if f.subject == uc.id and f.rule in ("pillar_after_go_live", *PLATFORM_RULES)]
    return ReadinessReport(
        use_case=uc.id,
        name=uc.name,
        stage=STAGE_LABELS[uc.stage],
        claimed=readiness_claimed(uc),
        ready=not gaps,
        milestone_status=uc.milestones.deployment_readiness_confirmed.status,
        pillars=pillars,
        mlops=uc.mlops.model_dump(),
        governance_approved=uc.governance_approved,
        gaps=gaps,
        findings=own,
        citations=[cite("milestones"), cite("mlops"), cite("compliance_violation")],
    )
