"""Platform and data-infrastructure records, and quality gates: what the Produce stage's technical oversight reads."""

from __future__ import annotations

from datetime import date as Date
from typing import Literal

from pydantic import Field, model_validator

from store.fields import Id, Record, Text

ControlArea = Literal["security_configuration", "access_controls", "audit"]
GateLevel = Literal["sprint", "workstream", "cycle"]
PlatformStatus = Literal["pending", "met", "missed"]
OpenResolved = Literal["open", "resolved"]


class Environment(Record):
    """A platform environment (development, staging, production): isolated or not, and its promotion path."""

    id: Id
    name: Text = Field(min_length=1)
    isolated: bool = True
    promotes_to: str | None = Field(None, description="The environment work is promoted to next; None for production.")
    promotion_defined: bool = Field(True, description="A defined, followed path to promote work to the next environment.")


class PipelineRuns(Record):
    """A data pipeline's runs in one sprint: how many, how many failed, and whether failures alert anyone."""

    id: Id
    pipeline: Text = Field(min_length=1)
    sprint: int = Field(ge=0)
    environment: Text = "production"
    runs: int = Field(ge=0)
    failures: int = Field(0, ge=0)
    alerting: bool = True
    use_case: str | None = None

    @model_validator(mode="after")
    def _failures_within_runs(self) -> "PipelineRuns":
        if self.failures > self.runs:
            raise ValueError(f"has {self.failures} failures in {self.runs} runs; failures cannot exceed runs")
        return self


class CostMonth(Record):
    """Infrastructure spend in one month against its budget."""

    id: Id
    month: Date = Field(description="Any day in the month; the first is usual.")
    budget: float = Field(gt=0)
    actual: float = Field(ge=0)
    workstream: str | None = None


class VendorTicket(Record):
    """An issue raised with a platform vendor: when it was opened, whether it is resolved or escalated."""

    id: Id
    vendor: Text = Field(min_length=1)
    subject: Text = Field(min_length=1)
    opened: Date
    status: OpenResolved = "open"
    escalated: bool = False
    resolved: Date | None = None


class ExternalDependency(Record):
    """Work a team outside the program must do first (network, identity, security review), and its lead time."""

    team: Text = Field(min_length=1)
    what: Text = Field(min_length=1)
    lead_time_days: int = Field(ge=0)
    requested: Date | None = None
    done: bool = False


class PlatformMilestone(Record):
    """A platform implementation milestone, its planned date and the outside work it depends on."""

    id: Id
    name: Text = Field(min_length=1)
    planned: Date
    status: PlatformStatus = "pending"
    depends_on: list[ExternalDependency] = Field(default_factory=list)


class PlatformControl(Record):
    """One governance area of the platform (security configuration, access controls, audit) and its check."""

    id: Id
    area: ControlArea
    checked: bool = Field(False, description="Checked against the governance requirements.")
    satisfied: bool = False
    note: str = ""


class GateCriterion(Record):
    """One criterion a deliverable must meet before it counts as complete."""

    name: Text = Field(min_length=1)
    met: bool = False


class QualityGate(Record):
    """A deliverable's quality gate at sprint, workstream or cycle level, and whether the deliverable is complete."""

    id: Id
    deliverable: Text = Field(min_length=1)
    level: GateLevel = "sprint"
    sprint: int | None = Field(None, ge=0)
    use_case: str | None = None
    workstream: str | None = None
    complete: bool = False
    criteria: list[GateCriterion] = Field(default_factory=list)

    def unmet(self) -> list[str]:
        """Names of the criteria not met."""
        return [c.name for c in self.criteria if not c.met]
