"""Report schedules (pure): the weekly integration review and the monthly steering update, per channel, in its time zone."""

from __future__ import annotations

import calendar
from datetime import date as Date
from datetime import datetime, time, timedelta, timezone
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.standup.schedule import WEEKDAYS, TimeZoneName, Weekday
from bot.prose import date_text

REPORTS: tuple[str, ...] = ("integration", "steering")
Report = Literal["integration", "steering"]
Cadence = Literal["weekly", "monthly"]
# Article 1's rhythm: integration reviews weekly, steering updates monthly; either can be set the other way.
DEFAULT_CADENCE: dict[str, str] = {"integration": "weekly", "steering": "monthly"}


class ReportSchedule(BaseModel):
    """One report posted in a channel on a weekly weekday or a monthly day, at a local time, not on its program's days off."""

    model_config = ConfigDict(extra="forbid")

    channel: str = Field(min_length=1)
    program: str = Field(min_length=1)
    report: Report
    cadence: Cadence = "weekly"
    weekday: Weekday = "mon"
    day_of_month: int = Field(1, ge=1, le=31, description="A day past the month's end means its last day (31 -> 30 Apr, 28 Feb).")
    at: time = time(10, 0)
    timezone: TimeZoneName = "UTC"
    # Filled from the program's calendar whenever a schedule is read (store/calendar.py); never saved with the schedule.
    days_off: frozenset[Date] = Field(default_factory=frozenset, exclude=True, description="The program's non-working days.")

    @model_validator(mode="after")
    def _no_stray_time(self) -> "ReportSchedule":
        if self.at.tzinfo is not None:
            raise ValueError("give the time as local wall-clock HH:MM; the time zone is set apart")
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The channel's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def when(self) -> str:
        """The cadence in words: 'every Monday at 10:00 (Europe/Oslo)' or 'monthly on day 31 at 09:00 (UTC)'."""
        if self.cadence == "weekly":
            day = calendar.day_name[WEEKDAYS.index(self.weekday)]
            return f"every {day} at {self.at:%H:%M} ({self.timezone})"
        last = " (the month's last day when shorter)" if self.day_of_month > 28 else ""
        return f"monthly on day {self.day_of_month}{last} at {self.at:%H:%M} ({self.timezone})"


def late_note(schedule: ReportSchedule, day: Date) -> str:
    """The line a report posted after its time carries, saying when it was due."""
    return f"Posted late: this report was due {date_text(day, weekday=True, full=True)} at {schedule.at:%H:%M} ({schedule.timezone})."


def is_report_day(schedule: ReportSchedule, day: Date) -> bool:
    """True when the report falls on this local date and the program works that day."""
    if day in schedule.days_off:
        return False
    if schedule.cadence == "weekly":
        return WEEKDAYS[day.weekday()] == schedule.weekday
    last = calendar.monthrange(day.year, day.month)[1]
    return day.day == min(schedule.day_of_month, last)


def report_days(schedule: ReportSchedule, start: Date, end: Date) -> list[Date]:
    """Report dates from start to end, both included."""
    days, day = [], start
    while day <= end:
        if is_report_day(schedule, day):
            days.append(day)
        day += timedelta(days=1)
    return days


def due_at(schedule: ReportSchedule, day: Date) -> datetime:
    """When the report of a local date is due, in UTC (a time skipped by a DST change moves forward with it)."""
    return datetime.combine(day, schedule.at, tzinfo=schedule.zone).astimezone(timezone.utc)


def next_report(schedule: ReportSchedule, now: datetime) -> datetime | None:
    """The next time the report is due after `now`, in UTC; None when none falls within about a year (all skipped)."""
    day = now.astimezone(schedule.zone).date()
    for _ in range(400):
        if is_report_day(schedule, day) and due_at(schedule, day) > now:
            return due_at(schedule, day)
        day += timedelta(days=1)
    return None


def parse_on(text: str, cadence: str) -> dict:
    """'mon' (weekly) or '15' (monthly) -> the schedule field it sets; ValueError naming the fix."""
    value = text.strip().lower()
    if cadence == "weekly":
        if value[:3] not in WEEKDAYS:
            raise ValueError(f"a weekly report needs a weekday (mon..sun), not {text!r}")
        return {"weekday": value[:3]}
    if not value.isdigit() or not 1 <= int(value) <= 31:
        raise ValueError(f"a monthly report needs a day of the month from 1 to 31, not {text!r}")
    return {"day_of_month": int(value)}


def make_schedule(channel: str, program: str, report: str, *, cadence: str | None = None, on: str | None = None,
                  at: str | None = None, tz: str | None = None) -> ReportSchedule:
    """A report schedule from the words people type (CLI options, `/compel report schedule` fields); ValueError naming the fix."""
    if report not in REPORTS:
        raise ValueError(f"unknown report {report!r}; schedule one of {', '.join(REPORTS)}")
    cadence = (cadence or DEFAULT_CADENCE[report]).lower()
    if cadence not in ("weekly", "monthly"):
        raise ValueError(f"unknown cadence {cadence!r}; use weekly or monthly")
    values: dict = {"channel": channel, "program": program, "report": report, "cadence": cadence}
    if on:
        values.update(parse_on(on, cadence))
    if at:
        try:
            values["at"] = datetime.strptime(at.strip(), "%H:%M").time()
        except ValueError:
            raise ValueError(f"{at!r} is not a time; write HH:MM, e.g. 10:00") from None
    if tz:
        values["timezone"] = tz.strip()
    return ReportSchedule(**values)
