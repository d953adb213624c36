"""Problems the team has in hand, said in exact forms: a fix that has held since, no change to a date, a start that
still holds, and a figure compared with the one it replaced. Own wording."""

from __future__ import annotations

import pytest

from bot.understand.clauses import cues
from bot.understand.inhand import fixed_and_holding, in_plan


@pytest.mark.parametrize("text", [
    "Wiktor patched the rounding rule that evening and it has been stable since",
    "we restarted the feed on Monday, no repeats since",
    "the corrected mapping went in at noon, clean ever since",
])
def test_a_fix_that_has_held_since(text):
    assert fixed_and_holding(text, set(cues(text, [])))


@pytest.mark.parametrize("text", [
    "the scanner has been stable since March",  # no fix said
    "we patched it on Friday but it is still not stable since the move",  # it stands
])
def test_no_fix_or_a_fix_that_did_not_hold(text):
    assert not fixed_and_holding(text, set(cues(text, [])))


@pytest.mark.parametrize("text", [
    "the clean records reach the model on Friday, no change to the March go-live",
    "no impact on the launch date",
    "so the trial on the east wing still starts 4 February",
])
def test_the_date_said_to_hold(text):
    assert in_plan(text)


def test_no_change_to_the_scope_is_no_date_held():
    assert not in_plan("no change to the scope of the pilot")


def test_a_signed_figure_instead_of_another_is_a_comparison_not_an_option():
    assert "option" not in cues("the freezer held -12C instead of -18C overnight", [])
    assert "option" in cues("we could run it weekly instead", [])


@pytest.mark.parametrize("update", [
    # a live fault patched, and stable since
    "The kiosk app at the ferry terminal showed Tuesday's sailings on Wednesday morning (-1 day offset) "
    "and 30 passengers queued at the wrong gate; cause was a time-zone setting in the timetable feed. "
    "Mireille patched it by 9am and added a check, stable since.",
    # a data fix under way with no change to the go-live
    "About 2% of the meter readings from the north depot arrive with the decimal point in the wrong place. "
    "Tariq replaced the parser on Monday and is reloading the history; the cleaned readings reach the "
    "forecast on Friday, no change to the March go-live.",
])
def test_a_problem_in_hand_in_an_exact_form_needs_no_decision(translator, update):
    result = translator.translate(update)
    assert result.decision is None, result.business_text()


def test_a_date_said_to_hold_is_a_note_on_the_issue_not_a_slip(translator):
    update = ("Our rota planner's only tester is on leave until Friday; Ngozi from the payroll team covers her test runs, "
              "so the launch date does not move.")
    result = translator.translate(update)
    assert result.decision is None, result.business_text()
    assert "delivery_slip" not in [i.situation for i in result.issues]
