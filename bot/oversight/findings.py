"""What the oversight engine returns: findings with their evidence, citation and questions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from knowledge.types import Citation

Severity = Literal["high", "medium", "low"]
SubjectKind = Literal["use_case", "workstream", "program"]

SEVERITY_ORDER: dict[str, int] = {"high": 0, "medium": 1, "low": 2}


class Evidence(BaseModel):
    """One record a finding rests on: its kind, id, the sprint it belongs to, and what it shows."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    id: str
    sprint: int | None = None
    detail: str = ""


class Finding(BaseModel):
    """A risk signal: which rule, on what, why, where the BoK says so, and what to ask."""

    model_config = ConfigDict(extra="forbid")

    rule: str
    title: str = Field(description="Short name of the signal, e.g. 'Feasibility risk'.")
    severity: Severity
    subject: str = Field(description="Id of the use case, workstream or program the finding is about.")
    subject_kind: SubjectKind = "use_case"
    subject_name: str = ""
    explanation: str
    evidence: list[Evidence] = Field(default_factory=list)
    citation: Citation
    questions: list[str] = Field(default_factory=list)

    def sort_key(self) -> tuple[int, str, str]:
        """Most severe first, then by rule and subject, so output is stable."""
        return (SEVERITY_ORDER[self.severity], self.rule, self.subject)

    def sprints(self) -> list[int]:
        """The sprints the evidence spans, in order."""
        return sorted({e.sprint for e in self.evidence if e.sprint is not None})


def ev(kind: str, id: object, sprint: int | None = None, detail: str = "") -> Evidence:
    """Shorthand for one piece of evidence."""
    return Evidence(kind=kind, id=str(id), sprint=sprint, detail=detail)
