"""The engine calls the Slack face makes, in one small protocol; `ServiceEngines` serves them from Services."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from bot.errors import InputError

log = logging.getLogger(__name__)


class Engines(Protocol):
    """Slack-free engine calls; results are the engines' own pydantic models (or dicts of the same shape)."""

    def answer(self, question: str, program: str | None, history: list[str], person: str | None = None) -> Any:
        """A grounded Answer (answer, abstained, citations, context); `person` counts against the LLM daily limit."""

    def translate(self, text: str, person: str | None = None) -> Any:
        """A Translation (summary, impact, options, decision, pillars, category, stage, terms, citations)."""

    def programs(self) -> list[str]:
        """Ids of the programs on record."""

    def programs_for(self, user: str, channel: str) -> list[str]:
        """Programs a channel speaks for (its stand-up) or, in a DM, those the person takes part in."""

    def risks(self, program: str) -> list[Any]:
        """Risk findings for a program, most severe first."""

    def questions(self, program: str, target: str | None) -> Any:
        """Stage questions for a use case (at its stage) or a stage."""

    def readiness(self, program: str, use_case: str) -> Any:
        """Deployment readiness of a use case across the four pillars."""

    def status(self, program: str) -> Any:
        """Use cases by stage and milestone; red/amber/green per workstream with reasons."""

    def debt_list(self, program: str) -> list[Any]:
        """The technical-debt register."""

    def debt_add(self, program: str, use_case: str | None, description: str, by: str, category: str = "debt", planned_sprint: int | None = None) -> Any:
        """Add a debt item; returns it."""

    def next_standup(self, program: str) -> str | None:
        """When the next stand-up is, in words, or None when none is scheduled."""

    def record_write(self, program: str, action: str, fields: dict[str, str], by: str) -> Any:
        """Add or change one record (risk add, decision add, escalate, debt add/resolve, milestone): a RecordWritten."""


class ServiceEngines:
    """Engines served by `bot.services.Services` (the composition root)."""

    def __init__(self, services: Any) -> None:
        self.services = services

    def answer(self, question: str, program: str | None, history: list[str], person: str | None = None) -> Any:
        return self.services.answerer.answer(question, program=program, history=history or None, person=person)

    def translate(self, text: str, person: str | None = None) -> Any:
        return self.services.translator.translate(text, person=person)

    def programs(self) -> list[str]:
        return [p.id for p in self.services.records.programs()]

    def programs_for(self, user: str, channel: str) -> list[str]:
        schedules = self.services.standups.store.schedules()
        here = [s.program for s in schedules if s.channel == channel]
        return sorted(set(here or [s.program for s in schedules if user in s.participants]))

    def risks(self, program: str) -> list[Any]:
        return self.services.oversight.findings(program)

    def questions(self, program: str, target: str | None) -> Any:
        from bot.oversight.questions import parse_stage

        if not target:
            raise InputError("Name a use case or a stage: `/compel questions churn` or `/compel questions model development`.")
        try:
            stage = parse_stage(target)
        except InputError:
            return self.services.oversight.questions(use_case=target, program=program)
        return self.services.oversight.questions(stage=stage, program=program)

    def readiness(self, program: str, use_case: str) -> Any:
        return self.services.oversight.readiness(use_case, program)

    def status(self, program: str) -> Any:
        return self.services.oversight.status(program)

    def debt_list(self, program: str) -> list[Any]:
        return self.services.records.debt(program)

    def debt_add(self, program: str, use_case: str | None, description: str, by: str, category: str = "debt", planned_sprint: int | None = None) -> Any:
        item = self.services.records.add_debt(
            program, description=description, use_case=use_case, category=category, planned_sprint=planned_sprint
        )
        try:
            self.services.sync_records(program)
        except Exception:  # noqa: BLE001 - the item is saved; retrieval catches up on the next sync
            log.warning("debt item %s saved but not re-indexed", item.id, exc_info=True)
        log.info("debt item %s added to %s by Slack user %s", item.id, program, by)
        return item

    def record_write(self, program: str, action: str, fields: dict[str, str], by: str) -> Any:
        from bot.oversight.record_actions import write_record

        judge = self.services.debt_judge if action == "debt add" else None
        done = write_record(self.services.records, judge, program, action, fields)
        try:
            self.services.sync_records(program)
        except Exception:  # noqa: BLE001 - the record is saved; retrieval catches up on the next sync
            log.warning("%s %s saved but not re-indexed", done.kind, done.id, exc_info=True)
        log.info("%s %s written in %s by Slack user %s", done.kind, done.id, program, by)
        return done

    def warm(self) -> None:
        """Run each engine once at start-up, so the first person to ask does not pay for imports and caches."""
        # Warm the offline engines underneath any LLM path: start-up must not spend model calls.
        answerer = getattr(self.services.answerer, "base", self.services.answerer)
        translator = getattr(self.services.translator, "base", self.services.translator)
        steps = [("index", lambda: self.services.index.retriever()), ("translation", lambda: translator.translate("The nightly ETL job finished late."))]
        try:
            programs = self.programs()
        except Exception:  # noqa: BLE001 - no records yet
            programs = []
        if programs:
            steps += [("oversight", lambda: self.status(programs[0])), ("debt", lambda: self.debt_list(programs[0]))]
        steps.append(("answers", lambda: answerer.answer("What does the EATP oversee?", programs[0] if programs else None)))
        for name, step in steps:
            try:
                step()
            except Exception:  # noqa: BLE001 - a part that cannot warm up reports itself on first use, with its own message
                log.warning("could not warm up %s", name, exc_info=True)

    def next_standup(self, program: str) -> str | None:
        return self.services.standups.next_standup_text(program)
