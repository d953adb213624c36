"""A choice the update lays out after the word that asks for it, and a supplier's limit read as a cost (issue 11, situ12).

Every update here is worded for this test, unlike the development sets, the unseen sets and the example bank."""

from __future__ import annotations

import pytest

from bot.translate import build_translator
from bot.translate.sentences import stated_options
from bot.understand.clauses import split


def test_a_colon_after_the_word_asking_for_a_choice_keeps_the_courses_with_the_ask():
    clauses = split("The kiln supplier doubled its lead time; someone has to choose: order from the Polish plant or "
                    "delay the tile launch.")
    texts = [c.text for c in clauses]
    assert "someone has to choose: order from the Polish plant or delay the tile launch" in texts
    assert "option" in clauses[-1].cues


def test_a_colon_after_any_other_word_still_splits():
    texts = [c.text for c in split("Status of the ward rota model: accuracy held at last month's level.")]
    assert len(texts) == 2


@pytest.mark.parametrize("clause, courses", [
    ("the foreman needs someone to choose: hire a second crane or pour the slab next week",
     ["Hire a second crane", "Pour the slab next week"]),
    ("the options are to rerun the survey in spring or to buy the panel data",
     ["Rerun the survey in spring", "Buy the panel data"]),
    ("the editor has to decide whether to hold the feature or run it without the charts",
     ["Hold the feature", "Run it without the charts"]),
])
def test_the_courses_a_choice_lays_out_are_read_as_its_options(clause, courses):
    assert [c[0].upper() + c[1:] for c in stated_options([clause])] == courses


def test_a_pair_of_things_after_a_choosing_word_is_no_pair_of_courses():
    assert stated_options(["the model has to choose: red or blue"]) == []
    # Courses said as "-ing" forms after "between" would be options without a verb ("Paying agency nurses."): the
    # situation's own options are told instead.
    assert stated_options(["the ward has to choose between paying agency nurses or closing four beds"]) == []


def test_the_update_s_own_courses_are_the_options_and_the_question_is_which(glossary):
    result = build_translator(glossary).translate(
        "The courier cut our daily pickup slots from 12 to 4, so parcels now wait two days at the depot; "
        "we need somebody to pick: pay the courier's premium rate or move the small orders to the postal service.")
    assert result.options == ["Pay the courier's premium rate.", "Move the small orders to the postal service."]
    assert result.decision and "which of the options above to take" in result.decision


def test_the_ask_to_pick_is_not_read_as_a_staffing_gap(understander):
    analysis = understander.analyse(
        "The courier cut our daily pickup slots from 12 to 4, so parcels now wait two days at the depot; "
        "we need somebody to pick: pay the courier's premium rate or move the small orders to the postal service.")
    assert analysis.decision
    assert "people_capacity" not in [i.situation for i in analysis.issues]


@pytest.mark.parametrize("text", [
    "The geocoding company now allows far fewer address lookups per day on the plan we pay for.",
    "Our transcription supplier cut the number of call minutes our monthly fee covers.",
])
def test_a_supplier_lowering_what_the_plan_allows_is_a_cost_matter(understander, text):
    analysis = understander.analyse(text)
    assert analysis.main.situation == "cost_over"
    assert analysis.decision
