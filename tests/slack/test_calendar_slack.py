"""`/compel standup days-off` through the fake Slack: everyone lists the program's calendar, admins change it, and the
`holidays=` and `skip=` options of the schedule commands add to the same calendar."""

from __future__ import annotations

from datetime import date

import pytest

from tests.fixtures.fake_slack import texts
from tests.fixtures.slack import ADMIN
from tests.fixtures.slack_harness import DemoSlackHarness


@pytest.fixture
def h(tmp_path):
    harness = DemoSlackHarness(tmp_path)
    yield harness
    harness.close()


def test_days_off_are_listed_for_everyone_and_changed_by_admins(h):
    assert "has no days off" in texts(h.command("standup days-off", user="UOTHER")[-1])
    assert h.command("standup days-off add 2026-12-24", user="UOTHER") == []
    assert "admins" in h.ack.body
    out = texts(h.command("standup days-off add 2026-12-24 2026-12-31 note=Year-end closure", user=ADMIN)[-1])
    assert "Added Thu 24 Dec 2026 and Thu 31 Dec 2026 to the days off." in out and "(Year-end closure)" in out
    out = texts(h.command("standup days-off remove 2026-12-24 2026-12-28", user=ADMIN)[-1])
    assert "Removed Thu 24 Dec 2026 from the days off. Not days off already: Mon 28 Dec 2026." in out
    assert [d.day.isoformat() for d in h.services.records.days_off("halvorsen")] == ["2026-12-31"]


def test_bad_dates_get_one_line_naming_the_fix(h):
    out = texts(h.command("standup days-off add 31.12.2026", user=ADMIN)[-1])
    assert "'31.12.2026' is not a date; write it as YYYY-MM-DD" in out and "Traceback" not in out
    out = texts(h.command("standup days-off add 2026-01-05", user=ADMIN)[-1])
    assert "before Halvorsen Freight AI Transformation started on 10 Aug 2026; give a date on or after it" in out
    assert h.services.records.days_off("halvorsen") == []


def test_schedule_options_feed_the_same_calendar(h):
    h.command("standup setup holidays=2026-12-24", user=ADMIN)
    out = texts(h.command("report schedule integration on=thu skip=2026-12-31", user=ADMIN)[-1])
    assert "not on the program's days off (24 Dec 2026 and 31 Dec 2026" in out
    assert [d.note for d in h.services.records.days_off("halvorsen")] == ["stand-up holiday", "integration report skipped"]



def test_the_stand_up_channel_reads_the_day_off_into_its_schedule(tmp_path):
    """Through the stand-up harness (the fake facade over the real stand-ups): a day off added in Slack is in the channel's schedule."""
    from tests.slack.test_standup_slack import StandupHarness

    harness = StandupHarness(tmp_path)
    try:
        harness.command("standup days-off add 2026-12-24", user=ADMIN)
        assert harness.engines.schedule("CSTAND").days_off == {date(2026, 12, 24)}
    finally:
        harness.close()
