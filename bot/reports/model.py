"""Result models of the cadence reports: typed, with the records each line rests on (ids stay out of the text)."""

from __future__ import annotations

from datetime import date as Date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Rag = Literal["red", "amber", "green"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Line(_Model):
    """One statement a reader sees, and the ids of the records it came from."""

    text: str = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)


class MilestoneLine(_Model):
    """A use case's milestone: planned and actual dates, and whether it was met, met late or missed."""

    use_case: str
    name: str
    milestone: str
    planned: Date | None = None
    actual: Date | None = None
    state: Literal["met", "met late", "missed", "due"]


class SprintPoint(_Model):
    """One sprint's figures for a trend: completion, debt share, and (for the steering update) more indicators."""

    sprint: int
    committed: float = 0
    completed: float = 0
    completion: float | None = None
    debt_share: float | None = None
    dependency_resolution: float | None = None
    blocker_age_days: float | None = None
    participation: float | None = None
    rag: dict[str, Rag] = Field(default_factory=dict, description="Workstream name -> status at the sprint's end.")


class Band(_Model):
    """A share against its healthy band (debt remediation against 15-20% of capacity)."""

    share: float | None = None
    low: float
    high: float

    @property
    def verdict(self) -> str:
        """below, within or above the band, or unknown."""
        if self.share is None:
            return "unknown"
        return "below" if self.share < self.low - 1e-9 else "above" if self.share > self.high + 1e-9 else "within"


class SprintReview(_Model):
    """The sprint review: what was committed and done, milestones, demos, debt share and the trend so far."""

    program: str
    program_name: str
    sprint: int
    start: Date
    end: Date
    as_of: Date
    current: bool = Field(description="The sprint is still running on the day reported on.")
    notice: str | None = None
    committed: float
    completed: float
    completion: float | None = None
    completion_line: float
    calibration: bool = Field(description="One of the first sprints, where throughput is still being learned.")
    milestones: list[MilestoneLine] = Field(default_factory=list)
    demos: list[str] = Field(default_factory=list, description="Use cases whose viability was demonstrated in the sprint.")
    debt: Band
    debt_resolved: list[Line] = Field(default_factory=list)
    debt_raised: list[Line] = Field(default_factory=list)
    trend: list[SprintPoint] = Field(default_factory=list)
    trend_text: str = ""
    actions_due: list[Line] = Field(default_factory=list, description="Retro action items due in this sprint.")


class ActionLine(_Model):
    """An action item as the retro shows it."""

    number: int
    text: str
    owner: str
    due_sprint: int
    status: str
    overdue: bool = False


class RetroReport(_Model):
    """The retrospective: the action items agreed and followed, and what needs attention."""

    program: str
    program_name: str
    sprint: int
    as_of: Date
    held: bool
    items: list[ActionLine] = Field(default_factory=list)
    findings: list[Line] = Field(default_factory=list, description="Overdue action items; retros with none.")
    debt: "DebtRegister | None" = Field(None, description="The debt register, reviewed at the retro.")


class Wait(_Model):
    """Something waiting on someone: what waits, on whom, since when, and for how many days."""

    what: str
    on: str
    since: Date | None = None
    days: int | None = None
    kind: Literal["dependency", "access", "purchase", "blocker"]
    sources: list[str] = Field(default_factory=list)


class IntegrationReview(_Model):
    """The weekly integration review: cross-workstream dependencies, what moved, who waits on whom, blocker age."""

    program: str
    program_name: str
    start: Date
    as_of: Date
    notice: str | None = None
    dependencies: list[Line] = Field(default_factory=list)
    moved: list[Line] = Field(default_factory=list)
    waiting: list[Wait] = Field(default_factory=list)
    resolved: int = 0
    open: int = 0
    resolved_this_week: int = 0
    resolution_rate: float | None = Field(None, description="Resolved over all waits raised up to the day.")
    blockers: list[Wait] = Field(default_factory=list, description="Blockers people report, oldest first.")


class WorkstreamRag(_Model):
    """A workstream's status and why."""

    name: str
    rag: Rag
    reasons: list[str] = Field(default_factory=list)
    before: Rag | None = Field(None, description="Its status at the previous steering update.")


class DecisionLine(_Model):
    """A decision the steering committee should see: what, who decides, by when."""

    text: str
    who: str
    by: Date | None = None
    overdue: bool = False
    sources: list[str] = Field(default_factory=list)


class DebtRegister(_Model):
    """The debt register for steering: open items by category, remediation share, what has crossed into risk."""

    open_by_category: dict[str, int] = Field(default_factory=dict)
    share: Band
    crossed: list[Line] = Field(default_factory=list, description="Items that are a risk or a violation now, not debt.")
    past_plan: list[Line] = Field(default_factory=list, description="Items past the sprint planned for them, or with no plan (each line says which).")


class Indicator(_Model):
    """A leading indicator over the last sprints, with its trend in words."""

    name: str
    values: list[tuple[int, float | None]] = Field(default_factory=list, description="(sprint, value) oldest first.")
    unit: Literal["percent", "days"] = "percent"
    trend: str = ""


class SteeringUpdate(_Model):
    """The monthly steering update: status, milestones, decisions, escalations, debt, indicators and what changed."""

    program: str
    program_name: str
    start: Date
    as_of: Date
    notice: str | None = None
    rag: Rag
    workstreams: list[WorkstreamRag] = Field(default_factory=list)
    milestones_missed: list[MilestoneLine] = Field(default_factory=list)
    milestones_due: list[MilestoneLine] = Field(default_factory=list)
    decisions: list[DecisionLine] = Field(default_factory=list)
    escalations: list[Line] = Field(default_factory=list)
    debt: DebtRegister
    indicators: list[Indicator] = Field(default_factory=list)
    changes: list[Line] = Field(default_factory=list)
    trend: list[SprintPoint] = Field(default_factory=list)
    actions_overdue: list[Line] = Field(default_factory=list, description="Retro action items still open after their sprint.")


RetroReport.model_rebuild()
