"""Program status: use cases by stage and milestone, and a red/amber/green status per workstream with reasons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date as Date
from typing import Literal

from pydantic import computed_field, BaseModel, ConfigDict, Field

from bot.oversight.findings import Finding
from bot.oversight.view import MILESTONE_LABELS, STAGE_LABELS, ProgramView
from bot.oversight.wording import sentence, signal_line, subject_reason
from knowledge.text import plural
from store.models import STAGES

Rag = Literal["red", "amber", "green"]
_RAG_ORDER: dict[str, int] = {"green": 0, "amber": 1, "red": 2}
_OWN_RAG: dict[str, str] = {"high": "red", "medium": "amber", "low": "amber"}


class UseCaseStatus(BaseModel):
    """Where one use case stands."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    workstream: str
    stage: str
    milestones: dict[str, str] = Field(description="Milestone key -> status (overdue when past its planned date).")
    next_milestone: str | None = None
    next_planned: Date | None = None
    findings: int = 0


class WorkstreamStatus(BaseModel):
    """A workstream's red/amber/green status and the reasons for it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    pillar: str
    lead: str
    rag: Rag
    reasons: list[str]


class ProgramStatus(BaseModel):
    """The program at a glance."""

    model_config = ConfigDict(extra="forbid")

    program: str
    name: str
    stage: str
    current_sprint: int
    as_of: Date
    use_cases_by_stage: dict[str, list[UseCaseStatus]]
    workstreams: list[WorkstreamStatus]
    program_signals: list[str] = Field(description="Findings about the program as a whole (sprints, debt budget).")
    findings_by_severity: dict[str, int]

    @computed_field  # the key every other report's JSON uses (`compel report steering --json`); `name` stays for scripts
    @property
    def program_name(self) -> str:
        return self.name


def _uc_status(view: ProgramView, uc, counts: Counter) -> UseCaseStatus:
    late = {k for k, _ in view.late_milestones(uc)}
    states = {k: ("overdue" if k in late and ms.status == "pending" else ms.status) for k, ms in uc.milestones.items()}
    upcoming = next(((k, ms) for k, ms in uc.milestones.items() if ms.status != "met"), None)
    return UseCaseStatus(
        id=uc.id,
        name=uc.name,
        workstream=uc.workstream,
        stage=uc.stage,
        milestones=states,
        next_milestone=MILESTONE_LABELS[upcoming[0]] if upcoming else None,
        next_planned=upcoming[1].planned if upcoming else None,
        findings=counts[uc.id],
    )


def _waiting(view: ProgramView, finding: Finding) -> list[tuple[str, str]]:
    """Workstreams that wait on a slipping use case (through the dependencies the finding names)."""
    deps = {d.id: d for d in view.data.dependencies}
    out = []
    for e in finding.evidence:
        dep = deps.get(e.id) if e.kind == "dependency" else None
        if dep is None:
            continue
        target = dep.downstream
        ws = target if target in view.workstreams else getattr(view.use_cases.get(target), "workstream", None)
        if ws:
            out.append((ws, f"Waits on {finding.subject_name}, which is slipping."))
    return out


def _pillar_gaps(view: ProgramView, finding: Finding) -> list[tuple[str, str]]:
    """Workstreams of the pillars a readiness gap names."""
    pillars = {e.id.rsplit(".", 1)[-1] for e in finding.evidence if e.kind == "readiness"}
    return [(w.id, f"The {w.pillar} pillar is not ready for {finding.subject_name}.") for w in view.data.workstreams if w.pillar in pillars]


def _governance(view: ProgramView, finding: Finding) -> list[tuple[str, str]]:
    """Governance workstreams, for a model running without approval."""
    return [(w.id, f"{finding.subject_name} runs without governance approval.") for w in view.data.workstreams if w.pillar == "governance"]


# rule -> workstreams (other than the subject's own) a finding also touches, with the reason.
ATTRIBUTIONS: dict[str, Callable[[ProgramView, Finding], list[tuple[str, str]]]] = {
    "cross_pillar_impact": _waiting,
    "readiness_gap": _pillar_gaps,
    "compliance_violation": _governance,
}


# A finding that makes another workstream red, not amber: an open compliance violation is governance's to stop.
ATTRIBUTED_LEVEL: dict[str, str] = {"compliance_violation": "red"}


def program_status(view: ProgramView, findings: list[Finding]) -> ProgramStatus:
    """Use cases by stage and milestone; red/amber/green per workstream with its reasons."""
    counts = Counter(f.subject for f in findings)
    by_stage: dict[str, list[UseCaseStatus]] = {STAGE_LABELS[s]: [] for s in STAGES}
    for uc in view.data.use_cases:
        by_stage[STAGE_LABELS[uc.stage]].append(_uc_status(view, uc, counts))

    rag: dict[str, str] = {w.id: "green" for w in view.data.workstreams}
    reasons: dict[str, list[str]] = {w.id: [] for w in view.data.workstreams}

    def raise_to(ws: str, level: str, reason: str) -> None:
        if ws not in rag:
            return
        if _RAG_ORDER[level] > _RAG_ORDER[rag[ws]]:
            rag[ws] = level
        if reason and reason not in reasons[ws]:
            reasons[ws].append(reason)

    program_signals = []
    # workstream -> subject (None for the workstream itself) -> its missed milestones and signals, so each reason
    # reads per use case and names it once.
    grouped: dict[str, dict[str | None, tuple[list, list]]] = {w.id: {} for w in view.data.workstreams}
    for f in findings:
        if f.subject_kind == "program":
            program_signals.append(signal_line(f.title, f.severity, f.explanation))
            continue
        own = f.subject if f.subject_kind == "workstream" else getattr(view.use_cases.get(f.subject), "workstream", None)
        if own in grouped:
            raise_to(own, _OWN_RAG[f.severity], "")
            subject = None if f.subject == own else (f.subject_name or view.name_of(f.subject))
            grouped[own].setdefault(subject, ([], []))[1].append((f.rule, f.title, f.severity))
        for ws, reason in ATTRIBUTIONS.get(f.rule, lambda v, f: [])(view, f):
            if ws != own:
                raise_to(ws, ATTRIBUTED_LEVEL.get(f.rule, "amber"), reason)
    for uc in view.data.use_cases:
        for key, ms in view.late_milestones(uc):
            if uc.workstream in grouped:
                raise_to(uc.workstream, "red", "")
                grouped[uc.workstream].setdefault(uc.name, ([], []))[0].append((key, ms.planned))
    for ws, per_subject in grouped.items():
        own_reasons = [subject_reason(name, missed, signals) for name, (missed, signals) in per_subject.items()]
        reasons[ws] = own_reasons + [r for r in reasons[ws] if r]
    for ws in view.data.workstreams:
        if not reasons[ws.id]:
            active = sum(1 for uc in view.data.use_cases if uc.workstream == ws.id)
            reasons[ws.id].append(sentence(f"No risk signals; {plural(active, 'use case')} on track" if active else "No risk signals"))
    return ProgramStatus(
        program=view.program.id,
        name=view.program.name,
        stage=view.program.stage,
        current_sprint=view.current_sprint,
        as_of=view.as_of,
        use_cases_by_stage=by_stage,
        workstreams=[
            WorkstreamStatus(id=w.id, name=w.name, pillar=w.pillar, lead=w.lead, rag=rag[w.id], reasons=reasons[w.id])
            for w in view.data.workstreams
        ],
        program_signals=program_signals,
        findings_by_severity={s: sum(1 for f in findings if f.severity == s) for s in ("high", "medium", "low")},
    )
