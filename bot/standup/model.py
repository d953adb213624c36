"""The stand-up Summary: every claim carries the records it came from; checks independent of who wrote the text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date as Date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from knowledge.glossary import Glossary

Rag = Literal["red", "amber", "green"]
SourceKind = Literal["update", "decision", "finding", "workstream"]


class Source(BaseModel):
    """A record a claim rests on: a stand-up update (with its permalink), a decision, a finding or a workstream status."""

    model_config = ConfigDict(extra="forbid")

    kind: SourceKind
    id: str
    link: str | None = None


class Claim(BaseModel):
    """One statement in the summary and the records it came from (at least one)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)


class DecisionNeeded(Claim):
    """A decision someone must make: what, who, by when."""

    who: str
    by: Date | None = None


class WorkstreamSection(BaseModel):
    """One workstream (pillar) today: its status, what was done, what is next, what blocks it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    pillar: str
    rag: Rag
    done: list[Claim] = Field(default_factory=list)
    next: list[Claim] = Field(default_factory=list)
    blockers: list[Claim] = Field(default_factory=list)
    risks: list[Claim] = Field(default_factory=list, description="Open problems today's updates raise.")
    decisions: list[Claim] = Field(default_factory=list, description="Choices today's updates put to someone.")

    def claims_all(self) -> list[Claim]:
        """Every claim in the section, in reading order."""
        return [*self.blockers, *self.decisions, *self.risks, *self.done, *self.next]

    @property
    def empty(self) -> bool:
        """True when nothing was said about the workstream today (its section is left out)."""
        return not (self.done or self.next or self.blockers or self.risks or self.decisions)


class Summary(BaseModel):
    """The stand-up summary for one program and day, shaped for an audience (team, sponsor, steering)."""

    model_config = ConfigDict(extra="forbid")

    program: str
    program_name: str
    date: Date
    since: Date = Field(description="Updates from this date up to `date` are covered.")
    sprint: int | None = None
    audience: Literal["team", "sponsor", "steering"]
    rag: Rag
    headline: str
    reasons: list[Claim] = Field(default_factory=list)
    workstreams: list[WorkstreamSection] = Field(default_factory=list)
    risks: list[Claim] = Field(default_factory=list, description="New or worsened risk findings since the previous stand-up.")
    impacts: list[Claim] = Field(default_factory=list, description="Cross-pillar impacts of today's delays.")
    decisions: list[DecisionNeeded] = Field(default_factory=list)
    technical: list[Claim] = Field(default_factory=list, description="Technical items in business language.")
    escalations: list[Claim] = Field(default_factory=list, description="Blockers reported several days running.")
    not_reported: list[str] = Field(default_factory=list, description="Who did not report (empty for the sponsor version).")
    not_reported_count: int = 0
    updates: list[str] = Field(default_factory=list, description="Ids of the updates the summary covers.")
    on_track: list[str] = Field(default_factory=list, description="Use cases and workstreams reported on track, by name.")
    notice: str | None = Field(None, description="Said first when the records are stale for the day reported on.")

    def claims(self) -> Iterator[Claim]:
        """Every claim, in reading order."""
        yield from self.reasons
        for ws in self.workstreams:
            yield from ws.done
            yield from ws.next
            yield from ws.blockers
            yield from ws.risks
            yield from ws.decisions
        yield from self.escalations
        yield from self.risks
        yield from self.impacts
        yield from self.decisions
        yield from self.technical

    def texts(self) -> list[str]:
        """Every text a reader sees, for the checks."""
        extra = [self.notice] if self.notice else []
        return [*extra, self.headline, *(c.text for c in self.claims()), *(d.who for d in self.decisions), *self.not_reported, *self.on_track]


def check_summary(summary: Summary, update_ids: set[str], glossary: "Glossary | None" = None, names: list[str] | tuple[str, ...] = (),
                  proper: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Problems with a summary, one line each: unsourced claims, unknown updates, jargon and names where not allowed."""
    problems: list[str] = []
    for claim in summary.claims():
        if not claim.sources:
            problems.append(f"claim without a source: {claim.text[:80]!r}")
        for src in claim.sources:
            if src.kind == "update" and src.id not in update_ids:
                problems.append(f"claim cites update {src.id!r}, which is not in the records: {claim.text[:60]!r}")
    if summary.audience in ("sponsor", "steering") and glossary is not None:
        from bot.jargon import find_unexplained

        # Proper names (program, workstreams, use cases) are names, not jargon to explain.
        named = re.compile("|".join(re.escape(p) for p in sorted(proper, key=len, reverse=True) if p)) if proper else None
        for text in summary.texts():
            for hit in find_unexplained(named.sub(" ", text) if named else text, glossary):
                problems.append(f"unexplained jargon {hit.surface!r} in: {text[:80]!r}")
    if summary.audience == "sponsor":
        for text in summary.texts():
            for name in names:
                if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                    problems.append(f"individual name {name!r} in the sponsor version: {text[:80]!r}")
    return problems
