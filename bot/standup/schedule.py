"""Stand-up schedules (pure): which days run, and when prompts, reminders and summaries are due, in the channel's time zone."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime, time, timedelta, timezone
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
KINDS: tuple[str, ...] = ("prompt", "reminder", "summary")  # in the order they fall in a day
Audience = Literal["team", "sponsor", "steering"]


def _known_zone(value: str) -> str:
    """The value when it names an IANA time zone; otherwise a one-line error naming the fix."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r}; use an IANA name such as Europe/Oslo or America/New_York") from None
    return value


# An IANA time zone name, checked when a schedule is built (the stand-up's and the reports').
TimeZoneName = Annotated[str, AfterValidator(_known_zone)]


class Schedule(BaseModel):
    """One channel's stand-up: days, prompt and summary times in its time zone, participants, and its program's days off."""

    model_config = ConfigDict(extra="forbid")

    channel: str = Field(min_length=1)
    program: str = Field(min_length=1)
    timezone: TimeZoneName = "UTC"
    days: list[Weekday] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    prompt_at: time = time(9, 30)
    summary_at: time = time(16, 0)
    reminder_before: int = Field(60, ge=0, le=24 * 60, description="Minutes before the summary to remind; 0 means no reminder.")
    participants: list[str] = Field(default_factory=list)
    # Filled from the program's calendar whenever a schedule is read (store/calendar.py); never saved with the schedule.
    days_off: frozenset[Date] = Field(default_factory=frozenset, exclude=True, description="The program's non-working days.")
    audience: Audience = "team"
    summary_in: Literal["thread", "channel", "both"] = "thread"

    @model_validator(mode="after")
    def _order(self) -> "Schedule":
        if self.summary_at <= self.prompt_at:
            raise ValueError(f"the summary ({self.summary_at:%H:%M}) must come after the prompt ({self.prompt_at:%H:%M})")
        if not self.days:
            raise ValueError("no stand-up days; give at least one of mon..sun")
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The channel's time zone."""
        return ZoneInfo(self.timezone)


def is_standup_day(schedule: Schedule, day: Date) -> bool:
    """True when a stand-up runs on this local date (its weekday is scheduled and the program works that day)."""
    return WEEKDAYS[day.weekday()] in schedule.days and day not in schedule.days_off


def _at(schedule: Schedule, day: Date, when: time) -> datetime:
    """A local wall-clock time on a day, in UTC (a time skipped by a DST change moves forward with it)."""
    local = datetime.combine(day, when, tzinfo=schedule.zone)
    return local.astimezone(timezone.utc)


def due_times(schedule: Schedule, day: Date) -> dict[str, datetime]:
    """When each post is due on a stand-up day, in UTC: prompt, reminder (when enabled) and summary."""
    summary = _at(schedule, day, schedule.summary_at)
    prompt = _at(schedule, day, schedule.prompt_at)
    due = {"prompt": prompt}
    if schedule.reminder_before:
        due["reminder"] = max(prompt, summary - timedelta(minutes=schedule.reminder_before))
    due["summary"] = summary
    return due


def local_day(schedule: Schedule, now: datetime) -> Date:
    """The channel's local date at an instant."""
    return now.astimezone(schedule.zone).date()


def standup_days(schedule: Schedule, start: Date, end: Date) -> list[Date]:
    """Stand-up days from start to end, both included."""
    days, day = [], start
    while day <= end:
        if is_standup_day(schedule, day):
            days.append(day)
        day += timedelta(days=1)
    return days


def next_standup_day(schedule: Schedule, after: Date, *, include: bool = False) -> Date | None:
    """The first stand-up day after a date (or on it, with include); None when none falls within a year."""
    day = after if include else after + timedelta(days=1)
    for _ in range(366):
        if is_standup_day(schedule, day):
            return day
        day += timedelta(days=1)
    return None


class NextPosts(BaseModel):
    """The next prompt and summary of a channel, in UTC and in its local time."""

    model_config = ConfigDict(extra="forbid")

    channel: str
    day: Date | None
    prompt: datetime | None
    summary: datetime | None
    timezone: str


class NextStandup(BaseModel):
    """A program's next stand-up prompt: when, in words in its channel's time zone, and the channel's Slack id.

    The channel stays an id, never markup: a view links it (a Slack face) or names it (any other).
    """

    model_config = ConfigDict(extra="forbid")

    when: str
    channel: str


def next_posts(schedule: Schedule, now: datetime) -> NextPosts:
    """The next prompt and summary still to come at `now` (the summary may be today's while the prompt is tomorrow's)."""
    day = local_day(schedule, now)
    prompt = summary = None
    found_day = None
    candidate = next_standup_day(schedule, day, include=True)
    while candidate is not None and (prompt is None or summary is None):
        due = due_times(schedule, candidate)
        if prompt is None and due["prompt"] > now:
            prompt = due["prompt"]
        if summary is None and due["summary"] > now:
            summary = due["summary"]
            found_day = candidate
        candidate = next_standup_day(schedule, candidate)
    return NextPosts(channel=schedule.channel, day=found_day, prompt=prompt, summary=summary, timezone=schedule.timezone)


def away_until(schedule: Schedule, start: Date, working_days: int) -> Date:
    """The last date of an absence covering `working_days` stand-up days from `start` (weekends and days off skipped)."""
    if working_days < 1:
        raise ValueError("an absence covers at least one stand-up day")
    day = start if is_standup_day(schedule, start) else next_standup_day(schedule, start)
    last = day or start
    for _ in range(working_days - 1):
        nxt = next_standup_day(schedule, last)
        if nxt is None:
            break
        last = nxt
    return last


def _weekday(word: str) -> str:
    """'mon', 'Monday' or 'tues' -> 'mon' (three letters or more of the day's name); ValueError naming the word."""
    import calendar

    for key, name in zip(WEEKDAYS, calendar.day_name):
        if len(word) >= 3 and name.lower().startswith(word):
            return key
    raise ValueError(f"unknown day {word!r}; use mon, tue, wed, thu, fri, sat, sun (ranges like mon-fri)")


def parse_days(text: str) -> list[str]:
    """'mon-fri', 'mon,wed,fri' or 'weekdays' -> weekday names; ValueError naming the bad part."""
    text = text.strip().lower()
    if text in ("weekdays", "workdays"):
        return list(WEEKDAYS[:5])
    if text in ("daily", "every day", "all"):
        return list(WEEKDAYS)
    out: list[str] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        first, sep, last = part.partition("-")
        names = [_weekday(n.strip()) for n in (first, last) if n.strip()]
        if sep:
            i, j = WEEKDAYS.index(names[0]), WEEKDAYS.index(names[1])
            span = WEEKDAYS[i : j + 1] if i <= j else WEEKDAYS[i:] + WEEKDAYS[: j + 1]
            out.extend(d for d in span if d not in out)
        elif names[0] not in out:
            out.append(names[0])
    return out
