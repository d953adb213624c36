"""As of when: reports are dated today unless told otherwise, and say so when the records have gone quiet."""

from __future__ import annotations

from datetime import date as Date

from pydantic import BaseModel, ConfigDict

from knowledge.text import plural
from store.models import ProgramData
from bot.prose import date_text


class Freshness(BaseModel):
    """How current the records are on the day reported on."""

    model_config = ConfigDict(extra="forbid")

    as_of: Date
    last_update: Date | None = None
    days_quiet: int | None = None
    stale: bool = False
    notice: str | None = None


def last_update(data: ProgramData, as_of: Date | None = None) -> Date | None:
    """The newest stand-up update on or before `as_of` (any, when not given)."""
    dates = [u.date for u in data.updates if as_of is None or u.date <= as_of]
    return max(dates, default=None)


def freshness(data: ProgramData, as_of: Date, threshold_days: int) -> Freshness:
    """Whether the newest stand-up update is older than `threshold_days` on `as_of`, and the notice to put first if so."""
    last = last_update(data, as_of)
    if last is None:
        return Freshness(as_of=as_of, stale=True, notice=f"No stand-up updates on record up to {date_text(as_of, year=True)}; what follows rests on the other records only.")
    quiet = (as_of - last).days
    if quiet <= threshold_days:
        return Freshness(as_of=as_of, last_update=last, days_quiet=quiet)
    notice = (f"No stand-up updates since {date_text(last, year=True)} ({plural(quiet, 'day')} before {date_text(as_of, year=True)}): what follows "
              "rests on older records, so ask the team for current updates before forwarding it.")
    return Freshness(as_of=as_of, last_update=last, days_quiet=quiet, stale=True, notice=notice)


def records_notice(records_as_of: Date, threshold_days: int, today: Date | None = None) -> str | None:
    """For status judged at the records' own latest date: a notice when that date is older than the threshold."""
    today = today or Date.today()
    quiet = (today - records_as_of).days
    if quiet <= threshold_days:
        return None
    return (f"The records run to {date_text(records_as_of, year=True)}, {plural(quiet, 'day')} before today: this is the status as they "
            "last showed it, not confirmed as current. Import the latest records, or pass --as-of to look at another day.")
