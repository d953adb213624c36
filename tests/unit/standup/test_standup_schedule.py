"""Stand-up schedules and the scheduler on a controlled clock: days, time zones, catch-up, missed posts, two replicas."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bot.standup.poster import RecordingPoster
from bot.standup.schedule import Schedule, away_until, due_times, is_standup_day, next_posts, parse_days
from bot.standup.scheduler import Scheduler
from bot.standup.store import Away, StandupStore

UTC = timezone.utc


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> datetime:
        self.now += timedelta(**kw)
        return self.now


def oslo(**kw) -> Schedule:
    values = dict(channel="CSTAND", program="halvorsen", timezone="Europe/Oslo", prompt_at=time(9, 30), summary_at=time(16, 0),
                  participants=["UANA", "UBEN", "UCLE"], days_off=frozenset({date(2026, 12, 25)}))
    values.update(kw)
    return Schedule(**values)


@pytest.fixture
def store(database_url):
    s = StandupStore(database_url)
    yield s
    s.close()


# --- the pure schedule ------------------------------------------------------------------------


def test_weekends_and_holidays_are_skipped():
    s = oslo()
    assert is_standup_day(s, date(2026, 11, 20))  # a Friday
    assert not is_standup_day(s, date(2026, 11, 21))  # Saturday
    assert not is_standup_day(s, date(2026, 12, 25))  # a day off in the program's calendar, on a Friday


def test_due_times_follow_the_channel_time_zone_across_dst():
    s = oslo()
    summer, winter = due_times(s, date(2026, 10, 23)), due_times(s, date(2026, 10, 26))
    assert summer["prompt"] == datetime(2026, 10, 23, 7, 30, tzinfo=UTC)  # CEST, UTC+2
    assert winter["prompt"] == datetime(2026, 10, 26, 8, 30, tzinfo=UTC)  # CET, UTC+1 after the change
    assert winter["reminder"] == winter["summary"] - timedelta(minutes=60)


def test_next_posts_skip_the_weekend():
    nxt = next_posts(oslo(), datetime(2026, 11, 20, 16, 30, tzinfo=UTC))  # Friday after the summary
    assert nxt.day == date(2026, 11, 23)
    assert nxt.prompt == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)


def test_ooo_counts_stand_up_days_only():
    s = oslo()
    assert away_until(s, date(2026, 12, 23), 3) == date(2026, 12, 28)  # Wed, Thu, then (holiday, weekend) Mon
    assert away_until(s, date(2026, 11, 20), 1) == date(2026, 11, 20)


def test_bad_schedules_are_refused_with_the_fix():
    with pytest.raises(ValidationError, match="IANA"):
        oslo(timezone="Mars/Olympus")
    with pytest.raises(ValidationError, match="must come after"):
        oslo(summary_at=time(9, 0))
    assert parse_days("mon-wed,fri") == ["mon", "tue", "wed", "fri"]
    with pytest.raises(ValueError, match="unknown day"):
        parse_days("mon-funday")


# --- the scheduler on a controlled clock ---------------------------------------------------------


def test_a_day_posts_prompt_reminder_and_summary_once_each(store):
    clock = Clock(datetime(2026, 11, 23, 6, 0, tzinfo=UTC))  # Monday, before the prompt
    store.save_schedule(oslo(), clock.now.timestamp())  # set up now: Friday's posts are not owed
    # Read back with the program's calendar (empty here), not the days off it was built with: those are never saved.
    assert store.find_schedule("CSTAND") == store.schedule("CSTAND") == oslo(days_off=frozenset()) and store.find_schedule("CNONE") is None
    poster = RecordingPoster()
    sched = Scheduler(store, poster, clock=clock, replica="a")
    assert sched.tick() == []
    while clock.now < datetime(2026, 11, 23, 23, 0, tzinfo=UTC):
        sched.tick()
        clock.advance(minutes=5)
    kinds = [p.kind for p in poster.posts]
    assert kinds == ["prompt", "reminder", "summary"]
    assert poster.posts[2].thread_ts == store.run("CSTAND", date(2026, 11, 23), "prompt").ts  # the summary goes in the prompt's thread
    assert poster.posts[1].pending == ["UANA", "UBEN", "UCLE"]
    assert all(r.status == "posted" for r in store.runs("CSTAND"))


def test_reminders_skip_people_who_answered_or_are_away(store):
    from bot.standup.store import Reply

    store.save_schedule(oslo(), 0)
    day = date(2026, 11, 24)
    store.add_away(Away(channel="CSTAND", user="UBEN", start=day, end=day, kind="skip"))
    store.save_reply(Reply(channel="CSTAND", ts="1.1", program="halvorsen", day=day, user="UANA", update_id="su-1"))
    poster = RecordingPoster()
    Scheduler(store, poster, replica="a").tick(datetime(2026, 11, 24, 14, 5, tzinfo=UTC))  # after the reminder time
    reminder = [p for p in poster.posts if p.kind == "reminder"]
    assert reminder and reminder[0].pending == ["UCLE"]


def test_posts_missed_while_down_are_caught_up_or_marked_missed_never_doubled(store):
    store.save_schedule(oslo(), 0)
    poster = RecordingPoster()
    sched = Scheduler(store, poster, replica="a")
    # Down from before Tuesday's prompt until after its summary time, back at 17:30 Oslo (16:30 UTC).
    out = {(o.day, o.kind): o.result for o in sched.tick(datetime(2026, 11, 24, 16, 30, tzinfo=UTC))}
    day = date(2026, 11, 24)
    assert out[(day, "prompt")] == "missed" and out[(day, "reminder")] == "missed"
    assert out[(day, "summary")] == "posted"  # still within the grace period: caught up, marked late
    assert [p.kind for p in poster.posts] == ["summary"] and poster.posts[0].late
    # A later tick, or a restart, posts nothing again.
    assert Scheduler(store, poster, replica="b").tick(datetime(2026, 11, 24, 17, 0, tzinfo=UTC)) == []
    assert len(poster.posts) == 1


def test_a_failed_post_is_retried_then_given_up(store):
    store.save_schedule(oslo(reminder_before=0), datetime(2026, 11, 25, 6, 0, tzinfo=UTC).timestamp())

    class Flaky(RecordingPoster):
        def post(self, request):
            if request.kind == "prompt" and self.failures < 2:
                self.failures += 1
                raise ConnectionError("Slack unreachable")
            return super().post(request)

    poster = Flaky()
    poster.failures = 0
    sched = Scheduler(store, poster, replica="a")
    t = datetime(2026, 11, 25, 8, 31, tzinfo=UTC)
    results = [sched.tick(t + timedelta(minutes=i))[0].result for i in range(3)]
    assert results == ["failed", "failed", "posted"]
    assert store.run("CSTAND", date(2026, 11, 25), "prompt").attempts == 3


def test_a_replica_that_dies_mid_post_is_not_doubled(store):
    store.save_schedule(oslo(), datetime(2026, 11, 25, 6, 0, tzinfo=UTC).timestamp())
    day, t = date(2026, 11, 25), datetime(2026, 11, 25, 8, 31, tzinfo=UTC)
    assert store.claim("CSTAND", day, "prompt", "dead", t.timestamp(), 300) == "won"  # then the replica vanished
    poster = RecordingPoster()
    sched = Scheduler(store, poster, replica="b")
    assert all(o.kind != "prompt" for o in sched.tick(t + timedelta(minutes=1)))  # its lease still runs
    later = sched.tick(t + timedelta(minutes=10))
    assert [(o.kind, o.result) for o in later if o.kind == "prompt"] == [("prompt", "stale")]
    assert [p.kind for p in poster.posts if p.kind == "prompt"] == []
    assert store.run("CSTAND", day, "prompt").status == "missed"


def test_two_replicas_racing_post_each_message_once(database_url):
    url = database_url
    setup = StandupStore(url)
    start = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
    for i in range(4):
        setup.save_schedule(oslo(channel=f"C{i}"), start.timestamp())
    lock = threading.Lock()
    posted: list[tuple] = []

    class Shared(RecordingPoster):
        def post(self, request):
            with lock:
                posted.append((request.schedule.channel, request.day, request.kind))
            return super().post(request)

    stores = [StandupStore(url), StandupStore(url)]
    clock = [start + timedelta(minutes=10 * i) for i in range(90)]
    barrier = threading.Barrier(2)

    def replica(n: int) -> None:
        sched = Scheduler(stores[n], Shared(), replica=f"r{n}")
        for moment in clock:
            barrier.wait()
            sched.tick(moment)

    threads = [threading.Thread(target=replica, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(posted) == len(set(posted)) == 4 * 3
    assert {r.status for r in setup.runs()} == {"posted"}
    for s in (*stores, setup):
        s.close()


def test_compel_standup_setup_list_skip_ooo_and_post_dry_run(capsys):
    import json

    from bot.cli import main

    assert main(["demo", "load", "--no-index"]) == 0
    capsys.readouterr()
    assert main(["standup", "setup", "--channel", "CSTAND", "--timezone", "Europe/Oslo", "--participants", "UANA,UBEN", "--json"]) == 0
    (out,) = json.loads(capsys.readouterr().out)["schedules"]
    assert out["schedule"]["program"] == "halvorsen" and out["next"]["prompt"]
    assert main(["standup", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["schedules"]
    assert [r["schedule"]["channel"] for r in listed] == ["CSTAND"] and listed[0]["next"] == out["next"]
    assert main(["standup", "list"]) == 0
    assert capsys.readouterr().out.startswith(
        "CSTAND  Halvorsen Freight AI Transformation: Monday to Friday, prompt 09:30, summary 16:00 (Europe/Oslo); next prompt ")
    assert main(["standup", "ooo", "3", "--channel", "CSTAND", "--user", "UANA", "--from", "2026-11-20", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["end"] == "2026-11-24"
    # What the scheduler would make (a schedule posts nothing that fell due before it was saved): a Monday ahead.
    monday = date.today() + timedelta(days=7 - date.today().weekday())
    at = datetime.combine(monday, time(9, 30), tzinfo=ZoneInfo("Europe/Oslo"))
    assert main(["standup", "post", "--dry-run", "--now", (at + timedelta(minutes=30)).isoformat(), "--json"]) == 0
    due = json.loads(capsys.readouterr().out)["posts"]
    assert {"channel": "CSTAND", "day": monday.isoformat(), "kind": "prompt", "due": at.astimezone(UTC).isoformat(), "too_late": False} in due
    assert main(["standup", "post", "--dry-run", "--now", "2026-11-23T09:00:00+00:00", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["posts"] == []  # due before the schedule existed: never posted
    assert main(["standup", "setup", "--channel", "CX", "--timezone", "Nowhere/Land"]) == 2
    assert "IANA" in capsys.readouterr().err
    assert main(["standup", "skip", "--channel", "CNONE", "--user", "U1"]) == 2
    assert "compel standup setup" in capsys.readouterr().err


def test_compel_standup_setup_from_a_yaml_file(tmp_path, capsys):
    import json

    from bot.cli import main

    assert main(["demo", "load", "--no-index"]) == 0
    path = tmp_path / "standups.yaml"
    path.write_text("- channel: CA\n  timezone: Europe/Oslo\n  days: mon-thu\n  prompt_at: '09:15'\n- channel: CB\n  summary_at: '17:00'\n")
    capsys.readouterr()
    assert main(["standup", "setup", "--file", str(path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["schedules"]
    assert [r["schedule"]["channel"] for r in rows] == ["CA", "CB"] and rows[0]["schedule"]["days"] == ["mon", "tue", "wed", "thu"]
    path.write_text("- channel: CC\n  timezone: Atlantis/City\n")
    assert main(["standup", "setup", "--file", str(path)]) == 2
    assert "schedule 1 (CC), field timezone" in capsys.readouterr().err


def test_the_run_loop_survives_a_failing_tick_and_stops_when_told():
    import threading

    from bot.standup.runner import run_loop

    stop = threading.Event()

    class Ticks:
        calls = 0

        def tick(self):
            self.calls += 1
            if self.calls == 1:
                raise RuntimeError("database went away")
            stop.set()
            return []

    ticker = Ticks()
    assert run_loop(ticker, stop, interval=0) == 2 and ticker.calls == 2


def test_post_without_a_slack_token_names_the_setting(capsys):
    from bot.cli import main

    assert main(["standup", "post"]) == 2
    assert "SLACK_BOT_TOKEN" in capsys.readouterr().err
