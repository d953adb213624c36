"""A program's calendar of non-working days: read, add and remove them, refusing a date outside the program."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as Date
from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field

from bot.errors import InputError
from store import schema
from store.models import ProgramData
from bot.prose import date_text

# How far past the program's last planned date a day off may be set: the schedulers look about a year ahead.
HORIZON = timedelta(days=366)


class DayOff(BaseModel):
    """A day the program does not work: no stand-up, no reminder, nobody missing, no scheduled report."""

    model_config = ConfigDict(extra="forbid")

    day: Date
    note: str = Field("", description="Why (a public holiday, a company day off); free text.")


def parse_days(values: Iterable[str], what: str = "") -> list[Date]:
    """Dates as people type them (YYYY-MM-DD, or several comma-separated); InputError naming the fix (and `what`
    was given, e.g. the option, when one is named)."""
    out: list[Date] = []
    for value in values:
        for part in filter(None, (p.strip() for p in str(value).split(","))):
            try:
                day = Date.fromisoformat(part)
            except ValueError:
                raise InputError(f"{what + ' ' if what else ''}{part!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-24.") from None
            if day not in out:
                out.append(day)
    return out


def days_off_text(days: Iterable[Date], most: int = 6) -> str:
    """'24 Dec 2026, 31 Dec 2026 and 2 more': the days in date order, the first few named."""
    ordered = sorted(days)
    named = [f"{date_text(d, year=True)}" for d in ordered[:most]] + ([f"{len(ordered) - most} more"] if len(ordered) > most else [])
    return ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else "".join(named)


def program_span(data: ProgramData) -> tuple[Date | None, Date | None]:
    """The first day a day off may fall on (the program's start) and the last (a year past its last planned date)."""
    starts = [data.program.start] if data.program.start else [s.start for s in data.sprints]
    planned = _planned_dates(data)
    first = min(starts) if starts else None
    last = max(planned) + HORIZON if planned else None
    return first, last


def _planned_dates(data: ProgramData) -> list[Date]:
    """Every date the program plans to: sprint ends and milestone dates."""
    days = [s.end for s in data.sprints]
    for uc in data.use_cases:
        for _key, milestone in uc.milestones.items():
            if milestone.planned is not None:
                days.append(milestone.planned)
    return days


def check_in_program(data: ProgramData, days: list[Date]) -> None:
    """InputError naming the fix when a day falls before the program starts or far past its plan."""
    first, last = program_span(data)
    name = data.program.name
    for day in days:
        if first is not None and day < first:
            raise InputError(f"{date_text(day, year=True)} is before {name} started on {date_text(first, year=True)}; give a date on or after it.")
        if last is not None and day > last:
            raise InputError(f"{date_text(day, year=True)} is more than a year past the last planned date of {name}; "
                             f"give a date up to {date_text(last, year=True)}.")


def read_days_off(conn, programs: Iterable[str]) -> dict[str, list[DayOff]]:
    """Each program's days off, in date order (programs with none map to an empty list)."""
    from sqlalchemy import select

    t = schema.non_working_days
    wanted = sorted(set(programs))
    out: dict[str, list[DayOff]] = {p: [] for p in wanted}
    if not wanted:
        return out
    rows = conn.execute(select(t.c.program_id, t.c.day, t.c.note).where(t.c.program_id.in_(wanted)).order_by(t.c.program_id, t.c.day))
    for row in rows:
        out[row.program_id].append(DayOff(day=row.day, note=row.note or ""))
    return out


class CalendarWrites:
    """What RecordStore offers for a program's calendar; `self` is the RecordStore."""

    def days_off(self, program_id: str) -> list[DayOff]:
        """The program's non-working days, in date order."""
        with self.db.read() as conn:
            self._program_row(conn, program_id)
            return read_days_off(conn, [program_id])[program_id]

    def add_days_off(self, program_id: str, days: list[Date], note: str = "") -> list[DayOff]:
        """Add days off (a day already there keeps its note unless a new one is given); returns the whole calendar."""
        from sqlalchemy import select

        check_in_program(self.program(program_id), days)
        t = schema.non_working_days
        with self.db.write() as conn:
            self._program_row(conn, program_id)
            known = set(conn.execute(select(t.c.day).where(t.c.program_id == program_id)).scalars())
            fresh = [{"program_id": program_id, "day": d, "note": note} for d in days if d not in known]
            if fresh:
                conn.execute(t.insert(), fresh)
            if note:
                again = [d for d in days if d in known]
                if again:
                    conn.execute(t.update().where(t.c.program_id == program_id, t.c.day.in_(again)).values(note=note))
            return read_days_off(conn, [program_id])[program_id]

    def remove_days_off(self, program_id: str, days: list[Date]) -> tuple[list[Date], list[DayOff]]:
        """Remove days off; returns the days that were not in the calendar and the calendar left."""
        t = schema.non_working_days
        with self.db.write() as conn:
            self._program_row(conn, program_id)
            before = {d.day for d in read_days_off(conn, [program_id])[program_id]}
            if days:
                conn.execute(t.delete().where(t.c.program_id == program_id, t.c.day.in_(days)))
            return [d for d in days if d not in before], read_days_off(conn, [program_id])[program_id]
