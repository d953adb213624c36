"""Stage questions for a stage the question names in no word the stage vocabulary knows: the request is read by meaning
and the stage found by meaning (tests/data/stage_meaning.yaml, our own words)."""

from __future__ import annotations

import pytest
import yaml

from bot.answer.stages import named_stages
from tests.paths import DATA

CASES = yaml.safe_load((DATA / "stage_meaning.yaml").read_text())["cases"]


@pytest.fixture(scope="module")
def services(demo_services):
    """The demo program's services (tests/fixtures/records.py); these questions name no program."""
    return demo_services


def test_the_cases_name_no_stage_in_words():
    assert [c["q"] for c in CASES if named_stages(c["q"])] == []


def test_stage_found_by_meaning(services):
    wrong = []
    for case in CASES:
        answer = services.answerer.answer(case["q"])
        want = case["stage"].replace("_", " ")
        if not answer.context.startswith(f"Stage questions for {want},"):
            wrong.append(f"{case['q']!r}: {answer.context[:80]}")
    # A floor, measured end to end: 1 of 14 right choosing only among the best passage's stages; 6 choosing over every
    # stage; 5 since rank9's scope model: questions the retrieval refused before (so their stage was chosen over every
    # stage) are now answered, and their stage is taken from the best passage's stages. answers9 added the demo
    # program's stand-up updates made at each stage to the pieces (7 of 14 on its own branch); with the scope model it
    # gave 5 as well, so it was taken out rather than tie every program's stage reading to the demo's records.
    assert len(wrong) <= 9, "\n".join(wrong)


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
