"""Program records: pydantic models, validated on the way in (unknown fields, bad dates and dangling references refused)."""

from __future__ import annotations

import bisect
from datetime import date as Date

from pydantic import ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from store.fields import (  # re-exported: callers import these from store.models
    is_web_link,
    _web_link,
    Id,
    WebLink,
    Text,
    Pillar,
    Stage,
    MilestoneKey,
    MilestoneStatus,
    Severity,
    DebtCategory,
    OpenResolved,
    AccessStatus,
    ProcurementStatus,
    DependencyKind,
    RiskStatus,
    DecisionStatus,
    PILLARS,
    STAGES,
    MILESTONES,
    Record,
)

from store.checks import check_references

# Platform, data-infrastructure and quality-gate records live in their own module, built on the same Record.
from store.platform_models import (
    CostMonth,
    Environment,
    PipelineRuns,
    PlatformControl,
    PlatformMilestone,
    QualityGate,
    VendorTicket,
)


# --- the program and its workstreams ----------------------------------------------------


class Program(Record):
    """An AI transformation program: the unit every other record belongs to."""

    id: Id
    name: Text
    organisation: str = ""
    stage: str = Field("Produce", description="COMPEL stage the program is in, e.g. Produce.")
    current_sprint: int = Field(1, ge=0)
    sprint_length_days: int = Field(14, ge=1)
    start: Date | None = None
    description: str = ""


class Workstream(Record):
    """A workstream under one of the four pillars, with its lead."""

    id: Id
    name: Text
    pillar: Pillar
    lead: str = ""


# --- use cases ------------------------------------------------------------------------------


class StageEntry(Record):
    """The stage a use case was in at a sprint."""

    sprint: int = Field(ge=0)
    stage: Stage


class Milestone(Record):
    """One delivery milestone: planned and actual dates and its status."""

    planned: Date | None = None
    actual: Date | None = None
    status: MilestoneStatus = "pending"

    @model_validator(mode="after")
    def _met_has_date(self) -> "Milestone":
        if self.actual is not None and self.status not in ("met",):
            raise ValueError(f"has an actual date ({self.actual}) but status {self.status!r}; set status to 'met'")
        return self


class Milestones(Record):
    """The four milestones every use case passes, in order."""

    data_preparation_complete: Milestone = Field(default_factory=Milestone)
    model_viability_demonstrated: Milestone = Field(default_factory=Milestone)
    integration_testing_passed: Milestone = Field(default_factory=Milestone)
    deployment_readiness_confirmed: Milestone = Field(default_factory=Milestone)

    def items(self) -> list[tuple[str, Milestone]]:
        """(key, milestone) pairs in delivery order."""
        return [(key, getattr(self, key)) for key in MILESTONES]


class Measurement(Record):
    """A metric's value measured at a sprint."""

    sprint: int = Field(ge=0)
    value: float


class SuccessCriterion(Record):
    """A measurable target and the latest measured value."""

    metric: Text = Field(min_length=1)
    target: float
    latest: float | None = None
    measured_sprint: int | None = Field(None, ge=0)
    higher_is_better: bool = True
    history: list[Measurement] = Field(default_factory=list)

    @property
    def met(self) -> bool:
        """True when the latest value reaches the target."""
        if self.latest is None:
            return False
        return self.latest >= self.target if self.higher_is_better else self.latest <= self.target


class IntegrationPoint(Record):
    """A system the use case integrates with, and when it was added to the plan."""

    name: Text = Field(min_length=1)
    added: Date
    added_sprint: int | None = Field(None, ge=0)


class PillarReadiness(Record):
    """Whether one pillar is ready for deployment, with a note saying why or why not."""

    ready: bool = False
    note: str = ""


class Readiness(Record):
    """Deployment readiness across the four pillars."""

    technology: PillarReadiness = Field(default_factory=PillarReadiness)
    governance: PillarReadiness = Field(default_factory=PillarReadiness)
    people: PillarReadiness = Field(default_factory=PillarReadiness)
    process: PillarReadiness = Field(default_factory=PillarReadiness)

    def items(self) -> list[tuple[str, PillarReadiness]]:
        """(pillar, readiness) pairs in pillar order."""
        return [(p, getattr(self, p)) for p in PILLARS]


class MLOps(Record):
    """The MLOps capabilities a deployed model needs."""

    deployment_pipeline: bool = False
    monitoring: bool = False
    retraining: bool = False
    versioning_rollback: bool = False

    def missing(self) -> list[str]:
        """Names of the capabilities not in place."""
        return [name for name, ok in self.model_dump().items() if not ok]


class UseCase(Record):
    """An AI use case: where it stands, its milestones, targets, integrations, readiness and MLOps."""

    id: Id
    name: Text
    aliases: list[str] = Field(default_factory=list)
    owner: str = ""
    workstream: Id
    stage: Stage
    stage_history: list[StageEntry] = Field(default_factory=list)
    milestones: Milestones = Field(default_factory=Milestones)
    success_criteria: list[SuccessCriterion] = Field(default_factory=list)
    integration_points: list[IntegrationPoint] = Field(default_factory=list)
    readiness: Readiness = Field(default_factory=Readiness)
    readiness_claimed: bool = False
    mlops: MLOps = Field(default_factory=MLOps)
    governance_approved: bool = False
    demonstrated: bool = False
    description: str = ""

    def stage_since(self) -> int | None:
        """The sprint the use case entered its current stage (from its stage history)."""
        since = None
        for entry in sorted(self.stage_history, key=lambda e: e.sprint):
            if entry.stage != self.stage:
                since = None
            elif since is None:
                since = entry.sprint
        return since


# --- sprints and stand-ups ----------------------------------------------------------------


class Sprint(Record):
    """A sprint: its dates, committed and completed work, and the share of capacity spent on debt."""

    number: int = Field(ge=0)
    start: Date
    end: Date
    committed: float = Field(0, ge=0)
    completed: float = Field(0, ge=0)
    debt_capacity_share: float | None = Field(None, ge=0, le=1)

    @model_validator(mode="after")
    def _dates_in_order(self) -> "Sprint":
        if self.end < self.start:
            raise ValueError(f"ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def completion(self) -> float | None:
        """Completed over committed, or None when nothing was committed."""
        return self.completed / self.committed if self.committed else None


class StandupUpdate(Record):
    """One stand-up note: who said what, about which use cases, with blockers and a source link."""

    id: Id
    date: Date
    sprint: int | None = Field(None, ge=0, description="Filled from the sprint dates when left out.")
    author: Text = Field(min_length=1)
    workstream: str | None = None
    use_cases: list[str] = Field(default_factory=list)
    text: str = Field(min_length=1)
    blockers: list[str] = Field(default_factory=list)
    progress: bool = Field(False, description="The update claims progress.")
    source_link: WebLink | None = None


# --- findings, access, procurement, dependencies ---------------------------------------------


class DataQualityFinding(Record):
    """A data-quality problem found in a use case's data at a sprint."""

    id: Id
    use_case: Id
    sprint: int = Field(ge=0)
    found: Date | None = None
    description: str = Field(min_length=1)
    severity: Severity = "medium"


class AccessRequest(Record):
    """A request for access to a source system, with requested and granted dates."""

    id: Id
    use_case: Id
    system: Text = Field(min_length=1)
    requested: Date
    needed_by: Date | None = None
    granted: Date | None = None
    status: AccessStatus = "pending"

    @model_validator(mode="after")
    def _consistent(self) -> "AccessRequest":
        if self.granted is not None and self.granted < self.requested:
            raise ValueError(f"granted ({self.granted}) before requested ({self.requested})")
        if self.granted is not None and self.status != "granted":
            raise ValueError(f"has a granted date but status {self.status!r}; set status to 'granted'")
        return self


class ProcurementItem(Record):
    """Something bought (licences, hardware, a vendor service) and the use cases waiting on it."""

    id: Id
    item: Text = Field(min_length=1)
    requested: Date | None = None
    needed_by: Date | None = None
    delivered: Date | None = None
    status: ProcurementStatus = "pending"
    blocking: list[str] = Field(default_factory=list, description="Use case ids that wait on this item.")
    platform: bool = Field(False, description="Part of the AI/ML platform (procurement the Produce stage should start at once).")
    started_sprint: int | None = Field(None, ge=0, description="The Produce sprint procurement started in.")
    interim: str = Field("", description="What the team works on meanwhile (sandbox, trial licence, development environment).")


class Dependency(Record):
    """What waits on what: the downstream use case or workstream cannot move until the upstream one does."""

    id: Id
    upstream: Id
    downstream: Id
    kind: DependencyKind = "blocks"
    description: str = ""


# --- risks, escalations, debt, decisions ---------------------------------------------------


class Risk(Record):
    """A risk on the program's register."""

    id: Id
    title: Text = Field(min_length=1)
    description: str = ""
    use_case: str | None = None
    workstream: str | None = None
    severity: Severity = "medium"
    owner: str = ""
    raised: Date | None = None
    status: RiskStatus = "open"
    mitigation: str = ""
    review_by: Date | None = Field(None, description="When the risk is next reviewed; open past it, the register is stale.")


class Escalation(Record):
    """An issue escalated to someone, optionally about a use case's milestone."""

    id: Id
    subject: Text = Field(min_length=1)
    raised: Date
    to: Text = Field(min_length=1)
    status: OpenResolved = "open"
    use_case: str | None = None
    milestone: MilestoneKey | None = None


class DebtItem(Record):
    """An entry on the technical-debt register."""

    id: Id
    description: Text = Field(min_length=1, max_length=500, description="One register line: what the shortcut is.")
    category: DebtCategory = "debt"
    risk_implication: str = Field("", max_length=2000)
    planned_sprint: int | None = Field(None, ge=0, description="Sprint remediation is planned for; None means no plan.")
    status: OpenResolved = "open"
    use_case: str | None = None
    raised: Date | None = None
    resolved: Date | None = None
    stated_category: DebtCategory | None = Field(None, description="The category given when it was added, if the judgement filed it otherwise.")
    judgement: str = Field("", max_length=500, description="Why it was filed under its category, when judged from its description.")


class Decision(Record):
    """A decision the program needs: the question, who owns it, by when."""

    id: Id
    question: Text = Field(min_length=1)
    owner: Text = Field(min_length=1)
    deadline: Date | None = None
    status: DecisionStatus = "open"
    outcome: str = ""
    use_case: str | None = None


# --- the whole program ------------------------------------------------------------------------


# ProgramData field -> (record class, key field); the order the store and exports use.
KINDS: dict[str, tuple[type[Record], str]] = {
    "workstreams": (Workstream, "id"),
    "use_cases": (UseCase, "id"),
    "sprints": (Sprint, "number"),
    "updates": (StandupUpdate, "id"),
    "data_quality": (DataQualityFinding, "id"),
    "access_requests": (AccessRequest, "id"),
    "procurement": (ProcurementItem, "id"),
    "dependencies": (Dependency, "id"),
    "risks": (Risk, "id"),
    "escalations": (Escalation, "id"),
    "debt": (DebtItem, "id"),
    "decisions": (Decision, "id"),
    "environments": (Environment, "id"),
    "pipeline_runs": (PipelineRuns, "id"),
    "costs": (CostMonth, "id"),
    "vendor_tickets": (VendorTicket, "id"),
    "platform_milestones": (PlatformMilestone, "id"),
    "platform_controls": (PlatformControl, "id"),
    "quality_gates": (QualityGate, "id"),
}


class ProgramData(Record):
    """A whole program as imported and exported: the program and every record that belongs to it."""

    program: Program
    workstreams: list[Workstream] = Field(default_factory=list)
    use_cases: list[UseCase] = Field(default_factory=list)
    sprints: list[Sprint] = Field(default_factory=list)
    updates: list[StandupUpdate] = Field(default_factory=list)
    data_quality: list[DataQualityFinding] = Field(default_factory=list)
    access_requests: list[AccessRequest] = Field(default_factory=list)
    procurement: list[ProcurementItem] = Field(default_factory=list)
    dependencies: list[Dependency] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    escalations: list[Escalation] = Field(default_factory=list)
    debt: list[DebtItem] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    environments: list[Environment] = Field(default_factory=list)
    pipeline_runs: list[PipelineRuns] = Field(default_factory=list)
    costs: list[CostMonth] = Field(default_factory=list)
    vendor_tickets: list[VendorTicket] = Field(default_factory=list)
    platform_milestones: list[PlatformMilestone] = Field(default_factory=list)
    platform_controls: list[PlatformControl] = Field(default_factory=list)
    quality_gates: list[QualityGate] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", validate_assignment=False, coerce_numbers_to_str=True)

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo) -> "ProgramData":
        if info.context and info.context.get("trusted"):
            return self  # read back from the store, where it was checked on the way in
        problems = check_references(self, KINDS)
        if problems:
            raise ValidationError.from_exception_data("ProgramData", problems)
        fill_sprints(self.sprints, self.updates)
        return self

    def sprint_for(self, day: Date) -> int | None:
        """The number of the sprint whose dates contain `day`, if any."""
        return sprint_lookup(self.sprints)(day)

    def use_case(self, uc_id: str) -> UseCase | None:
        """The use case with this id, or None."""
        return next((uc for uc in self.use_cases if uc.id == uc_id), None)

    def counts(self) -> dict[str, int]:
        """Number of records of each kind."""
        return {kind: len(getattr(self, kind)) for kind in KINDS}


def sprint_lookup(sprints: list[Sprint]):
    """A function mapping a date to the sprint containing it (None outside every sprint)."""
    ordered = sorted(sprints, key=lambda s: s.start)
    starts = [s.start for s in ordered]

    def lookup(day: Date) -> int | None:
        i = bisect.bisect_right(starts, day) - 1
        if i >= 0 and ordered[i].start <= day <= ordered[i].end:
            return ordered[i].number
        return None

    return lookup


def fill_sprints(sprints: list[Sprint], updates: list[StandupUpdate]) -> None:
    """Set the sprint of updates that left it out, from the sprint dates."""
    if not sprints:
        return
    lookup = sprint_lookup(sprints)
    for update in updates:
        if update.sprint is None:
            object.__setattr__(update, "sprint", lookup(update.date))
