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
    # method questions beside Slack-style program questions (program11). Still weak: a third go to the records.
    assert len(QUESTIONS) - len(from_records) >= 76, "\n".join(from_records)
