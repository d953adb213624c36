"""A read-only view of one program, grouped once so every rule runs in linear time."""

from __future__ import annotations

from collections import defaultdict
from datetime import date as Date
from functools import cached_property
from typing import TYPE_CHECKING, Callable

from bot.oversight.labels import MILESTONE_LABELS, STAGE_LABELS  # noqa: F401 - re-exported: callers import them here
from store.models import (
    MILESTONES,
    DataQualityFinding,
    ProgramData,
    StandupUpdate,
    UseCase,
    sprint_lookup,
)

if TYPE_CHECKING:
    from store.outline import ProgramOutline



def ordinal(n: int) -> str:
    """1 -> 'first', 12 -> '12th': for questions read aloud."""
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth"}
    if n in words:
        return words[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class ProgramView:
    """Indexes over a ProgramData (by use case, by sprint), built once and shared by every rule."""

    def __init__(self, data: ProgramData, as_of: Date | None = None) -> None:
        self.data = data
        self.program = data.program
        self._as_of = as_of
        self._last_update: Date | None = None
        # Where a register line falls by its meaning (debt, operational_risk, compliance_violation), when the caller
        # gives a judge (the shared update analysis); the pure rules run without one and judge nothing.
        self.debt_judge: Callable[[str, str], str] | None = None
        self._judged: dict[tuple[str, str], str] = {}

    @classmethod
    def from_outline(cls, outline: "ProgramOutline", as_of: Date | None = None) -> "ProgramView":
        """A view over a program read without its update bodies: the store has aggregated what the rules need."""
        view = cls(outline.data, as_of)
        view.__dict__["progress_claims"] = outline.first_claims
        view._last_update = outline.last_update
        return view

    def judged_line(self, item) -> str | None:
        """The debt line a register item's words fall on, by meaning; None when no judge was given."""
        if self.debt_judge is None:
            return None
        key = (item.description, item.risk_implication or "")
        if key not in self._judged:
            self._judged[key] = self.debt_judge(*key)
        return self._judged[key]

    # --- time --------------------------------------------------------------------------
    @cached_property
    def sprint_of(self):
        """Date -> sprint number (None outside every sprint)."""
        return sprint_lookup(self.data.sprints)

    @cached_property
    def as_of(self) -> Date:
        """The date the program is judged at: given, else the latest date its records show."""
        if self._as_of is not None:
            return self._as_of
        dates = [u.date for u in self.data.updates]
        if self._last_update is not None:
            dates.append(self._last_update)
        current = self.sprints.get(self.current_sprint)
        if current is not None:
            dates.append(current.start)
        if not dates:
            dates = [s.end for s in self.data.sprints] or [Date.today()]
        return max(dates)

    @cached_property
    def current_sprint(self) -> int:
        """The program's current sprint number."""
        return self.program.current_sprint

    @cached_property
    def sprints(self) -> dict:
        """Sprint number -> Sprint."""
        return {s.number: s for s in self.data.sprints}

    def sprint_for(self, day: Date | None) -> int | None:
        """The sprint containing a date, or None."""
        return None if day is None else self.sprint_of(day)

    # --- use cases and workstreams ----------------------------------------------------------
    @cached_property
    def use_cases(self) -> dict[str, UseCase]:
        """Use case id -> UseCase."""
        return {u.id: u for u in self.data.use_cases}

    @cached_property
    def workstreams(self) -> dict:
        """Workstream id -> Workstream."""
        return {w.id: w for w in self.data.workstreams}

    def pillar_of(self, node: str) -> str | None:
        """The pillar of a workstream or of a use case's workstream."""
        ws = self.workstreams.get(node)
        if ws is None and node in self.use_cases:
            ws = self.workstreams.get(self.use_cases[node].workstream)
        return ws.pillar if ws is not None else None

    def name_of(self, node: str) -> str:
        """Readable name of a use case or workstream id."""
        obj = self.use_cases.get(node) or self.workstreams.get(node)
        return obj.name if obj is not None else node

    def subject(self, use_case: str | None = None, workstream: str | None = None) -> dict[str, str]:
        """A finding's subject fields: the use case when it is known, else the workstream, else the program."""
        if use_case and use_case in self.use_cases:
            return {"subject": use_case, "subject_kind": "use_case", "subject_name": self.use_cases[use_case].name}
        if workstream and workstream in self.workstreams:
            return {"subject": workstream, "subject_kind": "workstream", "subject_name": self.workstreams[workstream].name}
        return {"subject": self.program.id, "subject_kind": "program", "subject_name": self.program.name}

    # --- grouped records ------------------------------------------------------------------
    @cached_property
    def progress_claims(self) -> dict[str, dict[int, StandupUpdate]]:
        """Use case id -> sprint -> the earliest update that sprint claiming progress (one pass, no sorting)."""
        claims: dict[str, dict[int, StandupUpdate]] = defaultdict(dict)
        for update in self.data.updates:
            if not update.progress or update.sprint is None:
                continue
            for uc in update.use_cases:
                per = claims[uc]
                seen = per.get(update.sprint)
                if seen is None or (update.date, update.id) < (seen.date, seen.id):
                    per[update.sprint] = update
        return dict(claims)

    @cached_property
    def quality_by_use_case(self) -> dict[str, list[DataQualityFinding]]:
        """Use case id -> its data-quality findings, by sprint."""
        groups: dict[str, list[DataQualityFinding]] = defaultdict(list)
        for finding in sorted(self.data.data_quality, key=lambda f: (f.sprint, f.id)):
            groups[finding.use_case].append(finding)
        return dict(groups)

    @cached_property
    def escalations_by_use_case(self) -> dict[str, list]:
        """Use case id -> escalations raised about it."""
        groups: dict[str, list] = defaultdict(list)
        for esc in self.data.escalations:
            if esc.use_case:
                groups[esc.use_case].append(esc)
        return dict(groups)

    @cached_property
    def debt_by_use_case(self) -> dict[str | None, list]:
        """Use case id (None for program-wide items) -> its debt-register items."""
        groups: dict[str | None, list] = defaultdict(list)
        for item in self.data.debt:
            groups[item.use_case].append(item)
        return dict(groups)

    @cached_property
    def downstream(self) -> dict[str, list]:
        """Node id -> dependencies whose upstream end it is."""
        groups: dict[str, list] = defaultdict(list)
        for dep in self.data.dependencies:
            groups[dep.upstream].append(dep)
        return dict(groups)

    # --- milestones ---------------------------------------------------------------------
    def late_milestones(self, uc: UseCase) -> list[tuple[str, object]]:
        """(key, milestone) pairs that are missed: marked so, or planned before today and not met."""
        late = []
        for key in MILESTONES:
            ms = getattr(uc.milestones, key)
            overdue = ms.planned is not None and ms.planned < self.as_of and ms.status != "met"
            if ms.status == "missed" or overdue:
                late.append((key, ms))
        return late

    def last_milestone_sprint(self, uc: UseCase) -> int:
        """The sprint of the latest milestone the use case met (0 when none)."""
        sprints = [self.sprint_for(ms.actual) or 0 for _, ms in uc.milestones.items() if ms.status == "met" and ms.actual]
        return max(sprints, default=0)
