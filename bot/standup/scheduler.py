"""The scheduler: posts each due prompt, reminder, summary and scheduled report exactly once across replicas, catching up or marking missed."""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Callable
from datetime import date as Date
from datetime import datetime, timedelta, timezone
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from bot.prose import time_text
from bot.standup.cadence import ReportSchedule, due_at, report_days
from bot.standup.schedule import Schedule, due_times, local_day, standup_days
from bot.standup.store import FINAL, Run, StandupStore

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock (tests pass their own)."""
    return datetime.now(timezone.utc)


class PostRequest(BaseModel):
    """One post the scheduler asks for: what, where, for which day, in which thread, and who has not answered."""

    model_config = ConfigDict(extra="forbid")

    kind: str  # prompt | reminder | summary, or a report: integration | steering
    schedule: Schedule | ReportSchedule
    day: Date
    thread_ts: str | None = None
    pending: list[str] = Field(default_factory=list, description="Participants present who have not answered yet.")
    late: bool = Field(False, description="Caught up after its time (the bot was down when it was due).")


class Poster(Protocol):
    """Posts one message (Slack, a console, a test recorder); returns the message ts, or None when nothing was posted."""

    def post(self, request: PostRequest) -> str | None:
        """Post it."""


class Outcome(BaseModel):
    """What one replica did with one due post."""

    model_config = ConfigDict(extra="forbid")

    channel: str
    day: Date
    kind: str
    result: str  # posted | missed | failed | stale | nothing
    ts: str | None = None
    note: str = ""


def _missed_note(at: datetime, deadline: datetime, zone) -> str:
    """Why a post was marked missed, in the channel's time: 'due Mon 30 Nov 09:30 CET; not posted by Mon 30 Nov 16:00 CET'."""
    return f"due {time_text(at.astimezone(zone), zone=True)}; no replica posted it by {time_text(deadline.astimezone(zone), zone=True)}"


class Scheduler:
    """Runs due posts for every scheduled channel; safe to run on several replicas against one database."""

    def __init__(
        self,
        store: StandupStore,
        poster: Poster,
        *,
        clock: Clock = utc_now,
        replica: str | None = None,
        lease: timedelta = timedelta(minutes=5),
        summary_grace: timedelta = timedelta(hours=6),
        lookback_days: int = 3,
    ) -> None:
        self.store = store
        self.poster = poster
        self.clock = clock
        self.replica = replica or f"{socket.gethostname()}-{uuid.uuid4().hex[:6]}"
        self.lease = lease
        self.summary_grace = summary_grace
        self.lookback_days = lookback_days

    def deadline(self, kind: str, due: dict[str, datetime]) -> datetime:
        """After this, a post not made is marked missed: prompts and reminders are pointless once the summary is due."""
        return due["summary"] + self.summary_grace if kind == "summary" else due["summary"]

    def due_posts(self, now: datetime) -> tuple[list[tuple[Schedule, Date, str, datetime, dict[str, datetime]]], dict]:
        """The stand-up posts due at `now` and not yet made (schedule, day, kind, when due, that day's due times), and
        the runs read; what `tick` makes, and what `compel standup post --dry-run` lists."""
        saved = self.store.schedules_saved()
        if not saved:
            return [], {}
        earliest = min(local_day(s, now) for s, _ in saved) - timedelta(days=self.lookback_days)
        done = {(r.channel, r.day, r.kind): r for r in self.store.runs_since(earliest)}
        out = []
        for schedule, since in saved:
            today = local_day(schedule, now)
            for day in standup_days(schedule, today - timedelta(days=self.lookback_days), today):
                due = due_times(schedule, day)
                for kind, at in due.items():
                    if not self._open(done.get((schedule.channel, day, kind)), at, since, now):
                        continue
                    out.append((schedule, day, kind, at, due))
        return out, done

    def due_reports(self, now: datetime) -> list[tuple[ReportSchedule, Date, datetime]]:
        """The scheduled reports due at `now` and not yet posted (schedule, day, when due)."""
        saved = self.store.report_schedules_saved()
        if not saved:
            return []
        earliest = min(now.astimezone(s.zone).date() for s, _ in saved) - timedelta(days=self.lookback_days)
        done = {(r.channel, r.day, r.kind): r for r in self.store.runs_since(earliest)}
        out = []
        for schedule, since in saved:
            today = now.astimezone(schedule.zone).date()
            for day in report_days(schedule, today - timedelta(days=self.lookback_days), today):
                at = due_at(schedule, day)
                if self._open(done.get((schedule.channel, day, schedule.report)), at, since, now):
                    out.append((schedule, day, at))
        return out

    @staticmethod
    def _open(run: Run | None, at: datetime, since: float, now: datetime) -> bool:
        """A post to make now: due, scheduled before it fell due, and neither made nor being made by a live replica."""
        if at > now or at.timestamp() < since:
            return False
        return run is None or not (run.status in FINAL or (run.status == "claimed" and run.lease_until >= now.timestamp()))

    def too_late(self, kind: str, at: datetime, due: dict[str, datetime] | None, now: datetime) -> bool:
        """True when a due post is past its deadline at `now`: it is marked missed, not posted."""
        return now > (self.deadline(kind, due) if due is not None else at + self.summary_grace)

    def tick(self, now: datetime | None = None) -> list[Outcome]:
        """Make every post that is due and not yet made; returns what this replica did."""
        now = now or self.clock()
        posts, done = self.due_posts(now)
        out: list[Outcome] = []
        for schedule, day, kind, at, due in posts:
            outcome = self._one(schedule, day, kind, at, due, now, done)
            if outcome is not None:
                out.append(outcome)
        return out + self.tick_reports(now)

    def tick_reports(self, now: datetime) -> list[Outcome]:
        """Post every scheduled report (integration review, steering update) that is due and not yet posted."""
        out: list[Outcome] = []
        for schedule, day, at in self.due_reports(now):
            outcome = self._report(schedule, day, at, now)
            if outcome is not None:
                out.append(outcome)
        return out

    def _claim(self, channel: str, day: Date, kind: str, stamp: float, *, missed: bool, note: str, what: str) -> "Outcome | bool":
        """True when this replica won the post; an Outcome when it was missed or left stale; False when another has it."""
        if missed:
            if self.store.mark_missed(channel, day, kind, self.replica, stamp, note):
                log.warning("%s for %s on %s missed: %s", what, channel, day, note)
                return Outcome(channel=channel, day=day, kind=kind, result="missed", note=note)
            return False
        result = self.store.claim(channel, day, kind, self.replica, stamp, self.lease.total_seconds())
        if result == "stale":
            return Outcome(channel=channel, day=day, kind=kind, result="stale", note="a replica stopped mid-post; marked missed, not posted twice")
        return result == "won"

    def _report(self, schedule: ReportSchedule, day: Date, at: datetime, now: datetime) -> Outcome | None:
        channel, kind, stamp = schedule.channel, schedule.report, now.timestamp()
        deadline = at + self.summary_grace  # a report hours late is still worth reading; one from days ago is not
        note = _missed_note(at, deadline, schedule.zone)
        won = self._claim(channel, day, kind, stamp, missed=now > deadline, note=note, what=f"{kind} report")
        if won is not True:
            return won or None
        request = PostRequest(kind=kind, schedule=schedule, day=day, late=now - at > timedelta(minutes=15))
        try:
            ts = self.poster.post(request)
        except Exception as exc:  # noqa: BLE001 - recorded as failed; another tick (or replica) retries it
            log.warning("posting the %s report for %s on %s failed", kind, channel, day, exc_info=True)
            self.store.finish(channel, day, kind, self.replica, stamp, status="failed", note=str(exc)[:200])
            return Outcome(channel=channel, day=day, kind=kind, result="failed", note=str(exc)[:200])
        self.store.finish(channel, day, kind, self.replica, stamp, status="posted", ts=ts)
        return Outcome(channel=channel, day=day, kind=kind, result="posted", ts=ts)

    def _one(self, schedule: Schedule, day: Date, kind: str, at: datetime, due: dict[str, datetime], now: datetime, done: dict) -> Outcome | None:
        channel, stamp = schedule.channel, now.timestamp()
        deadline = self.deadline(kind, due)
        note = _missed_note(at, deadline, schedule.zone)
        won = self._claim(channel, day, kind, stamp, missed=now > deadline, note=note, what=f"stand-up {kind}")
        if won is not True:
            return won or None
        prompt = done.get((channel, day, "prompt")) or self.store.run(channel, day, "prompt")
        request = PostRequest(
            kind=kind, schedule=schedule, day=day, thread_ts=prompt.ts if prompt is not None and prompt.status == "posted" else None,
            pending=self.pending(schedule, day) if kind == "reminder" else [], late=now - at > timedelta(minutes=15),
        )
        try:
            ts = None if kind == "reminder" and not request.pending else self.poster.post(request)
        except Exception as exc:  # noqa: BLE001 - recorded as failed; another tick (or replica) retries it
            log.warning("posting the %s for %s on %s failed", kind, channel, day, exc_info=True)
            self.store.finish(channel, day, kind, self.replica, stamp, status="failed", note=str(exc)[:200])
            return Outcome(channel=channel, day=day, kind=kind, result="failed", note=str(exc)[:200])
        self.store.finish(channel, day, kind, self.replica, stamp, status="posted", ts=ts,
                          note="" if ts or kind != "reminder" else "everyone had answered")
        done[(channel, day, kind)] = Run(channel=channel, day=day, kind=kind, status="posted", owner=self.replica, lease_until=stamp, attempts=1, ts=ts)
        return Outcome(channel=channel, day=day, kind=kind, result="posted" if ts or kind != "reminder" else "nothing", ts=ts)

    def pending(self, schedule: Schedule, day: Date) -> list[str]:
        """Participants present on a day who have not answered yet."""
        away = self.store.away_on(schedule.channel, day)
        answered = self.store.answered(schedule.program, day)
        return [p for p in schedule.participants if p not in away and p not in answered]
