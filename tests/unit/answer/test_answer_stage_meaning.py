"""Stage questions for a stage the question names in no word the stage vocabulary knows: the request is read by meaning
and the stage found by meaning (tests/data/stage_meaning.yaml and stage_meaning_11.yaml, our own words)."""

from __future__ import annotations

import pytest
import yaml

from bot.answer.stages import named_stages
from tests.paths import DATA

SETS = {name: yaml.safe_load((DATA / name).read_text())["cases"] for name in ("stage_meaning.yaml", "stage_meaning_11.yaml")}
CASES = [case for cases in SETS.values() for case in cases]


@pytest.fixture(scope="module")
def services(demo_services):
    """The demo program's services (tests/fixtures/records.py); these questions name no program."""
    return demo_services


def test_the_cases_name_no_stage_in_words():
    assert [c["q"] for c in CASES if named_stages(c["q"])] == []


# Floors, measured end to end: the stage read from the bank of situations (bot/answer/stage_meaning.py). Before it
# (the best passage's stages, else the pack's stage piece nearest the question) 5 of 14 and 6 of 14 were right.
FLOORS = {"stage_meaning.yaml": 12, "stage_meaning_11.yaml": 11}


@pytest.mark.parametrize("name", sorted(SETS))
def test_stage_found_by_meaning(services, name):
    wrong = []
    for case in SETS[name]:
        answer = services.answerer.answer(case["q"])
        want = case["stage"].replace("_", " ")
        if not answer.context.startswith(f"Stage questions for {want},"):
            wrong.append(f"{case['q']!r}: {answer.context[:80]}")
    assert len(SETS[name]) - len(wrong) >= FLOORS[name], "\n".join(wrong)


def test_the_shipped_stage_situations_are_the_current_bank():
    from bot.answer.stage_meaning import bank_digest, shipped_path

    assert shipped_path(bank_digest()).is_file(), "stage_situations.yaml changed: run `python -m bot.answer.stage_meaning`"


def test_the_shipped_stage_request_model_is_the_current_bank():
    from bot.answer.stage_request import StageRequests, shipped_path

    path = shipped_path(StageRequests(embed=lambda texts: None).digest())
    assert path.is_file(), "stage_requests.yaml changed: run `python -m bot.answer.stage_request`"


@pytest.mark.parametrize("question", [
    "is it all right if we leave the load tests out to win back a week?",
    "what should our quarterly planning session achieve?",
    "how do I deal with a data scientist who waves away my concerns?",
    "should I worry that nobody owns the feature backlog?",
])
def test_advice_questions_in_asking_words_are_not_taken_for_stage_requests(services, question):
    """Advice wanted on a situation, a meeting or a person: the ordinary answer, not a stage's question list."""
    assert not services.answerer.asks_questions(question)
