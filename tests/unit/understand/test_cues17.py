"""Figures written in words, errors said as "misses by", and measures read by their meaning. Own wording."""

from __future__ import annotations

import pytest

from bot.understand.clauses import comparison, cues
from bot.understand.facts import extract_facts


def _compare(text: str) -> str | None:
    return comparison(text, extract_facts(text))


@pytest.mark.parametrize("text, said", [
    ("the overnight reconciliation went from nine hours to 40 minutes", "better"),
    ("loading the catalogue now takes three minutes against a 90 second limit", "worse"),
    ("the export grew from 25 minutes to two hours after the schema change", "worse"),
    ("refund errors fell from eleven percent to 2%", "better"),
])
def test_a_figure_in_words_is_compared_like_one_in_digits(text, said):
    assert _compare(text) == said


@pytest.mark.parametrize("text, said", [
    ("the footfall model now misses by 3% on average, against 8% before the holidays", "better"),
    ("the delivery-time estimate was off by 14% against the 10% we agreed", "worse"),
])
def test_a_forecast_that_misses_by_less_is_better(text, said):
    assert _compare(text) == said


def test_only_a_number_word_with_its_unit_is_a_figure():
    # "two" alone counts things; it is never one side of a comparison
    assert _compare("two reviewers signed off against the plan") is None


@pytest.mark.parametrize("update", [
    "Gas used per batch at the glass kiln fell by 6% after the burner retune.",
    "Membership renewals at the climbing centre rose by 9% since the reminder emails started.",
])
def test_a_measure_moving_the_good_way_needs_no_decision(translator, update):
    assert translator.translate(update).decision is None


def test_a_person_keeping_on_with_planned_work_needs_no_decision(translator):
    update = "Gas used per batch at the glass kiln fell by 6% after the burner retune; Ilse keeps logging it for the winter."
    assert translator.translate(update).decision is None


@pytest.mark.parametrize("update", [
    "Gas used per batch at the glass kiln rose by 6% after the burner retune, and nobody knows why.",
    "Membership renewals at the climbing centre fell by 9% since the reminder emails stopped; no fix is planned.",
])
def test_the_same_measure_moving_the_bad_way_does(translator, update):
    assert translator.translate(update).decision is not None


@pytest.mark.parametrize("text", [
    "Bogdan rolled the scanner firmware back to 2.2 on Monday",
    "the readings are syncing again since lunch",
    "CASE-4410 closed after the restart",
    "the incident is now resolved and the feed is arriving again",
])
def test_a_fix_said_plainly_is_read_as_one(text):
    assert "resolved" in cues(text, extract_facts(text))


def test_a_word_built_on_time_is_no_time_measure():
    # a timetable is no duration: "up from 40%" on a share of questions answered is better, not worse
    text = "it now answers 64% of timetable questions by itself, up from 40% in the spring"
    assert "compared_worse" not in cues(text, extract_facts(text))
