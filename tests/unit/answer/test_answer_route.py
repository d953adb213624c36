"""The texts' evidence beside the intent router (bot/answer/route.py): the records' match against the BoK's, and the
scope model, both directions; end to end in the demo program's channel with its records in retrieval."""

from __future__ import annotations

import pytest

from bot.answer.route import RECORD_OFFSET, SCOPE_VETO, about_the_program, evidence


def test_records_far_nearer_than_the_bok_add_to_the_program_side():
    assert evidence(records=0.7, bok=0.3, scope=-1.0, named=False) > 0


def test_the_bok_nearer_than_the_records_takes_from_the_program_side():
    assert evidence(records=0.3, bok=0.5, scope=-1.0, named=False) < 0
    # a router score just over its threshold does not survive it
    assert not about_the_program(0.03, records=0.3, bok=0.5, scope=-1.0, named=False)


def test_a_confident_router_is_not_overturned_by_a_small_difference():
    assert about_the_program(0.6, records=0.4, bok=0.45, scope=-0.5, named=False)


def test_a_question_no_text_answers_is_not_the_records_to_answer():
    assert evidence(records=0.6, bok=0.3, scope=SCOPE_VETO + 0.5, named=False) == float("-inf")
    assert not about_the_program(2.0, records=0.6, bok=0.3, scope=SCOPE_VETO + 0.5, named=False)


def test_a_name_of_the_program_keeps_the_program_side():
    assert evidence(records=0.2, bok=0.6, scope=SCOPE_VETO + 1.0, named=True) == 0.0
    assert about_the_program(0.05, records=0.2, bok=0.6, scope=SCOPE_VETO + 1.0, named=True)


def test_without_indexed_records_or_a_scope_model_the_router_decides():
    assert evidence(records=None, bok=0.5, scope=None, named=False) == 0.0
    assert evidence(records=0.5 + RECORD_OFFSET, bok=0.5, scope=None, named=False) == pytest.approx(0.0)


@pytest.fixture(scope="module")
def services(demo_services):
    demo_services.sync_records("halvorsen")  # as `compel demo load` does: the records are in retrieval
    return demo_services


def _from_records(services, question: str) -> bool:
    return services.answerer.answer(question, program="halvorsen").context.startswith("Answered from the records")


@pytest.mark.parametrize("question", [
    "who won the football last night?",
    "what is the going day rate for an MLOps contractor in Amsterdam?",
])
def test_off_topic_questions_in_a_program_channel_are_not_answered_from_the_records(services, question):
    """Both went to the records before the scope model was read beside the router."""
    assert not _from_records(services, question)


@pytest.mark.parametrize("question", [
    "what did people flag at yesterday's stand-up?",
    "which shortcuts has the team written down that still need paying back?",
    "what decisions are waiting on someone right now?",
    "is anything costing more than planned this month?",
    "who is behind on their updates this week?",
])
def test_questions_about_the_program_naming_nothing_stay_on_the_records(services, question):
    assert _from_records(services, question)
