"""A figure that moved, read from its old and new values: good news with figures is not filed as a gap, bad news is.

Every update here is worded for this test, unlike the development sets, the unseen sets and the example bank."""

from __future__ import annotations

import pytest

from bot.understand import Understander
from bot.understand.clauses import comparison, split
from bot.understand.facts import extract_facts
from knowledge.glossary import load_glossary


@pytest.fixture(scope="module")
def understander():
    return Understander(load_glossary())


def _compared(text: str) -> str | None:
    return comparison(text, extract_facts(text))


@pytest.mark.parametrize(("text", "expected"), [
    ("the overnight reprice job went from 5 hours to 70 minutes", "better"),  # old, then new; lower is better
    ("the overnight reprice job went from 70 minutes to 5 hours", "worse"),
    ("shelf-scan accuracy climbed from 88% to 95%", "better"),  # higher is better
    ("shelf-scan accuracy slid from 95% to 88%", "worse"),
    ("the rejection error rate is down to 0.4% from 2%", "better"),  # new, then old
    ("the rejection error rate is up to 2% from 0.4%", "worse"),
    ("the tariff refresh takes 15 minutes now, down from 2 hours", "better"),
    ("the tariff refresh takes 2 hours now, up from 15 minutes", "worse"),
    ("our storage bill went down from $5,200 to $3,900", "better"),  # a spend
    ("our storage bill went up from $3,900 to $5,200", "worse"),
    ("claim triage takes 6 minutes instead of 40", "better"),  # a bare number takes the other figure's unit
    ("claim triage takes 40 minutes instead of 6", "worse"),
    ("the queue went from 900 to 300 items", None),  # no measure with a known good side: no judgement
])
def test_a_figure_that_moved_is_judged_by_its_values_and_its_measure(text, expected):
    assert _compared(text) == expected


def test_a_cost_that_went_down_is_not_an_outage_and_one_that_went_up_is_not_better():
    down = split("Our storage bill went down from $5,200 to $3,900 after the clean-up.")[0].cues
    up = split("Our storage bill went up from $3,900 to $5,200 after the clean-up.")[0].cues
    assert "outage" not in down and "compared_better" in down
    assert "better" not in up and "compared_worse" in up


@pytest.mark.parametrize("text", [
    "The overnight reprice job went from 5 hours to 70 minutes after we split it up.",
    "Shelf-scan accuracy climbed from 88% to 95% with the new camera angle.",
    "The rejection error rate is down to 0.4% from 2% since the address check went in.",
    "The tariff refresh takes 15 minutes now, down from 2 hours.",
    "Our storage bill went down from $5,200 to $3,900 after the clean-up.",
    "Claim triage takes 6 minutes instead of 40 with the new form.",
])
def test_good_news_with_a_figure_that_moved_is_not_a_problem(understander, text):
    a = understander.analyse(text)
    assert not a.open_issues, [(i.situation, i.clauses) for i in a.issues]
    assert a.decision is False


@pytest.mark.parametrize(("text", "situations"), [
    ("The overnight reprice job went from 70 minutes to 5 hours after the last release.", {"performance_gap", "quality_drop"}),
    ("Shelf-scan accuracy slid from 95% to 88% after the store refit.", {"quality_drop", "quality_below_target"}),
    ("The rejection error rate is up to 2% from 0.4% since the address check went in.", {"quality_drop", "quality_below_target"}),
    ("Our storage bill went up from $3,900 to $5,200 after the migration.", {"cost_over"}),
])
def test_bad_news_with_a_figure_that_moved_stays_a_problem(understander, text, situations):
    a = understander.analyse(text)
    assert a.open_issues and a.issues[0].situation in situations, [(i.situation, i.clauses) for i in a.issues]


@pytest.mark.parametrize(("text", "expected"), [
    ("the unit cost of a scanned page is down 35% this quarter", "better"),  # a share, with its direction
    ("the unit cost of a scanned page is up 35% this quarter", "worse"),
    ("p90 wait at the help desk dropped by 50% to 4 minutes", "better"),
    ("parcel-label precision rose 12% after the relabel", "better"),
    ("parcel-label precision fell 12% after the relabel", "worse"),
    ("the weekly churn forecast MAPE sits at 6% (was 11%)", "better"),  # new, then the old value in brackets
    ("the weekly churn forecast MAPE sits at 11% (was 6%)", "worse"),
    ("the ranker's recall is 0.81, well clear of the 0.75 bar", "better"),  # a bar is a bound like a target
    ("the ranker's recall is 0.71 against the 0.75 bar", "worse"),
    ("we met the 98% availability target in every region", "better"),  # a target said to be met
    ("we have not met the 98% availability target in any region", None),
])
def test_a_share_a_former_value_and_a_met_target_are_read_exactly(text, expected):
    assert _compared(text) == expected


def test_a_service_that_is_down_is_an_outage_and_a_figure_that_is_down_is_not():
    assert "outage" in split("The booking service is down for every branch this morning.")[0].cues
    assert "outage" not in split("The booking service's error count is down 30% on last week.")[0].cues


@pytest.mark.parametrize("text", [
    "The unit cost of a scanned page is down 35% this quarter after the batch change.",
    "The weekly churn forecast MAPE sits at 6% (was 11%) with the new features.",
    "We met the 98% availability target in every region last month.",
])
def test_good_news_by_a_share_a_former_value_or_a_met_target_is_not_a_problem(understander, text):
    a = understander.analyse(text)
    assert not a.open_issues, [(i.situation, i.clauses) for i in a.issues]
    assert a.decision is False


@pytest.mark.parametrize("text", [
    "The unit cost of a scanned page is up 35% this quarter after the batch change.",
    "The weekly churn forecast MAPE sits at 11% (was 6%) since the new features went in.",
])
def test_bad_news_by_a_share_or_a_former_value_stays_a_problem(understander, text):
    a = understander.analyse(text)
    assert a.open_issues and a.decision, [(i.situation, i.clauses) for i in a.issues]


@pytest.mark.parametrize(("text", "expected"), [
    ("the label printer now answers in 400ms where it took 2s", "better"),  # the former value after "where it took"
    ("the label printer now answers in 2s where it took 400ms", "worse"),
    ("a full reindex runs in 50 minutes, it used to take 3 hours", "better"),
])
def test_a_former_value_told_with_a_past_verb_is_the_old_value(text, expected):
    assert _compared(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Duplicate detection recall is 0.88 this week; the target was 0.8.", "compared_better"),
    ("Duplicate detection recall is 0.72 this week; the target was 0.8.", "compared_worse"),
    ("The quote page loads in 650ms; our limit is 900ms.", "compared_better"),
])
def test_a_target_said_in_a_clause_of_its_own_bounds_the_figure_before_it(text, expected):
    first = split(text)[0]
    assert expected in first.cues
