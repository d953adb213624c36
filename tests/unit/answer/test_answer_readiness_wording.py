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
    count = re.search(r"(None|One|Two|Three|Four|Five|Six|Seven|Eight|Nine) of the \d+ use cases in integration or later (is|are) ready",
                      text)  # the count opens the sentence, so it is a word
    assert count, text
    assert (count.group(2) == "is") == (count.group(1) == "One"), text
    assert not re.search(r"[;:] (The|A|An|Its) ", text), text


def test_a_single_gap_reads_in_lower_case_after_the_colon():
    from bot.answer.topics import _gap

    assert _gap("The people pillar is not ready.") == "the people pillar is not ready"
    assert _gap("MLOps gaps: no rollback.") == "MLOps gaps (no rollback)"
