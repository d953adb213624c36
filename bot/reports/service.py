"""The cadence reports bound to the stores: sprint review and retro, integration review, steering update."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date as Date
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from bot.errors import InputError
from bot.reports.integration import build_integration
from bot.reports.model import IntegrationReview, RetroReport, SprintReview, SteeringUpdate
from bot.reports.sprint import build_retro, build_review, pick_sprint
from bot.reports.steering import build_steering
from bot.reports.store import ActionItem, Retro, RetroStore

if TYPE_CHECKING:
    from store.records import RecordStore

log = logging.getLogger(__name__)


class Reports:
    """Sprint review and retro, the weekly integration review and the monthly steering update over the records."""

    def __init__(self, settings: Settings, records: Callable[[], "RecordStore"], glossary: Callable[[], Any],
                 today: Callable[[], Date] = Date.today) -> None:
        self.settings = settings
        self._records = records
        self._glossary = glossary
        self._today = today
        self._store: RetroStore | None = None

    @property
    def store(self) -> RetroStore:
        """The retro tables (created on first use)."""
        if self._store is None:
            self._store = RetroStore(self.settings.records_url)
        return self._store

    def close(self) -> None:
        """Release database connections."""
        if self._store is not None:
            self._store.close()

    def _data(self, program: str | None):
        records = self._records()
        return records.program(records.resolve_program(program))

    def review(self, program: str | None = None, sprint: int | None = None, as_of: Date | None = None) -> SprintReview:
        """The review of a sprint (the running one by default), dated today unless told."""
        data = self._data(program)
        return build_review(data, sprint, as_of or self._today(), self.settings, self.store.items(data.program.id))

    def retro(self, program: str | None = None, sprint: int | None = None, as_of: Date | None = None) -> RetroReport:
        """The retro of a sprint: its action items followed, overdue ones and retros without any flagged."""
        from bot.reports.steering import debt_register
        from bot.standup.summary import AudienceWords

        data = self._data(program)
        pid = data.program.id
        day = as_of or self._today()
        result = build_retro(data, day, self.store.retros(pid), self.store.items(pid), sprint)
        # The register is reviewed at every retro, so debt that builds up is seen while it is still debt.
        return result.model_copy(update={"debt": debt_register(data, day, self.settings, AudienceWords(data, "team", None))})

    def record_retro(self, program: str | None, *, actions: list[tuple[str, str, int]], sprint: int | None = None,
                     as_of: Date | None = None, notes: str = "") -> RetroReport:
        """Record a sprint's retro and its action items (text, owner, due sprint); a retro with none is kept, and flagged."""
        data = self._data(program)
        day = as_of or self._today()
        number = pick_sprint(data, sprint, day).number
        for text, owner, due in actions:
            if not text.strip() or not owner.strip():
                raise InputError("Each action item needs what to do and who owns it, e.g. --action \"Split stories\" --owner \"Priya Raman\" --due 8.")
        self.store.hold(Retro(program=data.program.id, sprint=number, day=day, notes=notes))
        for text, owner, due in actions:
            self.store.add(ActionItem(program=data.program.id, sprint=number, text=text.strip(), owner=owner.strip(), due_sprint=due))
        return self.retro(data.program.id, number, day)

    def action_done(self, program: str | None, number: int, as_of: Date | None = None) -> RetroReport:
        """Mark an action item done."""
        data = self._data(program)
        day = as_of or self._today()
        self.store.done(data.program.id, number, day)
        return self.retro(data.program.id, None, day)

    def integration(self, program: str | None = None, as_of: Date | None = None) -> IntegrationReview:
        """The weekly integration review up to a day (today by default)."""
        return build_integration(self._data(program), as_of or self._today(), self.settings)

    def steering(self, program: str | None = None, as_of: Date | None = None, *, history: bool = False) -> SteeringUpdate:
        """The monthly steering update up to a day (today by default); `history` adds status per sprint for the chart."""
        data = self._data(program)
        day = as_of or self._today()
        update = build_steering(data, day, self.settings, glossary=self._glossary(), history=history)
        retro = build_retro(data, day, self.store.retros(data.program.id), self.store.items(data.program.id)) if data.sprints else None
        from bot.standup.summary import AudienceWords

        words = AudienceWords(data, "steering", self._glossary())  # owners by role for the committee, as elsewhere
        overdue = [f.model_copy(update={"text": words.text(f.text)})
                   for f in (retro.findings if retro else []) if any(s.startswith("action-") for s in f.sources)]
        return update.model_copy(update={"actions_overdue": overdue})
