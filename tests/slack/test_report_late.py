"""A scheduled report posted after its time (the bot was down) says so under its title, as a late stand-up prompt does."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.fixtures.fake_slack import texts
from tests.slack.test_reports_slack import ReportHarness, _schedule

UTC = timezone.utc


@pytest.fixture
def h(tmp_path):
    harness = ReportHarness(tmp_path)
    yield harness
    harness.close()


def _first_post(h) -> dict:
    return h.fake.local.calls_to("chat.postMessage")[0].args


def test_a_report_caught_up_hours_after_its_time_is_marked_late_with_when_it_was_due(h):
    _schedule(h, "integration", cadence="weekly", weekday="mon")
    out = h.scheduler.tick(datetime(2026, 11, 30, 12, 40, tzinfo=UTC))  # a Monday, due 09:00, still within the grace
    assert [(o.kind, o.result) for o in out] == [("integration", "posted")]
    first = _first_post(h)
    said = texts(first)
    assert "Posted late" in said and "Monday 30 November at 09:00 (UTC)" in said
    assert first["blocks"][0]["type"] == "header" and "Integration review" in texts(first["blocks"][0])  # the title still leads


def test_a_report_posted_on_time_carries_no_late_note(h):
    _schedule(h, "steering")
    h.scheduler.tick(datetime(2026, 11, 30, 9, 5, tzinfo=UTC))
    assert "Posted late" not in texts([c.args for c in h.fake.local.calls_to("chat.postMessage")])
