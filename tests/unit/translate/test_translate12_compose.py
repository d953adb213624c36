"""compose12: every fact kept, told in whole sentences: times and shares said in words, statements joined by a comma
or "and" told apart, a figure in the details list with what it measures. Own wording throughout."""

from __future__ import annotations

import pytest

from bot.translate.consistency import contradictions, translation_grammar
from bot.translate.sentences import own_statements, statements, third_person
from bot.understand.facts import Fact, check_facts, extract_facts, kept_in


def _facts(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in extract_facts(text)]


@pytest.mark.parametrize("text, fact", [
    ("The vendor patch lands tomorrow.", "tomorrow"),
    ("We retest next sprint.", "next sprint"),
    ("Billing closes at the end of the quarter.", "the end of the quarter"),
    ("The cut-over happens tonight.", "tonight"),
    ("Go-live is this weekend.", "this weekend"),
])
def test_relative_times_are_facts(text, fact):
    assert ("date", fact) in _facts(text)


@pytest.mark.parametrize("text, fact", [
    ("Roughly a quarter of the invoices need a second look.", "a quarter"),
    ("Two fifths of the forms arrive late.", "Two fifths"),
    ("The check takes a few seconds per parcel.", "a few seconds"),
    ("The pilot would slip a fortnight.", "a fortnight"),
    ("Setup needs a couple of days.", "a couple of days"),
    ("The reader misses one label in 250.", "one label in 250"),
    ("The scanner rejects one returned parcel in 30.", "one returned parcel in 30"),
    ("Drivers skip one late-evening drop out of 15.", "one late-evening drop out of 15"),
])
def test_shares_spans_and_rates_in_words_are_facts(text, fact):
    assert fact in [t for _, t in _facts(text)]


def test_an_ordinal_is_no_span_of_time():
    assert not any("second" in t for _, t in _facts("We asked for a second opinion."))


def test_a_capital_after_a_semicolon_is_a_name():
    assert ("name", "Grace") in _facts("The feed is late again; Grace chases the supplier on Monday.")
    assert not any(t == "The" for _, t in _facts("The feed is late; The supplier says sorry."))


def test_a_number_word_opening_a_sentence_is_the_same_fact():
    assert kept_in(Fact(kind="number", text="three"), "Three of the drivers are new.")
    assert not kept_in(Fact(kind="name", text="Ana"), "ana is away.")  # a name keeps its own capital


def test_statements_joined_by_a_comma_or_and_are_told_apart():
    assert statements("Patch applied, queue depth is back below 200 and the nightly load runs again tonight") == [
        "Patch applied", "queue depth is back below 200", "the nightly load runs again tonight"]


def test_lists_and_verbs_without_a_subject_stay_whole():
    assert own_statements("the planners, the buyers and the auditors signed off") == [
        "the planners, the buyers and the auditors signed off"]
    assert own_statements("we rebuilt the index and reran the checks") == ["we rebuilt the index and reran the checks"]
    assert own_statements("finance, then procurement, and now the depot team wants the report too")[0].startswith("finance")


def test_options_are_read_unsplit():
    whole = "we can pause the rollout and retrain, or ship now and accept the misses"
    assert statements(whole, joined=False) == [whole]


def test_a_contraction_after_we_agrees_with_the_team():
    assert third_person("we haven't heard back") == "the team has not heard back"


def test_a_fix_with_a_figure_and_a_date_reads_as_whole_sentences(translator, glossary):
    text = "We rolled back, the failure rate is back below 1% and the new build goes out tomorrow."
    t = translator.translate(text)
    body = t.business_text()
    assert "The details given" not in body, body
    assert "below 1%" in body and "tomorrow" in body
    assert check_facts(text, body, glossary).ok and translation_grammar(t) == [] and contradictions(text, t) == []


def test_a_share_and_a_span_said_in_words_reach_the_reader(translator, glossary):
    text = "Only a third of the planners open the forecast; the trainers need a week to run sessions at every depot."
    body = translator.translate(text).business_text()
    assert "a third" in body and "a week" in body, body
    assert "The update also mentions" not in body


def test_a_figure_in_the_details_list_keeps_what_it_measures(translator):
    # The subject is a compound no reader knows, so the statement goes to the list: the figure keeps its measure.
    body = translator.translate("Rollback done; the p2p reconciliation mismatch rate is back under 0.4%.").business_text()
    assert "The details given: under 0.4%" not in body, body
    assert "under 0.4%" in body


def test_a_fact_less_statement_stays_when_it_shares_a_sentence(translator):
    body = translator.translate("The pricing analyst went on leave; the playbook is unfinished and four of the nine "
                                "queued jobs lack an owner.").business_text()
    assert "is unfinished and four of the nine" in body, body
    assert "four of the nine queued jobs" in body.lower()
