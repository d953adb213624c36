"""The analysis of an update: its facts, the issues it raises and what each asks of the business."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.understand.facts import Fact

Polarity = Literal["open", "resolved", "done", "none"]
DebtLine = Literal["debt", "operational_risk", "compliance_violation"]


class Clause(BaseModel):
    """One clause of an update, as split, with what exact rules found in it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    start: int
    link: str = Field("", description='How it joins the clause before: "", "but", "so", "and", ";".')
    facts: list[Fact] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list, description="Rule cues: below_target, duration, negated, still, ...")


class Issue(BaseModel):
    """One thing the update raises: a problem, a fix, a step done."""

    model_config = ConfigDict(extra="forbid")

    situation: str
    category: str
    polarity: Polarity
    pattern: str | None = Field(None, description="The knowledge pack's risk pattern key, when it is one.")
    debt: DebtLine | None = Field(None, description="Where it falls on the debt / risk / violation line, when it is a shortcut.")
    pillars: list[str] = Field(default_factory=list)
    decision: bool
    in_hand: bool = Field(False, description="An open problem the team says it is already dealing with inside the plan.")
    who: str | None = None
    confidence: float = Field(0.0, description="How clearly the clause matched its situation (cosine margin).")
    clauses: list[str] = Field(default_factory=list, description="The update's own words this issue rests on.")
    facts: list[Fact] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list)


class Analysis(BaseModel):
    """Everything one update says, read once, for translate, stand-ups, the debt register and ask."""

    model_config = ConfigDict(extra="forbid")

    text: str
    facts: list[Fact] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    pillars: list[str] = Field(default_factory=list)
    decision: bool = False
    who: str | None = None
    stage: str | None = None

    @property
    def main(self) -> Issue:
        """The issue that leads: the most severe open one, else the first."""
        return self.issues[0]

    @property
    def open_issues(self) -> list[Issue]:
        """Issues that leave a problem standing."""
        return [i for i in self.issues if i.polarity == "open"]

    @property
    def by_debt_line(self) -> dict[str, list[Issue]]:
        """Open issues by where they fall: "debt", "operational_risk", "compliance_violation" (absent lines left out)."""
        out: dict[str, list[Issue]] = {}
        for issue in self.issues:
            if issue.debt:
                out.setdefault(issue.debt, []).append(issue)
        return out

    @property
    def debt_line(self) -> DebtLine | None:
        """The most serious line any issue falls on, or None when the update raises none."""
        from bot.understand.debt import most_serious

        return most_serious([i.debt for i in self.issues])  # type: ignore[return-value]

    @property
    def technical(self) -> bool:
        """True when the update raises anything beyond a plain note."""
        return any(i.situation != "note" for i in self.issues)
