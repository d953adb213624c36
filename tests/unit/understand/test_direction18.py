"""Good news told as a share caught or as the effect of the team's own work. Own wording, not from any eval set."""

from __future__ import annotations

import pytest

from bot.understand.clauses import comparison, ours_moved
from bot.understand.facts import extract_facts


@pytest.mark.parametrize("text", [
    "the parcel scanner now catches 97% of mislabelled boxes against 90% last month",
    "the helpdesk bot answers 55% of password tickets, up from 30% in spring",
    "the new screen detects 81% of cracked tiles vs 74% before the retrain",
])
def test_a_share_caught_or_handled_is_better_when_it_grows(text):
    assert comparison(text, extract_facts(text)) == "better"


def test_a_share_caught_that_shrinks_is_worse():
    text = "the parcel scanner now catches 82% of mislabelled boxes against 90% last month"
    assert comparison(text, extract_facts(text)) == "worse"


@pytest.mark.parametrize("text", [
    "the rota planner cut overtime hours by 11% across both depots",
    "our reminder emails lifted return visits by 6% in the pilot",
    "the route optimiser trimmed empty miles by a fifth",
])
def test_the_teams_own_work_moving_a_measure_is_its_effect(text):
    assert ours_moved(text)


@pytest.mark.parametrize("text", [
    "the outage cut bookings by 5% that weekend",
    "the price change lifted returns by 9%",
    "bookings fell by 5% that weekend",
])
def test_a_fault_or_an_outside_change_is_not_the_teams_effect(text):
    assert not ours_moved(text)


@pytest.mark.parametrize("update", [
    "The booking assistant lifted repeat stays by 8% in the autumn trial; Ewa rolls it out to the lakeside hotels next.",
    "The tablet checker now catches 93% of missing signatures against 85% on the old forms; Tomás adds the lease forms next.",
    "Calls answered inside a minute rose from 52% to 88% after the rota retune, and the team moves on to the web chat.",
])
def test_good_news_of_these_kinds_asks_no_decision(translator, update):
    assert translator.translate(update).decision is None


def test_people_who_keep_using_it_are_no_adoption_gap(translator):
    # Was a strict xfail until session 19: the clause joined with ";" to good news now carries that news on.
    update = "The tablet checker now catches 93% of missing signatures against 85%; the clerks keep using it."
    assert translator.translate(update).decision is None
