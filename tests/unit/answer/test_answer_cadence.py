"""Cadence questions on the demo program ("when is the next steering update?"): answered from the schedules the CLI
keeps (stand-ups, scheduled reports), the program calendar and the sprint records, each line cited to its record; with
nothing scheduled, said so with the command that schedules it. Other program questions keep their own topics."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone

import pytest

from bot.answer.cadence import EVENTS, asked_events, asked_window
from bot.cli.records import DEMO_FILE
from store.io import read_program

_ID = re.compile(r"\b(?:uc|ws|dec|debt|rk|u|ar|pr|dep|esc|dq)-[a-z0-9-]+\b")
# Tuesday 10 Nov 2026, 08:00 UTC (09:00 in Oslo): inside the demo's sprint 7 (2 to 15 Nov).
NOW = datetime(2026, 11, 10, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def services(indexed_data_dir):
    from bot.services import Services

    services = Services()
    services.records.import_program(read_program(DEMO_FILE), source="demo")
    services.program_answers.clock = lambda: NOW
    yield services
    services.close()


def _ask(services, question: str):
    answer = services.answerer.answer(question, program="halvorsen")
    assert not answer.abstained and not _ID.search(answer.answer), answer.answer
    return answer


def _records(answer) -> list[tuple[str, str]]:
    return [tuple(c.section.split(" ", 1)) for c in answer.citations if c.kind == "record"]


def _topics(answer) -> str:
    return re.search(r"\(([^()]*)\)\.", answer.context).group(1)


def _steering(services, on: str = "15") -> None:
    """A monthly steering update, scheduled the way `compel report schedule steering` saves it."""
    from bot.standup.cadence import make_schedule

    services.standups.setup_report(make_schedule("C0STEER", "halvorsen", "steering", on=on, at="11:00", tz="Europe/Oslo"))


def _standup(services) -> None:
    """A weekday stand-up in Oslo, saved the way `compel standup setup` saves it."""
    from bot.standup.schedule import Schedule

    services.standups.setup(Schedule(channel="C0STAND", program="halvorsen", timezone="Europe/Oslo", prompt_at=time(9, 15),
                                     summary_at=time(15, 30)))


def test_the_next_steering_update_names_its_date_time_and_channel_and_cites_its_schedule(services):
    _steering(services)
    answer = _ask(services, "when's the next steering update?")
    assert _topics(answer) == "cadence", answer.context
    assert "15 Nov 2026" in answer.answer and "11:00 (Europe/Oslo)" in answer.answer, answer.answer
    assert "channel C0STEER" in answer.answer
    assert ("report_schedule", "C0STEER/steering") in _records(answer)
    assert "people" not in answer.answer and "reported" not in answer.answer  # not the stand-up reporting list


def test_a_steering_update_falling_on_a_day_off_moves_on_and_says_why(services):
    _steering(services)
    services.records.add_days_off("halvorsen", [date(2026, 11, 15)], "company day")
    answer = _ask(services, "When is our next steering update due?")
    assert "15 Dec 2026" in answer.answer and "15 Nov is a day off" in answer.answer, answer.answer
    assert {("report_schedule", "C0STEER/steering"), ("day_off", "2026-11-15")} <= set(_records(answer))


def test_with_no_steering_update_scheduled_the_answer_says_so_and_how_to_schedule_one(services):
    answer = _ask(services, "when's the next steering update?")
    assert _topics(answer) == "cadence", answer.context
    assert "No monthly steering update is scheduled" in answer.answer, answer.answer
    assert "`compel report schedule steering --channel <channel id> --program halvorsen`" in answer.answer
    assert not _records(answer)  # nothing scheduled: no record to cite, and none made up


def test_the_next_integration_review_is_the_schedule_not_the_integration_points(services):
    from bot.standup.cadence import make_schedule

    services.standups.setup_report(make_schedule("C0INTEG", "halvorsen", "integration", on="thu", tz="Europe/Oslo"))
    answer = _ask(services, "when is the next integration review?")
    assert "Thu 12 Nov 2026 at 10:00" in answer.answer and "channel C0INTEG" in answer.answer, answer.answer
    assert _records(answer) == [("report_schedule", "C0INTEG/integration")]


def test_the_next_stand_up_names_its_time_and_channel_and_skips_a_day_off(services):
    _standup(services)
    answer = _ask(services, "when is the next stand-up?")
    assert _topics(answer) == "cadence", answer.context
    assert "Tue 10 Nov 2026 at 09:15 (Europe/Oslo) in channel C0STAND" in answer.answer, answer.answer
    assert ("standup_schedule", "C0STAND") in _records(answer)
    services.records.add_days_off("halvorsen", [date(2026, 11, 11)], "public holiday")
    services.program_answers.clock = lambda: datetime(2026, 11, 10, 12, 0, tzinfo=timezone.utc)  # today's prompt gone
    answer = _ask(services, "when is the next stand-up?")
    assert "Thu 12 Nov 2026 at 09:15" in answer.answer and "Wed 11 Nov is a day off" in answer.answer, answer.answer
    assert ("day_off", "2026-11-11") in _records(answer)


def test_with_no_stand_up_scheduled_the_answer_says_so_and_how_to_set_one_up(services):
    answer = _ask(services, "when is the next stand-up?")
    assert "No stand-up is scheduled" in answer.answer, answer.answer
    assert "`compel standup setup --channel <channel id> --program halvorsen`" in answer.answer
    assert "had not reported" not in answer.answer  # the reporting list is another question


def test_the_next_sprint_review_is_the_running_sprints_end_cited_to_the_sprint(services):
    answer = _ask(services, "When is our next sprint review?")
    assert "Sprint 7 runs from 2 Nov to Sun 15 Nov 2026" in answer.answer, answer.answer
    assert ("sprint", "7") in _records(answer)


def test_what_is_scheduled_this_week_lists_each_occurrence(services):
    _standup(services)
    _steering(services)
    answer = _ask(services, "what's on the calendar for us this week?")
    assert _topics(answer) == "cadence", answer.context
    assert "this week (10 Nov to 15 Nov 2026)" in answer.answer, answer.answer
    assert "Tue 10 Nov" in answer.answer and "Fri 13 Nov" in answer.answer  # the stand-up days left
    assert "steering update on Sun 15 Nov" in answer.answer and "Sprint 7 ends on Sun 15 Nov" in answer.answer
    assert "No weekly integration review is scheduled" in answer.answer  # asked about everything: what is missing too
    assert {("standup_schedule", "C0STAND"), ("report_schedule", "C0STEER/steering"), ("sprint", "7")} <= set(_records(answer))


@pytest.mark.parametrize("question, topic", [
    ("Who has not reported at stand-up?", "not reported"),
    ("who hasn't posted their update today?", "not reported"),
    ("Which decisions are still open, and who has to make them?", "decisions"),
])
def test_other_program_questions_keep_their_topics_with_schedules_set_up(services, question, topic):
    _standup(services)
    _steering(services)
    answer = _ask(services, question)
    assert topic in _topics(answer) and "cadence" not in _topics(answer), answer.context


def test_the_events_a_question_names_are_read_from_their_names():
    assert asked_events("when's the next steerco?") == ["steering"]
    assert asked_events("when is the next integration review?") == ["integration"]
    assert asked_events("when's the next retro?") == ["sprint"]
    assert asked_events("what time is the daily check-in?") == ["standup"]
    assert asked_events("when is the next review?") == ["sprint"]
    assert asked_events("what's coming up?") == list(EVENTS)


def test_the_days_a_question_asks_about():
    thursday = date(2026, 11, 12)
    assert asked_window("what's on this week?", thursday)[:2] == (thursday, date(2026, 11, 15))
    assert asked_window("anything scheduled next week", thursday)[:2] == (date(2026, 11, 16), date(2026, 11, 22))
    assert asked_window("is there a stand-up tomorrow?", thursday)[:2] == (date(2026, 11, 13),) * 2
    assert asked_window("when is the next stand-up?", thursday) is None
