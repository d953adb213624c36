"""The Translation: one engineer update in business language, the same shape whatever wrote it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from knowledge.types import Citation

Category = Literal[
    "progress",
    "delay",
    "blocker",
    "quality gap",
    "performance gap",
    "data quality",
    "access or dependency",
    "cost",
    "governance or compliance",
    "adoption",
    "incident",
]
Pillar = Literal["technology", "governance", "people", "process"]
Stage = Literal["data preparation", "model development", "integration", "deployment", "production"]

CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
PILLARS: tuple[str, ...] = Pillar.__args__  # type: ignore[attr-defined]
STAGES: tuple[str, ...] = Stage.__args__  # type: ignore[attr-defined]


class Term(BaseModel):
    """A technical term the update used, with its plain meaning."""

    model_config = ConfigDict(extra="forbid")

    term: str
    meaning: str


class TranslationIssue(BaseModel):
    """One issue the update raises, as `--json` lists it."""

    model_config = ConfigDict(extra="forbid")

    situation: str = Field(description="What kind of issue: performance_gap, quality_below_target, incident_fixed, ...")
    category: Category
    polarity: Literal["open", "resolved", "done", "none"]
    pattern: str | None = Field(None, description="The BoK risk pattern it matches (knowledge pack key), if any.")
    debt: Literal["debt", "operational_risk", "compliance_violation"] | None = None
    pillars: list[Pillar] = Field(default_factory=list)
    decision: bool = Field(description="Whether it needs a business decision.")
    who: str | None = Field(None, description="Who decides, when a decision is needed.")


class Translation(BaseModel):
    """What an update means for the business: `compel translate --json` prints exactly these keys."""

    model_config = ConfigDict(extra="forbid")

    summary: str = Field(min_length=1, description="One or two plain sentences: what is happening.")
    impact: str = Field(description="What it means for users, dates, cost, risk.")
    options: list[str] = Field(default_factory=list, description="The trade-offs, when there are any.")
    decision: str | None = Field(None, description="What must be decided and by whom; null when nothing does.")
    pillars: list[Pillar] = Field(default_factory=list)
    category: Category
    stage: Stage | None = None
    terms: list[Term] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    issues: list[TranslationIssue] = Field(default_factory=list, description="Every issue the update raises, the leading one first.")

    def business_texts(self) -> list[str]:
        """The texts a business reader sees, in order: summary, impact, options, decision."""
        return [self.summary, self.impact, *self.options, *([self.decision] if self.decision else [])]

    def business_text(self) -> str:
        """All business texts joined, for the facts and jargon checks."""
        return "\n".join(self.business_texts())
