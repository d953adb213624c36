"""The one facade every face calls (Slack, console, CLI): small typed requests in, the engines' own result models out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from collections.abc import Callable
from datetime import date as Date
from datetime import datetime
from typing import TYPE_CHECKING, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from bot.errors import InputError, NotFoundError, UserFacingError, UseCaseNotFound

if TYPE_CHECKING:
    from bot.answer.model import Answer
    from bot.oversight.debt_register import FiledDebt
    from bot.oversight.debt_view import DebtRegister
    from bot.oversight.findings import Finding
    from bot.oversight.questions import QuestionSet
    from bot.oversight.readiness import ReadinessReport
    from bot.oversight.record_actions import RecordWritten
    from bot.oversight.record_forms import Form
    from bot.oversight.status import ProgramStatus
    from bot.oversight.view import ProgramView
    from bot.reports.model import IntegrationReview, RetroReport, SprintReview, SteeringUpdate
    from bot.services import Services
    from bot.standup.model import Summary
    from bot.standup.cadence import ReportSchedule
    from bot.standup.schedule import NextStandup, Schedule
    from bot.standup.scheduler import Poster, Scheduler
    from bot.standup.store import Away, Run
    from bot.translate.model import Translation
    from store.models import DebtItem, StandupUpdate
    from store.calendar import DayOff

log = logging.getLogger(__name__)


class _Request(BaseModel):
    # Each request's validator is built on its first use: a process makes one or two kinds of request, not twelve.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class AnswerRequest(_Request):
    """A question, the program it is asked about, the thread so far and who asks (the LLM daily limit is per person)."""

    question: str
    program: str | None = None
    history: list[str] = Field(default_factory=list)
    person: str | None = None


class TranslateRequest(_Request):
    """An engineer's update to put in business language."""

    text: str | None
    person: str | None = None


class FindingsRequest(_Request):
    """Risk signals of a program, optionally only some rules, judged at a date."""

    program: str | None = None
    rules: list[str] | None = None
    as_of: Date | None = None


class QuestionsRequest(_Request):
    """Stage questions: for a stage, a use case (at its stage), or `target`, which names either."""

    program: str | None = None
    stage: str | None = None
    use_case: str | None = None
    target: str | None = None


class ReadinessRequest(_Request):
    """Deployment readiness of one use case."""

    use_case: str
    program: str | None = None


class StatusRequest(_Request):
    """A program's status, judged at a date (today when None)."""

    program: str | None = None
    as_of: Date | None = None


class DebtAdd(_Request):
    """A new item for the technical-debt register, and who adds it."""

    description: str
    program: str | None = None
    use_case: str | None = None
    category: Literal["debt", "operational_risk", "compliance_violation"] | None = None  # None: judged from the text
    planned_sprint: int | None = None
    risk_implication: str = ""
    owner: str | None = None  # who owns the escalation of a risk or violation (default: the use case's owner)
    id: str | None = None
    by: str = ""


@dataclass(frozen=True)
class DebtChange:
    """A debt item as saved, its program, and a note when retrieval could not be refreshed (the item is saved anyway)."""

    program: str
    item: "DebtItem"
    note: str | None = None
    filed: "FiledDebt | None" = None  # the judgement and escalation, for a newly added item


class SummaryRequest(_Request):
    """A stand-up summary for a program and day, for an audience; the channel's schedule gives participants and absences."""

    program: str | None = None
    day: Date | None = None
    audience: str = "team"
    channel: str | None = None


class AwayRequest(_Request):
    """Skip one stand-up (`days` None) or be out of office for `days` stand-up days."""

    channel: str
    user: str
    days: int | None = None
    start: Date | None = None


class ReplyRequest(_Request):
    """A stand-up reply (thread, DM or modal) to record as an update."""

    channel: str
    ts: str
    user: str
    author: str
    text: str
    day: Date
    program: str
    source_link: str | None = None
    admin: bool = False  # an admin may post for the channel without being one of its participants


class ReportRequest(_Request):
    """A cadence report for a program: which sprint (the current one when not given) and the day it is as of."""

    program: str | None = None
    sprint: int | None = None
    as_of: Date | None = None


class RetroActions(_Request):
    """Retro action items to record (what, owner, due sprint), for a program's sprint (the current one when not given)."""

    program: str | None = None
    actions: list[tuple[str, str, int]]
    sprint: int | None = None
    as_of: Date | None = None


# What the facade needs from each engine: the offline engines and their LLM paths both implement these.
class AnswerEngine(Protocol):
    def answer(self, question: str, program: str | None = None, history: list[str] | None = None, person: str | None = None) -> "Answer": ...


class TranslateEngine(Protocol):
    def translate(self, text: str | None, person: str | None = None) -> "Translation": ...


class Engines:
    """Every engine call a face makes, over the engines the composition root (`bot.services.Services`) builds."""

    def __init__(self, services: "Services") -> None:
        self.services = services

    @classmethod
    def from_settings(cls, settings=None) -> "Engines":
        """The facade over a new composition root."""
        from bot.services import Services

        return cls(Services(settings))

    @property
    def settings(self):
        return self.services.settings

    def close(self) -> None:
        """Release what the engines hold (database connections)."""
        self.services.close()

    def health(self) -> list[str]:
        """What is down, one line each (records database, vector store); empty when both answer."""
        return self.services.health()

    # --- answers and translation ----------------------------------------------------------------
    def answer(self, req: AnswerRequest) -> "Answer":
        """A grounded Answer (answer, abstained, citations, context)."""
        engine: AnswerEngine = self.services.answerer
        return engine.answer(req.question, program=req.program, history=list(req.history) or None, person=req.person)

    def translate(self, req: TranslateRequest) -> "Translation":
        """A Translation (summary, impact, options, decision, pillars, category, stage, terms, citations)."""
        engine: TranslateEngine = self.services.translator
        return engine.translate(req.text, person=req.person)

    def prepare_translations(self, texts: list[str]) -> None:
        """Embed every clause of a batch at once (far quicker than one model call per update)."""
        self.services.offline_translator.warm(texts)

    # --- programs ---------------------------------------------------------------------------------
    def programs(self) -> list[str]:
        """Ids of the programs on record."""
        return [p.id for p in self.services.records.programs()]

    def resolve_program(self, program: str | None) -> str:
        """The program meant: the id given, else COMPEL_PROGRAM, else the only one stored."""
        return self.services.records.resolve_program(program)

    def program_id(self, program: str | None) -> str:
        """The program meant, as resolve_program, through the records reader the oversight reads use (on SQLite,
        no SQLAlchemy import): what a read-only command's --json names."""
        return self.services.record_reader.resolve(program)

    def programs_for(self, user: str, channel: str) -> list[str]:
        """Programs a channel speaks for (its stand-up) or, in a DM, those the person takes part in."""
        schedules = self.schedules()
        here = [s.program for s in schedules if s.channel == channel]
        return sorted(set(here or [s.program for s in schedules if user in s.participants]))

    # --- oversight --------------------------------------------------------------------------------
    def risks(self, program: str) -> list["Finding"]:
        """Risk findings for a program, most severe first."""
        return self.findings(FindingsRequest(program=program))

    def findings(self, req: FindingsRequest) -> list["Finding"]:
        """Risk findings, only the given rules when named, judged at `as_of`."""
        return self.services.oversight.findings(req.program, rules=req.rules, as_of=req.as_of)

    def questions(self, req: QuestionsRequest) -> "QuestionSet":
        """Stage questions for a use case (at its stage) or a stage; `target` may name either."""
        from bot.oversight.questions import parse_stage

        oversight = self.services.oversight
        if req.target is None:
            return oversight.questions(stage=req.stage, use_case=req.use_case, program=req.program)
        if not req.target:
            raise InputError("Name a use case or a stage: `/compel questions churn` or `/compel questions model development`.")
        try:
            stage = parse_stage(req.target)
        except InputError:
            try:
                return oversight.questions(use_case=req.target, program=req.program)
            except UseCaseNotFound as exc:  # neither: say both what it could have been
                from bot.oversight.labels import STAGE_LABELS

                raise NotFoundError(f"{exc.message} Or name a stage: {', '.join(STAGE_LABELS.values())}.") from None
        return oversight.questions(stage=stage, program=req.program)

    def readiness(self, req: ReadinessRequest) -> "ReadinessReport":
        """Deployment readiness of a use case across the four pillars."""
        return self.services.oversight.readiness(req.use_case, req.program)

    def status(self, req: StatusRequest) -> "ProgramStatus":
        """Use cases by stage and milestone; red/amber/green per workstream with reasons."""
        return self.services.oversight.status(req.program, req.as_of)

    def view_and_findings(self, program: str | None) -> tuple["ProgramView", list["Finding"]]:
        """The program's records as one view and its findings, from one read."""
        return self.services.oversight.view_and_findings(program)

    # --- the debt register (one path for the CLI and Slack) ----------------------------------------
    def debt_list(self, program: str) -> list["DebtItem"]:
        """The technical-debt register."""
        return self.services.records.debt(program)

    def debt_register(self, program: str | None, state: str = "open") -> "DebtRegister":
        """The register as a person reads it (open, resolved or all): each item's judged label, use case by name, plan."""
        from bot.oversight.debt_view import DebtRegister, register_rows

        view, findings = self.view_and_findings(program)  # one read; shares the findings cache
        return DebtRegister(program=view.program.id, name=view.program.name, rows=register_rows(view, findings, state))

    def debt_add(self, req: DebtAdd) -> DebtChange:
        """Judge, file and (for a risk or violation) escalate a debt line, then refresh the program's records in retrieval."""
        from bot.oversight.debt_register import file_debt

        if not req.description.strip():
            raise InputError("The debt description is empty; say what the shortcut is, e.g. 'manual data quality check'.")
        pid = self.resolve_program(req.program)
        judge = self.services.debt_judge if req.category in (None, "debt") else None  # a stated risk is never downgraded
        filed = file_debt(
            self.services.records, judge, pid, description=req.description, category=req.category,
            risk_implication=req.risk_implication, planned_sprint=req.planned_sprint, use_case=req.use_case,
            owner=req.owner, item_id=req.id,
        )
        log.info("debt item %s added to %s as %s%s", filed.item.id, pid, filed.item.category, f" by {req.by}" if req.by else "")
        return DebtChange(program=pid, item=filed.item, note=self._refresh(pid), filed=filed)

    def record_write(self, program: str, action: str, fields: dict[str, str], by: str) -> "RecordWritten":
        """Add or change one record by hand (risk add, decision add, escalate, debt add/resolve, milestone)."""
        from bot.oversight.record_actions import write_record

        judge = self.services.debt_judge if action == "debt add" else None
        done = write_record(self.services.records, judge, program, action, fields)
        note = self._refresh(program)
        if note:
            log.warning("%s %s saved but not re-indexed: %s", done.kind, done.id, note)
        log.info("%s %s written in %s by %s", done.kind, done.id, program, by or "someone")
        return done

    def risk_list(self, program: str | None) -> tuple[str, list]:
        """The program's risk register (its id, and the risks in stored order)."""
        pid = self.resolve_program(program)
        return pid, list(self.services.records.records(pid, "risks"))

    def decision_list(self, program: str | None, status: str | None = None) -> tuple[str, list]:
        """The program's decisions (its id, and the decisions, only those with `status` when given)."""
        pid = self.resolve_program(program)
        return pid, self.services.records.decisions(pid, status)

    def record_form(self, program: str, action: str) -> "Form":
        """The form for a hand-kept write (a Slack modal), its pick lists filled from the program's records."""
        from bot.oversight.record_forms import choices_from, form

        records = self.services.records  # three kinds, not the whole program: a form opens within Slack's 3 seconds
        return form(action, choices_from(*(records.records(program, k) for k in ("use_cases", "debt", "risks"))))

    def debt_resolve(self, program: str | None, item_id: str) -> DebtChange:
        """Mark a debt item resolved and refresh retrieval."""
        pid = self.resolve_program(program)
        item = self.services.records.resolve_debt(pid, item_id)
        return DebtChange(program=pid, item=item, note=self._refresh(pid))

    def _refresh(self, program: str) -> str | None:
        """Refresh the program's records in retrieval; a failure there never undoes the change just saved."""
        from bot.oversight.service import index_built

        try:
            # An index open in this process (Slack, the console) takes the change at once; a one-off command does
            # not build an index just for it (no index yet: the next import or demo load puts the records in).
            if "index" in self.services.__dict__ or index_built(self.services.index):
                self.services.records_sync.sync(program)
            return None
        except UserFacingError as exc:  # the store says what is wrong and how to fix it: that is the whole message
            return f"Saved; the search index was not updated: {exc.message}"
        except Exception as exc:  # noqa: BLE001 - the register change is saved; retrieval catches up on the next sync
            log.warning("records saved but not re-indexed: %s", exc, exc_info=True)
            return "Saved; the search index was not updated (run `compel demo load` or `compel records import` again to refresh it)."

    def sync_records(self, program: str, changed: bool = True) -> int | None:
        """Put a program's records into retrieval when they changed or retrieval lacks them; None when already current."""
        return self.services.records_sync.sync_if_needed(program, changed)

    # --- stand-ups --------------------------------------------------------------------------------
    def next_standup(self, program: str) -> "NextStandup | None":
        """When and where the next stand-up is (its time in words, its channel's id), or None when none is scheduled."""
        return self.services.standups.next_standup(program)

    def standup_summary(self, req: SummaryRequest) -> "Summary":
        """The stand-up summary for a program and day."""
        return self.services.standups.summary(req.program, req.day, req.audience, channel=req.channel)

    def standup_setup(self, schedule: "Schedule") -> "Schedule":
        """Save a channel's stand-up schedule (its program must exist)."""
        return self.services.standups.setup(schedule)

    def standup_away(self, req: AwayRequest) -> "Away":
        """Skip one stand-up, or be away for a number of stand-up days."""
        if req.days is None:
            return self.services.standups.skip(req.channel, req.user, req.start)
        return self.services.standups.ooo(req.channel, req.user, req.days, req.start)

    def standup_reply(self, req: ReplyRequest) -> "StandupUpdate":
        """Record a stand-up reply as an update (an edit replaces its earlier record)."""
        return self.services.standups.collect_reply(**req.model_dump())

    def program_name(self, program: str) -> str:
        """The program's name as people read it (the id stays for --json and the commands that take it)."""
        return self.services.records.program_name(program)

    def record_names(self, program: str) -> dict[str, str]:
        """Readable names of a program's use cases and workstreams, by id (what people read instead of ids)."""
        data = self.services.records.program(program)
        return {uc.id: uc.name for uc in data.use_cases} | {w.id: w.name for w in data.workstreams}

    # --- the program calendar: non-working days for stand-ups and reports ------------------------
    def days_off(self, program: str | None) -> tuple[str, list["DayOff"]]:
        """A program's non-working days (no stand-up, reminder, missing list or scheduled report on them)."""
        pid = self.resolve_program(program)
        return pid, self.services.records.days_off(pid)

    def add_days_off(self, program: str | None, days: list[Date], note: str = "") -> tuple[str, list["DayOff"]]:
        """Add non-working days to a program's calendar; InputError naming the fix for a date outside the program."""
        pid = self.resolve_program(program)
        return pid, self.services.records.add_days_off(pid, days, note)

    def remove_days_off(self, program: str | None, days: list[Date]) -> tuple[str, list[Date], list["DayOff"]]:
        """Remove non-working days; returns the program, the days that were not there, and the calendar left."""
        pid = self.resolve_program(program)
        absent, left = self.services.records.remove_days_off(pid, days)
        return pid, absent, left

    # --- the cadence: sprint review and retro, integration review, steering update ----------------
    def sprint_review(self, req: ReportRequest) -> "SprintReview":
        """Committed against completed, milestones, demos, the debt share and the completion trend for a sprint."""
        return self.services.reports.review(req.program, req.sprint, req.as_of)

    def sprint_retro(self, req: ReportRequest) -> "RetroReport":
        """The retro's action items and what has become of them, with the debt register beside them."""
        return self.services.reports.retro(req.program, req.sprint, req.as_of)

    def retro_add(self, req: RetroActions) -> "RetroReport":
        """Record retro action items (each with an owner and the sprint it is due in)."""
        return self.services.reports.record_retro(req.program, actions=list(req.actions), sprint=req.sprint, as_of=req.as_of)

    def retro_done(self, program: str | None, number: int, as_of: Date | None = None) -> "RetroReport":
        """Mark a retro action item done."""
        return self.services.reports.action_done(program, number, as_of)

    def integration_review(self, req: ReportRequest) -> "IntegrationReview":
        """The weekly integration review: who waits on whom and for how long, the resolution rate, blockers by age."""
        return self.services.reports.integration(req.program, req.as_of)

    def steering_update(self, req: ReportRequest, *, history: bool = False) -> "SteeringUpdate":
        """The monthly steering update: RAG per workstream, milestones, decisions, debt and the leading indicators."""
        return self.services.reports.steering(req.program, req.as_of, history=history)

    def report_schedule(self, schedule: "ReportSchedule") -> "ReportSchedule":
        """Schedule a report (integration review, steering update) in a channel, posted by the stand-up scheduler."""
        return self.services.standups.setup_report(schedule)

    def report_unschedule(self, channel: str, report: str) -> bool:
        """Stop a scheduled report in a channel; False when it was not scheduled there."""
        return self.services.standups.store.remove_report_schedule(channel, report)

    def report_schedules(self, channel: str | None = None) -> list["ReportSchedule"]:
        """Scheduled reports (of one channel, or everywhere)."""
        return [s for s, _ in self.services.standups.store.report_schedules_saved() if channel is None or s.channel == channel]

    def schedule(self, channel: str) -> "Schedule":
        """The channel's stand-up schedule; NotFoundError when it has none."""
        return self.services.standups.store.schedule(channel)

    def find_schedule(self, channel: str) -> "Schedule | None":
        """The channel's stand-up schedule, or None."""
        return self.services.standups.store.find_schedule(channel)

    def schedules(self) -> list["Schedule"]:
        """Every stand-up schedule."""
        return self.services.standups.store.schedules()

    def prompt_day(self, channel: str, thread_ts: str) -> Date | None:
        """The day of the stand-up prompt posted at `thread_ts`, or None when that message is no prompt."""
        return self.services.standups.store.prompt_day(channel, thread_ts)

    def standup_reply_at(self, channel: str, ts: str):
        """The stand-up reply recorded for a message, or None."""
        return self.services.standups.store.reply(channel, ts)

    def standup_runs(self, channel: str | None = None) -> list["Run"]:
        """What the scheduler posted (in one channel, or everywhere)."""
        return self.services.standups.store.runs(channel)

    def standup_run(self, channel: str, day: Date, kind: str) -> "Run | None":
        """The scheduler's record of one post (prompt, reminder or summary), or None before it was due."""
        return self.services.standups.store.run(channel, day, kind)

    def standup_scheduler(self, poster: "Poster", clock: Callable[[], datetime] | None = None) -> "Scheduler":
        """A scheduler posting through the face's poster."""
        standups = self.services.standups
        return standups.scheduler(poster) if clock is None else standups.scheduler(poster, clock=clock)

    # --- start-up -----------------------------------------------------------------------------------
    def warm(self) -> None:
        """Run each engine once at start-up, so the first person to ask does not pay for imports and caches."""
        # Warm the offline engines underneath any LLM path: start-up must not spend model calls.
        answerer, translator = self.services.offline_answerer, self.services.offline_translator
        steps = [("index", lambda: self.services.index.retriever()), ("translation", lambda: translator.translate("The nightly ETL job finished late."))]
        try:
            programs = self.programs()
        except Exception:  # noqa: BLE001 - no records yet
            programs = []
        if programs:
            steps += [("oversight", lambda: self.status(StatusRequest(program=programs[0]))), ("debt", lambda: self.debt_list(programs[0]))]
        steps.append(("answers", lambda: answerer.answer("What does the EATP oversee?", programs[0] if programs else None)))
        for name, step in steps:
            try:
                step()
            except Exception:  # noqa: BLE001 - a part that cannot warm up reports itself on first use, with its own message
                log.warning("could not warm up %s", name, exc_info=True)
