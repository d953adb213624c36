"""Scheduled reports: the weekly integration review and the monthly steering update, once across replicas, in the channel's zone."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta, timezone

import pytest
from pydantic import ValidationError

from bot.standup.cadence import ReportSchedule, due_at, is_report_day, make_schedule, next_report, report_days
from bot.standup.poster import RecordingPoster
from bot.standup.schedule import Schedule
from bot.standup.scheduler import Scheduler
from bot.standup.store import StandupStore

UTC = timezone.utc


def weekly(**kw) -> ReportSchedule:
    values = dict(channel="CREVIEW", program="halvorsen", report="integration", cadence="weekly", weekday="wed",
                  at=time(10, 0), timezone="America/New_York")
    values.update(kw)
    return ReportSchedule(**values)


def monthly(**kw) -> ReportSchedule:
    values = dict(channel="CBOARD", program="halvorsen", report="steering", cadence="monthly", day_of_month=31,
                  at=time(8, 0), timezone="Asia/Tokyo")
    values.update(kw)
    return ReportSchedule(**values)


@pytest.fixture
def store(database_url):
    s = StandupStore(database_url)
    yield s
    s.close()


SAVED = datetime(2026, 1, 1, tzinfo=UTC).timestamp()


# --- the pure cadence ----------------------------------------------------------------------------


def test_a_monthly_report_on_the_31st_falls_on_each_months_last_day():
    s = monthly()
    days = report_days(s, date(2027, 1, 1), date(2027, 6, 30))
    assert days == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30), date(2027, 5, 31), date(2027, 6, 30)]
    assert report_days(s, date(2028, 2, 1), date(2028, 2, 29)) == [date(2028, 2, 29)]  # a leap year
    assert "last day" in s.when


def test_the_due_time_is_the_channels_local_time_across_a_dst_change():
    s = weekly()
    assert due_at(s, date(2026, 10, 28)) == datetime(2026, 10, 28, 14, 0, tzinfo=UTC)  # EDT, UTC-4
    assert due_at(s, date(2026, 11, 4)) == datetime(2026, 11, 4, 15, 0, tzinfo=UTC)  # EST, UTC-5 after 1 Nov
    # Tokyo's 08:00 on the 31st is still the 30th in UTC: the local date decides, not the UTC one.
    assert due_at(monthly(), date(2027, 3, 31)) == datetime(2027, 3, 30, 23, 0, tzinfo=UTC)


def test_days_off_are_not_report_days_and_the_next_one_moves_on():
    s = weekly(days_off=frozenset({date(2026, 12, 30)}))
    assert not is_report_day(s, date(2026, 12, 30)) and is_report_day(s, date(2027, 1, 6))
    assert next_report(s, datetime(2026, 12, 24, tzinfo=UTC)) == datetime(2027, 1, 6, 15, 0, tzinfo=UTC)


def test_schedules_from_typed_words_and_their_errors():
    s = make_schedule("C1", "halvorsen", "steering", on="15", at="09:15", tz="Europe/Oslo")
    assert (s.cadence, s.day_of_month, s.at) == ("monthly", 15, time(9, 15))
    assert make_schedule("C1", "halvorsen", "integration").cadence == "weekly"
    with pytest.raises(ValueError, match="weekday"):
        make_schedule("C1", "halvorsen", "integration", on="15")
    with pytest.raises(ValueError, match="1 to 31"):
        make_schedule("C1", "halvorsen", "steering", on="32")
    with pytest.raises(ValueError, match="HH:MM"):
        make_schedule("C1", "halvorsen", "steering", at="nine")
    with pytest.raises(ValueError, match="unknown report"):
        make_schedule("C1", "halvorsen", "budget")
    with pytest.raises(ValidationError, match="IANA"):
        weekly(timezone="Moon/Base")


# --- the scheduler -------------------------------------------------------------------------------


def test_a_report_is_posted_once_when_due_and_not_before(store):
    store.save_report_schedule(weekly(), SAVED)
    poster = RecordingPoster()
    sched = Scheduler(store, poster, replica="r1")
    assert sched.tick(datetime(2026, 11, 4, 14, 59, tzinfo=UTC)) == []  # 09:59 in New York
    out = sched.tick(datetime(2026, 11, 4, 15, 1, tzinfo=UTC))
    assert [(o.kind, o.day, o.result) for o in out] == [("integration", date(2026, 11, 4), "posted")]
    assert sched.tick(datetime(2026, 11, 4, 15, 30, tzinfo=UTC)) == []
    assert [(p.kind, p.schedule.channel, p.day) for p in poster.posts] == [("integration", "CREVIEW", date(2026, 11, 4))]
    assert store.run("CREVIEW", date(2026, 11, 4), "integration").status == "posted"


def test_two_replicas_ticking_together_post_each_report_once(store, database_url):
    store.save_report_schedule(weekly(), SAVED)
    store.save_report_schedule(monthly(timezone="UTC", at=time(15, 0)), SAVED)
    other = StandupStore(database_url)  # a second replica has its own connection pool on the same database
    posters = [RecordingPoster(), RecordingPoster()]
    schedulers = [Scheduler(store, posters[0], replica="a"), Scheduler(other, posters[1], replica="b")]
    # Wednesday 30 Jun 2027 is both a weekly day and the monthly last-day fallback for day 31.
    moments = [datetime(2027, 6, 30, 15, 5, tzinfo=UTC), datetime(2027, 6, 30, 15, 6, tzinfo=UTC)]
    barrier = threading.Barrier(2)

    def run(s: Scheduler) -> None:
        barrier.wait()
        for now in moments:
            s.tick(now)

    threads = [threading.Thread(target=run, args=(s,)) for s in schedulers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    other.close()
    posted = sorted((p.kind, p.day) for poster in posters for p in poster.posts)
    assert posted == [("integration", date(2027, 6, 30)), ("steering", date(2027, 6, 30))]


def test_a_day_off_in_the_program_calendar_posts_nothing_and_the_next_week_does(store, database_url):
    from bot.config import load_settings
    from store.io import read_program
    from store.records import RecordStore
    from tests.paths import ROOT

    records = RecordStore(load_settings(database_url=database_url))
    records.import_program(read_program(ROOT / "knowledge" / "demo" / "program.yaml"))
    records.add_days_off("halvorsen", [date(2026, 11, 11)])
    records.close()
    store.save_report_schedule(weekly(), SAVED)
    poster = RecordingPoster()
    sched = Scheduler(store, poster, replica="r1")
    assert sched.tick(datetime(2026, 11, 11, 16, 0, tzinfo=UTC)) == []
    assert [o.day for o in sched.tick(datetime(2026, 11, 18, 16, 0, tzinfo=UTC))] == [date(2026, 11, 18)]


def test_a_report_long_past_its_time_is_marked_missed_not_posted(store):
    store.save_report_schedule(monthly(day_of_month=28), SAVED)
    poster = RecordingPoster()
    sched = Scheduler(store, poster, replica="r1")
    # Due 28 Feb 08:00 Tokyo (27 Feb 23:00 UTC); the bot comes back a day later.
    out = sched.tick(datetime(2027, 3, 1, 0, 0, tzinfo=UTC))
    assert [(o.day, o.result) for o in out] == [(date(2027, 2, 28), "missed")] and poster.posts == []


def test_a_report_due_before_its_schedule_was_saved_is_not_owed(store):
    store.save_report_schedule(weekly(), datetime(2026, 11, 4, 16, 0, tzinfo=UTC).timestamp())
    assert Scheduler(store, RecordingPoster(), replica="r1").tick(datetime(2026, 11, 4, 16, 30, tzinfo=UTC)) == []


def test_stand_ups_and_reports_in_one_channel_run_side_by_side(store):
    standup = Schedule(channel="CREVIEW", program="halvorsen", timezone="America/New_York", prompt_at=time(9, 0), summary_at=time(16, 0))
    store.save_schedule(standup, SAVED)
    store.save_report_schedule(weekly(), SAVED)
    poster = RecordingPoster()
    out = Scheduler(store, poster, replica="r1").tick(datetime(2026, 11, 4, 15, 30, tzinfo=UTC))
    assert sorted(o.kind for o in out if o.day == date(2026, 11, 4)) == ["integration", "prompt"]


def test_a_failed_post_is_retried_on_the_next_tick(store):
    class Flaky(RecordingPoster):
        def __init__(self) -> None:
            super().__init__()
            self.fail = True

        def post(self, request):
            if self.fail:
                self.fail = False
                raise ConnectionError("Slack did not answer")
            return super().post(request)

    store.save_report_schedule(weekly(), SAVED)
    poster = Flaky()
    sched = Scheduler(store, poster, replica="r1")
    first = sched.tick(datetime(2026, 11, 4, 15, 1, tzinfo=UTC))
    second = sched.tick(datetime(2026, 11, 4, 15, 2, tzinfo=UTC))
    assert [o.result for o in first] == ["failed"] and [o.result for o in second] == ["posted"] and len(poster.posts) == 1


# --- the commands --------------------------------------------------------------------------------


@pytest.fixture
def cli(capsys):
    """`compel ...` in this process: (exit code, stdout + stderr) per call, the demo loaded first."""
    from bot.cli import main

    def run(*argv: str) -> tuple[int, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out + out.err

    assert run("demo", "load", "--no-index")[0] == 0
    return run


def test_compel_report_schedule_saves_lists_and_removes(cli):
    code, out = cli("report", "schedule", "steering", "--channel", "CBOARD", "--on", "31", "--at", "08:30",
                    "--timezone", "Europe/Oslo", "--skip", "2026-12-31")
    assert code == 0, out
    assert "monthly on day 31" in out and "31 Dec 2026" in out
    assert "CBOARD: the steering update of Halvorsen Freight AI Transformation" in cli("report", "schedules")[1]
    code, out = cli("report", "schedule", "integration", "--channel", "CBOARD", "--on", "someday")
    assert code == 2 and "weekday" in out and out.count("\n") == 1
    assert "no longer posted" in cli("report", "schedule", "steering", "--channel", "CBOARD", "--remove")[1]
    assert "No reports scheduled" in cli("report", "schedules")[1]


def test_the_dry_run_lists_a_due_report(cli):
    assert cli("report", "schedule", "integration", "--channel", "CREV", "--on", "wed")[0] == 0
    now = datetime.now(UTC)
    ahead = (now + timedelta(days=(2 - now.weekday()) % 7 or 7)).replace(hour=10, minute=30)
    code, out = cli("standup", "post", "--dry-run", "--now", ahead.isoformat())
    assert code == 0 and "CREV" in out and "integration" in out, out
