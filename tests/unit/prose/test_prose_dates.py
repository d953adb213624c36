"""Dates in prose read as people say them ('3 Nov 2026', never '03 Nov 2026'); machine outputs keep ISO dates."""

from __future__ import annotations

from datetime import date, datetime, timezone

from bot.oversight.wording import day_label, next_milestone
from bot.prose import date_text, time_text
from bot.reports.model import MilestoneLine
from bot.reports.render import _milestone
from bot.slack.views.standup_builder import build_prompt, build_reminder
from bot.standup.cadence import ReportSchedule, late_note
from tests.fixtures.text_audit import problems, slack_text


def test_the_helper_writes_each_form_without_a_leading_zero():
    d = date(2027, 2, 1)
    assert date_text(d) == "1 Feb"
    assert date_text(d, year=True) == "1 Feb 2027"
    assert date_text(d, weekday=True) == "Mon 1 Feb"
    assert date_text(d, weekday=True, full=True) == "Monday 1 February"
    assert date_text(date(2026, 12, 24), year=True) == "24 Dec 2026"  # two-digit days are unchanged
    assert time_text(datetime(2026, 11, 9, 9, 5, tzinfo=timezone.utc)) == "Mon 9 Nov 09:05"  # the clock keeps its zero
    assert time_text(datetime(2026, 11, 9, 9, 5, tzinfo=timezone.utc), zone=True) == "Mon 9 Nov 09:05 UTC"


def test_wording_and_reports_use_it():
    assert day_label(date(2026, 3, 9)) == "9 Mar" and day_label(date(2026, 3, 9), year=True) == "9 Mar 2026"
    assert next_milestone("data_preparation_complete", "at_risk", date(2026, 6, 2)) == (
        "Next milestone: Data preparation complete, planned 2 Jun 2026, at risk")
    row = MilestoneLine(use_case="uc-parts", name="Parts reorder", milestone="deployed", state="met", planned=date(2026, 5, 4), actual=date(2026, 5, 6))
    assert "planned 4 May, reached 6 May" in _milestone(row)


def test_stand_up_messages_and_late_notes():
    prompt = slack_text(build_prompt(date(2026, 11, 2), ["U1"]))
    assert "Stand-up for Monday 2 November" in prompt and "02 November" not in prompt
    reminder = slack_text(build_reminder("CSTAND", date(2026, 11, 3), None))
    assert "(Tue 3 Nov)" in reminder
    note = late_note(ReportSchedule(report="steering", channel="C1", program="p", at="09:00"), date(2026, 11, 2))
    assert note.startswith("Posted late: this report was due Monday 2 November at 09:00")


def test_the_audit_flags_a_zero_padded_date_in_prose():
    assert any("zero-padded date" in p for p in problems("Planned 03 Nov 2026."))
    assert not any("zero-padded date" in p for p in problems("Planned 3 Nov 2026, at 09:00."))
