"""Stand-up state on the records database: schedules, runs (with their lease), absences and collected replies."""

from __future__ import annotations

import logging
from datetime import date as Date

from pydantic import BaseModel, ConfigDict
from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.errors import NotFoundError
from bot.standup.cadence import ReportSchedule
from bot.standup.schedule import Schedule
from store.calendar import read_days_off
from store.database import Database, open_feature_tables, upsert
from store.standup_tables import away, clause_vectors, metadata, replies, report_schedules, runs, schedules

log = logging.getLogger(__name__)

FINAL = ("posted", "missed")


class Run(BaseModel):
    """One scheduled post (a channel's prompt, reminder or summary on a day) and what became of it."""

    model_config = ConfigDict(extra="forbid")

    channel: str
    day: Date
    kind: str
    status: str
    owner: str
    lease_until: float
    attempts: int
    ts: str | None = None
    note: str = ""


class Away(BaseModel):
    """A person away from stand-ups: skipping one day, or out of office for a range."""

    model_config = ConfigDict(extra="forbid")

    channel: str
    user: str
    start: Date
    end: Date
    kind: str


class Reply(BaseModel):
    """A collected stand-up reply: the Slack message and the update it became."""

    model_config = ConfigDict(extra="forbid")

    channel: str
    ts: str
    program: str
    day: Date
    user: str
    update_id: str


def _run(row) -> Run:
    return Run(
        channel=row.channel, day=Date.fromisoformat(row.day), kind=row.kind, status=row.status, owner=row.owner,
        lease_until=row.lease_until, attempts=row.attempts, ts=row.ts, note=row.note or "",
    )


class StandupStore:
    """SQL tables of the stand-up feature, created on first use on the records database (safe across replicas)."""

    def __init__(self, url: str) -> None:
        self.url = url
        # The records schema first: its migration 5 moved the schedules' own holiday and skip dates into the program
        # calendar, which every schedule read here joins, so no schedule is read (or saved) before that move.
        records = Database(url)
        try:
            records.engine
        finally:
            records.close()
        self.engine = open_feature_tables(url, metadata, "stand-up store")

    def _with_days_off(self, conn, items: list) -> list:
        """The schedules, each carrying its program's non-working days."""
        calendar = read_days_off(conn, {s.program for s in items})
        return [s.model_copy(update={"days_off": frozenset(d.day for d in calendar[s.program])}) for s in items]

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()

    # --- schedules ----------------------------------------------------------------------------
    def save_schedule(self, schedule: Schedule, now: float) -> None:
        """Create or replace a channel's schedule."""
        with self.engine.begin() as conn:
            upsert(conn, schedules, dict(channel=schedule.channel, program=schedule.program, data=schedule.model_dump_json(), updated=now), ("channel",))

    def schedules(self) -> list[Schedule]:
        """Every channel's schedule, by channel."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(schedules.c.data).order_by(schedules.c.channel)).scalars().all()
            return self._with_days_off(conn, [Schedule.model_validate_json(r) for r in rows])

    def schedules_saved(self) -> list[tuple[Schedule, float]]:
        """Every schedule with when it was saved (posts due before then are not owed)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(schedules.c.data, schedules.c.updated).order_by(schedules.c.channel)).all()
            found = self._with_days_off(conn, [Schedule.model_validate_json(r.data) for r in rows])
        return list(zip(found, (r.updated for r in rows)))

    def find_schedule(self, channel: str) -> Schedule | None:
        """A channel's schedule, or None when it has none."""
        with self.engine.connect() as conn:
            data = conn.execute(select(schedules.c.data).where(schedules.c.channel == channel)).scalar_one_or_none()
            return self._with_days_off(conn, [Schedule.model_validate_json(data)])[0] if data is not None else None

    def schedule(self, channel: str) -> Schedule:
        """A channel's schedule; NotFoundError naming the fix when it has none."""
        found = self.find_schedule(channel)
        if found is None:
            known = ", ".join(s.channel for s in self.schedules()) or "none"
            raise NotFoundError(f"No stand-up is scheduled in channel {channel!r} (scheduled: {known}). Set one up with `compel standup setup`.")
        return found

    # --- report schedules (integration review, steering update) ---------------------------
    def save_report_schedule(self, schedule: ReportSchedule, now: float) -> None:
        """Create or replace one report's schedule in a channel."""
        with self.engine.begin() as conn:
            upsert(conn, report_schedules, dict(channel=schedule.channel, report=schedule.report, program=schedule.program,
                                                data=schedule.model_dump_json(), updated=now), ("channel", "report"))

    def remove_report_schedule(self, channel: str, report: str) -> bool:
        """Stop posting a report in a channel; False when it was not scheduled there."""
        with self.engine.begin() as conn:
            done = conn.execute(delete(report_schedules).where(report_schedules.c.channel == channel, report_schedules.c.report == report))
        return done.rowcount == 1

    def report_schedules_saved(self) -> list[tuple[ReportSchedule, float]]:
        """Every report schedule with when it was saved (reports due before then are not owed)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(report_schedules.c.data, report_schedules.c.updated)
                                .order_by(report_schedules.c.channel, report_schedules.c.report)).all()
            found = self._with_days_off(conn, [ReportSchedule.model_validate_json(r.data) for r in rows])
        return list(zip(found, (r.updated for r in rows)))

    # --- runs and their lease -------------------------------------------------------------
    def _key(self, channel: str, day: Date, kind: str):
        return and_(runs.c.channel == channel, runs.c.day == day.isoformat(), runs.c.kind == kind)

    def run(self, channel: str, day: Date, kind: str) -> Run | None:
        """The run of one post, if any replica has touched it."""
        with self.engine.connect() as conn:
            row = conn.execute(select(runs).where(self._key(channel, day, kind))).first()
        return _run(row) if row else None

    def runs(self, channel: str | None = None, day: Date | None = None) -> list[Run]:
        """Runs, optionally of one channel and day, in time order."""
        q = select(runs)
        if channel is not None:
            q = q.where(runs.c.channel == channel)
        if day is not None:
            q = q.where(runs.c.day == day.isoformat())
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(runs.c.day, runs.c.channel, runs.c.kind)).all()
        return [_run(r) for r in rows]

    def runs_since(self, day: Date) -> list[Run]:
        """Every run on or after a day (one query per scheduler tick)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(runs).where(runs.c.day >= day.isoformat())).all()
        return [_run(r) for r in rows]

    def claim(self, channel: str, day: Date, kind: str, owner: str, now: float, lease: float, max_attempts: int = 3) -> str:
        """Try to take the lease on one post: 'won', 'taken' (another replica has it or it is done) or 'stale'.

        'stale' means a replica claimed the post and stopped before saying whether it posted: the post may
        be in Slack already, so it is marked missed rather than posted a second time.
        """
        values = dict(channel=channel, day=day.isoformat(), kind=kind, status="claimed", owner=owner,
                      lease_until=now + lease, attempts=1, note="", updated=now)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(runs).values(**values))
            return "won"
        except IntegrityError:
            pass
        key = self._key(channel, day, kind)
        with self.engine.begin() as conn:
            row = conn.execute(select(runs).where(key)).first()
            if row is None or row.status in FINAL:
                return "taken"
            if row.status == "failed":
                if row.attempts >= max_attempts:
                    conn.execute(update(runs).where(key, runs.c.status == "failed").values(
                        status="missed", note=f"gave up after {row.attempts} failed attempts: {row.note}", updated=now))
                    return "taken"
                done = conn.execute(update(runs).where(key, runs.c.status == "failed", runs.c.attempts == row.attempts).values(
                    status="claimed", owner=owner, lease_until=now + lease, attempts=row.attempts + 1, updated=now))
                return "won" if done.rowcount == 1 else "taken"
            if row.lease_until < now:
                done = conn.execute(update(runs).where(key, runs.c.status == "claimed", runs.c.owner == row.owner, runs.c.lease_until == row.lease_until).values(
                    status="missed", note=f"replica {row.owner} stopped while posting; not posted again to avoid a double", updated=now))
                return "stale" if done.rowcount == 1 else "taken"
            return "taken"

    def finish(self, channel: str, day: Date, kind: str, owner: str, now: float, *, status: str, ts: str | None = None, note: str = "") -> bool:
        """Record the outcome of a claimed post (posted or failed); False when the lease was lost meanwhile."""
        with self.engine.begin() as conn:
            done = conn.execute(update(runs).where(self._key(channel, day, kind), runs.c.owner == owner, runs.c.status == "claimed").values(
                status=status, ts=ts, note=note, lease_until=now, updated=now))
        return done.rowcount == 1

    def mark_missed(self, channel: str, day: Date, kind: str, owner: str, now: float, note: str) -> bool:
        """Record that a post's time passed with no replica posting it; False when another replica got there first."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(runs).values(channel=channel, day=day.isoformat(), kind=kind, status="missed", owner=owner,
                                                 lease_until=now, attempts=0, note=note, updated=now))
            return True
        except IntegrityError:
            pass
        with self.engine.begin() as conn:  # a failed attempt, or an expired claim, whose time is now up
            done = conn.execute(update(runs).where(self._key(channel, day, kind), runs.c.status.in_(["failed", "claimed"]), runs.c.lease_until < now).values(
                status="missed", note=note, updated=now))
        return done.rowcount == 1

    def prompt_day(self, channel: str, thread_ts: str) -> Date | None:
        """The stand-up day whose prompt is the message `thread_ts` in this channel, if it is one."""
        with self.engine.connect() as conn:
            day = conn.execute(select(runs.c.day).where(runs.c.channel == channel, runs.c.kind == "prompt", runs.c.ts == thread_ts)).scalar_one_or_none()
        return Date.fromisoformat(day) if day else None

    # --- absences ------------------------------------------------------------------------------
    def add_away(self, item: Away) -> None:
        """Record a skip or an out-of-office range."""
        with self.engine.begin() as conn:
            conn.execute(insert(away).values(channel=item.channel, user=item.user, start=item.start.isoformat(), end=item.end.isoformat(), kind=item.kind))

    def away_on(self, channel: str, day: Date) -> dict[str, Away]:
        """People away from a channel's stand-up on a day: user -> absence."""
        d = day.isoformat()
        with self.engine.connect() as conn:
            rows = conn.execute(select(away).where(away.c.channel.in_([channel, "*"]), away.c.start <= d, away.c.end >= d)).all()
        return {r.user: Away(channel=r.channel, user=r.user, start=Date.fromisoformat(r.start), end=Date.fromisoformat(r.end), kind=r.kind) for r in rows}

    # --- collected replies -------------------------------------------------------------------
    def save_reply(self, reply: Reply) -> None:
        """Remember which update a Slack message became (an edit of the message updates the same record)."""
        with self.engine.begin() as conn:
            upsert(conn, replies, {**reply.model_dump(), "day": reply.day.isoformat()}, ("channel", "ts"))

    def reply(self, channel: str, ts: str) -> Reply | None:
        """The collected reply for a Slack message, if it was one."""
        with self.engine.connect() as conn:
            row = conn.execute(select(replies).where(replies.c.channel == channel, replies.c.ts == ts)).first()
        return Reply(**{**row._mapping, "day": Date.fromisoformat(row.day)}) if row else None

    def answered(self, program: str, day: Date) -> set[str]:
        """Slack users who replied to a program's stand-up on a day."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(replies.c.user).where(replies.c.program == program, replies.c.day == day.isoformat())).scalars().all()
        return set(rows)

    # --- clause vectors read ahead ----------------------------------------------------------
    def save_vectors(self, rows: dict[str, bytes], now: float) -> None:
        """Keep clause vectors by key; a key already kept stays as it is (the same clause gives the same vector)."""
        if not rows:
            return
        from sqlalchemy.dialects import postgresql, sqlite

        with self.engine.begin() as conn:
            dialect_insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(conn.dialect.name)
            known = set(conn.execute(select(clause_vectors.c.key).where(clause_vectors.c.key.in_(list(rows)))).scalars())
            fresh = [dict(key=k, vector=v, updated=now) for k, v in rows.items() if k not in known]
            if not fresh:
                return
            if dialect_insert is None:
                conn.execute(insert(clause_vectors), fresh)
            else:  # another replica may keep the same clause meanwhile
                conn.execute(dialect_insert(clause_vectors).on_conflict_do_nothing(index_elements=["key"]), fresh)

    def vectors(self, keys: list[str]) -> dict[str, bytes]:
        """The kept vectors of these keys (those that are kept)."""
        out: dict[str, bytes] = {}
        with self.engine.connect() as conn:
            for at in range(0, len(keys), 500):
                part = keys[at : at + 500]
                out.update({r.key: r.vector for r in conn.execute(select(clause_vectors.c.key, clause_vectors.c.vector).where(clause_vectors.c.key.in_(part)))})
        return out
