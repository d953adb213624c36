"""Cues that read a plan holding and a figure rising again the right way round. Own wording."""

from __future__ import annotations

import pytest

from bot.understand.clauses import cues


@pytest.mark.parametrize("text", [
    "three of five sites are converted and we are still on course for the March cut-over",
    "the rollout is still firmly on track for the spring",
    "Dmitri is still on schedule with the label review",
])
def test_still_before_a_plan_that_holds_is_no_persisting_problem(text):
    found = cues(text, [])
    assert "on_track" in found and "still" not in found, found


def test_still_before_a_problem_still_persists():
    assert "still" in cues("the sync is still failing every night", [])


@pytest.mark.parametrize("text", [
    "late deliveries crept back up to 11% after the depot move",
    "returns edged up again in the second week",
    "printer jams climbed back up once the new stock arrived",
])
def test_a_figure_rising_again_is_a_change_and_no_fix(text):
    found = cues(text, [])
    assert "resolved" not in found and "change" in found, found


def test_a_service_back_up_is_a_fix():
    assert "resolved" in cues("the ticket portal is back up after the restart", [])


def test_a_waste_figure_rising_again_asks_for_a_decision(translator):
    update = ("Spoiled produce at the four farm shops crept back up to 8% in November from 5% in August; "
              "nobody knows why and no fix is planned.")
    result = translator.translate(update)
    assert result.decision is not None
    assert all(i.situation != "incident_fixed" for i in result.issues), [i.situation for i in result.issues]


def test_people_on_planned_work_still_on_course_need_no_decision(translator):
    update = ("Signe and Oskar are back on tagging the shelf photos for the stock counter, as planned; "
              "half the batches are done and we are still on course for the 30 January review.")
    result = translator.translate(update)
    assert result.decision is None, result.business_text()


@pytest.mark.parametrize("text", [
    "the launch date holds for now",
    "the schedule is unchanged for the moment",
    "we keep the old screen for the time being",
])
def test_a_plan_said_to_hold_only_for_now_is_left_open(text):
    assert "for_now" in cues(text, [])


def test_findings_being_fixed_with_the_date_held_only_for_now_still_ask_the_business(translator):
    update = ("The security review found three serious holes in the booking assistant's login; fixes are under way, "
              "launch date unchanged for the moment.")
    assert translator.translate(update).decision is not None
