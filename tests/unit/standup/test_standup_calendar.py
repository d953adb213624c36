"""One calendar for stand-ups and reports: a day off in the program's calendar stops prompts, reminders, summaries,
"who has not reported" and scheduled reports alike, and the schedules no longer keep dates of their own."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest
from pydantic import ValidationError

from bot.config import load_settings
from bot.standup.cadence import ReportSchedule
from bot.standup.poster import RecordingPoster
from bot.standup.schedule import Schedule
from bot.standup.scheduler import Scheduler
from bot.standup.store import StandupStore
from store.io import read_program
from store.records import RecordStore
from tests.paths import ROOT

UTC = timezone.utc
DEMO = ROOT / "knowledge" / "demo" / "program.yaml"
DAY_OFF = date(2026, 11, 11)  # a Wednesday inside the demo program
SAVED = datetime(2026, 11, 1, tzinfo=UTC).timestamp()


@pytest.fixture
def stores(database_url):
    records = RecordStore(load_settings(database_url=database_url))
    records.import_program(read_program(DEMO))
    standups = StandupStore(database_url)
    yield records, standups
    standups.close()
    records.close()


def test_schedules_keep_no_dates_of_their_own():
    with pytest.raises(ValidationError, match="holidays"):
        Schedule(channel="C", program="p", holidays=[DAY_OFF])
    with pytest.raises(ValidationError, match="skips"):
        ReportSchedule(channel="C", program="p", report="integration", skips=[DAY_OFF])
    # The calendar a schedule carries is read with it, never written with it.
    assert "days_off" not in Schedule(channel="C", program="p", days_off=frozenset({DAY_OFF})).model_dump_json()


def test_a_day_off_stops_stand_up_posts_and_reports_in_every_channel(stores):
    records, standups = stores
    records.add_days_off("halvorsen", [DAY_OFF], "company day")
    standups.save_schedule(Schedule(channel="CST", program="halvorsen", participants=["UANA"], prompt_at=time(9, 0), summary_at=time(16, 0)), SAVED)
    standups.save_report_schedule(ReportSchedule(channel="CRE", program="halvorsen", report="integration", weekday="wed",
                                                 at=time(11, 0)), SAVED)
    poster = RecordingPoster()
    scheduler = Scheduler(standups, poster, replica="r1")
    for hour in (9, 15, 16, 17):
        scheduler.tick(datetime(2026, 11, 11, hour, 5, tzinfo=UTC))
    assert poster.posts == []  # no prompt, no reminder, no summary, no integration review
    for hour in (9, 15, 16, 17):
        scheduler.tick(datetime(2026, 11, 18, hour, 5, tzinfo=UTC))
    assert sorted({p.kind for p in poster.posts}) == ["integration", "prompt", "reminder", "summary"]


def test_removing_the_day_off_brings_the_posts_back(stores):
    records, standups = stores
    records.add_days_off("halvorsen", [DAY_OFF])
    standups.save_schedule(Schedule(channel="CST", program="halvorsen"), SAVED)
    assert DAY_OFF in standups.find_schedule("CST").days_off
    records.remove_days_off("halvorsen", [DAY_OFF])
    assert standups.find_schedule("CST").days_off == frozenset()


def test_nobody_is_listed_as_not_reporting_on_a_day_off(database_url, isolated_env):
    from bot.services import Services

    services = Services(load_settings(database_url=database_url))
    try:
        services.records.import_program(read_program(DEMO))
        data = services.records.program("halvorsen")
        last = max(u.date for u in data.updates)
        reporters = {u.author for u in data.updates if u.date == last}
        people = sorted(reporters | {"Someone Quiet"})
        services.standups.store.save_schedule(Schedule(channel="CST", program="halvorsen", participants=people), SAVED)
        before = services.standups.summary("halvorsen", last, channel="CST")
        assert "Someone Quiet" in before.not_reported
        services.records.add_days_off("halvorsen", [last], "public holiday")
        after = services.standups.summary("halvorsen", last, channel="CST")
        assert after.not_reported == [] and after.not_reported_count == 0
    finally:
        services.close()
