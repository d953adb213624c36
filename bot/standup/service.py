"""Stand-ups bound to the stores: set up, skip and ooo, collect replies, summarise, and the scheduler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date as Date
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from bot.errors import InputError, PermissionDenied
from bot.standup.collect import collect, update_id
from bot.standup.model import Summary, check_summary
from bot.standup.readahead import keep, preload
from bot.standup.schedule import Schedule, away_until, local_day
from bot.standup.scheduler import Clock, Poster, Scheduler, utc_now
from bot.standup.store import Away, Reply, StandupStore
from bot.standup.summary import build_summary, person_names, proper_names, window_start
from bot.prose import time_text

if TYPE_CHECKING:
    from bot.standup.cadence import ReportSchedule
    from bot.standup.schedule import NextStandup
    from store.models import StandupUpdate
    from store.records import RecordStore

log = logging.getLogger(__name__)

AUDIENCES = ("team", "sponsor", "steering")
READ_AHEAD_DAYS = 7  # a summary covers the updates since the last stand-up day: a week holds any gap but a holiday
READ_AHEAD_LIMIT = 300  # updates read ahead after a bulk import (a few seconds of embedding)


def _understand(translator: Any):
    """The shared update analysis the translator reads with (one batch over many updates), when it has one."""
    understander = getattr(translator, "understander", None)
    return getattr(understander, "analyse_many", None)


class Standups:
    """The stand-up feature over the records store, the translator and the stand-up tables."""

    def __init__(self, settings: Settings, records: Callable[[], "RecordStore"], translator: Callable[[], Any], glossary: Callable[[], Any]) -> None:
        self.settings = settings
        self._records = records
        self._translator = translator
        self._glossary = glossary
        self._store: StandupStore | None = None
        self._today: Callable[[], Date] = Date.today

    @property
    def records(self) -> "RecordStore":
        return self._records()

    @property
    def store(self) -> StandupStore:
        """The stand-up tables (created on first use)."""
        if self._store is None:
            self._store = StandupStore(self.settings.records_url)
        return self._store

    def close(self) -> None:
        """Release database connections."""
        if self._store is not None:
            self._store.close()

    # --- the summary ----------------------------------------------------------------------------
    def summary(self, program: str | None = None, day: Date | None = None, audience: str = "team", *, channel: str | None = None) -> Summary:
        """The stand-up summary for a program and day; participants and absences come from the channel's schedule when given."""
        if audience not in AUDIENCES:
            raise InputError(f"Unknown audience {audience!r}; use one of {', '.join(AUDIENCES)}.")
        pid = self.records.resolve_program(program)
        data = self.records.program(pid)
        day = day or self.today()  # dated today; a stale-records notice says so when the updates stopped earlier
        expected = away = None
        reported: set[str] = set()
        day_off = any(d.day == day for d in self.records.days_off(pid))
        if channel is not None:
            schedule = self.store.schedule(channel)
            if schedule.participants:
                expected = list(schedule.participants)
            away = set(self.store.away_on(channel, day))
            reported = self.store.answered(pid, day)  # Slack ids of who replied, since updates carry display names
        glossary = self._glossary()
        translator = self._translator()
        self._preload(data, day)
        result = build_summary(
            data, day, self.settings, audience=audience, translate=translator.translate, glossary=glossary,
            understand=_understand(translator),
            expected=expected, away=away or frozenset(), reported=reported, day_off=day_off,
        )
        problems = check_summary(result, {u.id for u in data.updates}, glossary, person_names(data), proper_names(data))
        for line in problems:
            log.warning("stand-up summary check: %s", line)
        return result

    def today(self) -> Date:
        """Today's date, from the clock this service was given."""
        return self._today()

    # --- schedules and absences ----------------------------------------------------------------
    def next_standup(self, program: str, now: datetime | None = None) -> "NextStandup | None":
        """The program's next stand-up prompt (for App Home): when, in words, and its channel's id; None when none is scheduled."""
        from bot.standup.schedule import NextStandup, next_posts

        now = now or utc_now()
        upcoming = []
        for schedule in self.store.schedules():
            if schedule.program == program:
                nxt = next_posts(schedule, now)
                if nxt.prompt is not None:
                    upcoming.append((nxt.prompt, schedule))
        if not upcoming:
            return None
        when, schedule = min(upcoming, key=lambda p: p[0])
        return NextStandup(when=f"{time_text(when.astimezone(schedule.zone))} ({schedule.timezone})", channel=schedule.channel)

    def setup(self, schedule: Schedule) -> Schedule:
        """Save a channel's schedule, checking that its program exists."""
        self.records.resolve_program(schedule.program)
        self.store.save_schedule(schedule, datetime.now(timezone.utc).timestamp())
        return schedule

    def setup_report(self, schedule: "ReportSchedule") -> "ReportSchedule":
        """Save a report's schedule in a channel, checking that its program exists."""
        self.records.resolve_program(schedule.program)
        self.store.save_report_schedule(schedule, datetime.now(timezone.utc).timestamp())
        return schedule

    def check_participant(self, channel: str, user: str, program: str) -> None:
        """Stand-up updates and absences come only from a stand-up's participants (or an admin), for that stand-up's program.

        A schedule that lists nobody takes everyone in its own channel (the channel is then who takes part).
        """
        if user in self.settings.admins:
            return
        for schedule in self.store.schedules():
            if schedule.program == program and (user in schedule.participants or (not schedule.participants and schedule.channel == channel)):
                return
        raise PermissionDenied(
            f"you are not among the participants of a stand-up of {self.records.program_name(program)}; ask an admin to add you "
            "(`/compel standup setup people=@you` in its channel)."
        )

    def skip(self, channel: str, user: str, day: Date | None = None, now: datetime | None = None) -> Away:
        """Skip one stand-up (the next one to come, or a given day)."""
        schedule = self.store.schedule(channel)
        self.check_participant(channel, user, schedule.program)
        day = day or local_day(schedule, now or utc_now())
        item = Away(channel=channel, user=user, start=day, end=day, kind="skip")
        self.store.add_away(item)
        return item

    def ooo(self, channel: str, user: str, days: int, start: Date | None = None, now: datetime | None = None) -> Away:
        """Out of office for `days` stand-up days from `start` (weekends and holidays do not count)."""
        if days < 1 or days > 260:
            raise InputError(f"ooo takes a number of stand-up days from 1 to 260, not {days}; e.g. `ooo 3`.")
        schedule = self.store.schedule(channel)
        self.check_participant(channel, user, schedule.program)
        start = start or local_day(schedule, now or utc_now())
        item = Away(channel=channel, user=user, start=start, end=away_until(schedule, start, days), kind="ooo")
        self.store.add_away(item)
        return item

    # --- collection ------------------------------------------------------------------------------
    def collect_reply(
        self, *, channel: str, ts: str, user: str, author: str, text: str, day: Date, program: str, source_link: str | None = None,
        admin: bool = False,
    ) -> "StandupUpdate":
        """Turn a reply (thread, DM, modal or command) into a StandupUpdate; the same message edited replaces its record.

        `admin`: the face has already found the person to be an admin (the console's own user is one).
        """
        if not text.strip():
            raise InputError("The stand-up reply is empty; write what you did, what is next and what blocks you.")
        if not admin:
            self.check_participant(channel, user, program)
        data = self.records.program(program)
        previous = self.store.reply(channel, ts)
        uid = previous.update_id if previous else update_id(channel, ts)
        update = collect(text, data=data, author=author, day=previous.day if previous else day, update_id=uid,
                         source_link=source_link, glossary=self._glossary())
        self.records.import_records(program, "updates", [update], source="stand-up reply")
        self._read_ahead(text)
        self.store.save_reply(Reply(channel=channel, ts=ts, program=program, day=update.date, user=user, update_id=uid))
        return update

    def _understander(self):
        return getattr(self._translator(), "understander", None)

    def _read_ahead(self, text: str) -> None:
        """Read the update with the shared analysis now, and keep its clause vectors, so the summary finds it read."""
        understander = self._understander()
        if understander is None:
            return
        try:
            keep(understander, [text], self.store)
        except Exception:  # noqa: BLE001 - reading ahead only saves time later; the update is already recorded
            log.debug("could not read the update ahead", exc_info=True)

    def read_ahead(self, program: str, *, days: int = READ_AHEAD_DAYS, limit: int = READ_AHEAD_LIMIT) -> int:
        """Read a program's newest updates (imported in bulk) and keep their clause vectors; returns the clauses kept.

        Only the last days' updates: they are what the next summaries cover, and a large history would take minutes.
        """
        understander = self._understander()
        data = self.records.program(self.records.resolve_program(program))
        if understander is None or not data.updates:
            return 0
        newest = max(u.date for u in data.updates)
        recent = sorted((u for u in data.updates if (newest - u.date).days < days and u.text), key=lambda u: u.date, reverse=True)[:limit]
        return keep(understander, [u.text for u in recent], self.store)

    def _preload(self, data, day: Date) -> None:
        """Put the kept clause vectors of the updates a summary may cover into the analysis (read ahead elsewhere)."""
        understander = self._understander()
        if understander is None:
            return
        since = window_start(day)  # what the summary covers, no more: a large program has many older updates
        texts = [u.text for u in data.updates if u.text and since <= u.date <= day]
        try:
            preload(understander, texts, self.store)
        except Exception:  # noqa: BLE001 - without the kept vectors the summary embeds the clauses itself
            log.debug("could not load the kept clause vectors", exc_info=True)

    def scheduler(self, poster: Poster, *, clock: Clock = utc_now, replica: str | None = None) -> Scheduler:
        """A scheduler posting through `poster`."""
        return Scheduler(self.store, poster, clock=clock, replica=replica)
