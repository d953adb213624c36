"""BoK questions asked in a program's channel stay on the BoK: the own retrieval sets (tests/data/retrieval_own*.yaml,
method questions the way people ask them) asked with the demo program in scope (benchmarks/bench_answers.py, its
second table, measures the same with the development sets beside them)."""

from __future__ import annotations

import pytest
import yaml

from tests.paths import DATA

QUESTIONS = [c["q"] for name in ("retrieval_own.yaml", "retrieval_own6.yaml", "retrieval_own9.yaml")
             for c in yaml.safe_load((DATA / name).read_text())["cases"]]


@pytest.fixture(scope="module")
def services(demo_services):
    return demo_services


def test_method_questions_in_a_program_channel_mostly_stay_on_the_bok(services):
    answered = [services.answerer.answer(q, program="halvorsen") for q in QUESTIONS]
    from_records = [q for q, a in zip(QUESTIONS, answered) if a.context.startswith("Answered from the records")]
    # A floor, measured: 68 of 112 kept on the BoK with the intent bank of 427 examples, 79 once the bank held Slack-style
    # method questions beside Slack-style program questions, 82 with layout questions kept on the BoK (program11).
    # 85 with the scope model's veto beside the router (route12; these sets' records are not synced here, so the
    # records' match is not read). Still weak: a fifth or more go to the records.
    assert len(QUESTIONS) - len(from_records) >= 84, "\n".join(from_records)


@pytest.mark.parametrize("question", [
    "which article should I read after the one on our stand-ups?",
    "what comes after this article on our delivery cadence?",
    "is there a module that covers our vendor contracts?",
    "where does the material explain the quality gates we use?",
    "which piece of the series covers the risk register we keep?",
    "what should I read before the article about our sprint reviews?",
])
def test_questions_about_the_reading_stay_on_the_bok_in_a_program_channel(services, question):
    """'Our' and a record kind's noun pull these to the records; the reading-order bank says they are about the texts.
    The first two went to the records before the retriever's layout gate was read here."""
    answer = services.answerer.answer(question, program="halvorsen")
    assert not answer.context.startswith("Answered from the records"), answer.context
