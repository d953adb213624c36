"""Readiness answers on the demo program read as one grammatical sentence per use case: verbs agree with the count,
and a gap listed after a colon or a semicolon does not start with a capital."""

from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def services(demo_services):
    """The demo program in this module's own data dir (tests/fixtures/records.py)."""
    return demo_services


def test_readiness_count_agrees_and_gaps_continue_the_sentence(services):
    answer = services.answerer.answer("Which of our use cases are ready to go to production?",
                                      program="halvorsen")
    text = answer.answer
    assert "ready" in text, text
    count = re.search(r"(None|One|Two|Three|Four|Five|Six|Seven|Eight|Nine) of the (one|two|three|four|five|six|seven|eight|nine) "
                      r"use cases? in integration or later (is|are) ready", text)  # the counts open the sentence, so both are words
    assert count, text
    assert (count.group(3) == "is") == (count.group(1) == "One"), text
    assert not re.search(r"[;:] (The|A|An|Its) ", text), text


def test_a_single_gap_reads_in_lower_case_after_the_colon():
    from bot.answer.topics import _gap

    assert _gap("The people pillar is not ready.") == "the people pillar is not ready"
    assert _gap("MLOps gaps: no rollback.") == "MLOps gaps (no rollback)"


def _depth(text: str) -> int:
    deepest = depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        deepest = max(deepest, depth)
    return deepest


def test_no_answer_nests_a_parenthetical_inside_another(services):
    # The readiness gap "planned after go-live" carries the finding's own dated clause, itself in brackets.
    answer = services.answerer.answer("is spot pricing ready for production?", program="halvorsen")
    assert "13 Nov 2026" in answer.answer and "sprint 8" in answer.answer, answer.answer
    assert all(_depth(line) <= 1 for line in answer.answer.splitlines()), answer.answer


@pytest.mark.parametrize("text, flat", [
    ("go-live (planned in sprint 7 (13 Nov 2026), but the work is in sprint 8).",
     "go-live (planned in sprint 7, 13 Nov 2026, but the work is in sprint 8)."),
    ("owner (Hannah (ETA)) due soon.", "owner (Hannah, ETA) due soon."),
    ("a gap (the milestone (missed) and the licence (ordered); both open).",
     "a gap (the milestone, missed, and the licence, ordered; both open)."),
    ("one level (stays) as it is.", "one level (stays) as it is."),
    ("the data ((two feeds) late).", "the data (two feeds, late)."),
])
def test_a_nested_parenthetical_is_set_off_by_commas(text, flat):
    from bot.answer.claims import flat_brackets

    assert flat_brackets(text) == flat


def test_a_gap_note_that_opens_on_a_use_case_name_keeps_its_capital():
    from bot.answer.topics import _gap

    names = ["Spot pricing", "Demand forecasting"]
    assert _gap("Deployment not ready: Spot pricing goes live after the review.", names) == \
        "deployment not ready (Spot pricing goes live after the review)"
    assert _gap("Data not ready: The feed is late.", names) == "data not ready (the feed is late)"
    assert _gap("Data not ready: Spotty coverage in two depots.", names) == "data not ready (spotty coverage in two depots)"


def test_the_readiness_answer_writes_use_case_names_as_the_records_do(services):
    answer = services.answerer.answer("which use cases are not ready for production?", program="halvorsen")
    names = [u.name for u in services.records.use_cases("halvorsen")]
    named = [n for n in names if n.lower() in answer.answer.lower()]
    assert named, answer.answer
    for name in named:  # every mention of a name is written as the records write it, never lower-cased mid-sentence
        assert answer.answer.lower().count(name.lower()) == answer.answer.count(name), (name, answer.answer)


def test_the_at_risk_count_of_high_severity_reads_in_words():
    from bot.answer.topics import high_severity

    assert high_severity(4, 4) == ", each with a high-severity one"  # never "Four of the eight …, 4 of them with …"
    assert high_severity(2, 2) == ", both with a high-severity one"
    assert high_severity(3, 5) == ", three of them with a high-severity one"
    assert high_severity(0, 3) == ", none of them with a high-severity one"
    assert high_severity(1, 1) == ", a high-severity one among them"


def test_the_demo_at_risk_answer_counts_in_words(services):
    answer = services.answerer.answer("Which use cases are in trouble right now?", program="halvorsen")
    assert not re.search(r", \d+ of them", answer.answer), answer.answer


def test_months_over_budget_are_counted_in_words_mid_sentence():
    from bot.answer.topics import _months_over

    assert _months_over(2, 3) == "two of the three months ran above budget"
    assert _months_over(0, 4) == "none of the four months ran above budget"
    assert _months_over(1, 1) == "the one month on record ran above budget"


def test_the_demo_spend_answer_says_its_counts_in_words(services):
    answer = services.answerer.answer("how far over budget is the cloud bill", program="halvorsen")
    assert "of the three months ran above budget" in answer.answer, answer.answer


def test_the_blocker_count_reads_in_words(services):
    answer = services.answerer.answer("is anything holding up the delivery ETA work?", program="halvorsen")
    assert re.search(r"The records show (one|two|three|four|five) open blockers? for", answer.answer), answer.answer
