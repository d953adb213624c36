"""Moving a program in time: every date shifted by the same number of days (the demo made current)."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime, timedelta

from store.models import ProgramData


def _shift(value, delta: timedelta):
    if isinstance(value, datetime):
        return value  # no record holds a time of day; leave one alone rather than guess
    if isinstance(value, Date):
        return value + delta
    if isinstance(value, dict):
        return {k: _shift(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, delta) for v in value]
    return value


def latest_weekday(day: Date) -> Date:
    """The day itself, or the Friday before when it falls on a weekend."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def shift_program(data: ProgramData, days: int) -> ProgramData:
    """The same program with every date moved by `days` (sprints, updates, milestones, requests, debt, decisions)."""
    if days == 0:
        return data
    moved = _shift(data.model_dump(), timedelta(days=days))
    for u in moved["updates"]:
        u["sprint"] = None  # recomputed from the shifted sprint dates
    # A month of spend is a calendar month, not a day: it moves by whole months, so two months never land in one.
    months = round(days / _MONTH_DAYS)
    for before, after in zip(data.costs, moved["costs"]):
        after["month"] = _add_months(before.month.replace(day=1), months)
    return ProgramData.model_validate(moved)


_MONTH_DAYS = 365.25 / 12


def _add_months(day: Date, months: int) -> Date:
    """The first of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return Date(index // 12, index % 12 + 1, 1)


def days_to_current(data: ProgramData, today: Date) -> int:
    """Days to move a program so that its newest stand-up update falls on the latest weekday up to `today`."""
    dates = [u.date for u in data.updates] or [s.end for s in data.sprints]
    if not dates:
        return 0
    return (latest_weekday(today) - max(dates)).days
