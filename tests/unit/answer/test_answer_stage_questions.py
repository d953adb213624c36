"""'What should I ask at <stage>?' gets the stage's questions in full, item by item and cited, tied to the program."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.answer.stages import asks_questions, named_stages
from tests.paths import DATA, SHARED_BOK

CASES = yaml.safe_load((DATA / "stage_questions.yaml").read_text())["cases"]


@pytest.fixture(scope="module")
def services(demo_services):
    """The demo program in this module's own data dir (tests/fixtures/records.py)."""
    return demo_services


def _records(answer) -> set[tuple[str, str]]:
    return {tuple(c.section.split(" ", 1)) for c in answer.citations if c.kind == "record"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["q"][:40])
def test_stage_questions_are_given_in_full(case, services):
    answer = services.answerer.answer(case["q"], program=case.get("program"))
    if case.get("not_stage"):
        assert not answer.context.startswith("Stage questions"), answer.answer
        return
    assert answer.context.startswith("Stage questions"), (case["q"], answer.context, answer.answer)
    for stage in case["stages"]:
        for q in services.oversight.questions(stage=stage).questions:  # the BoK's where indexed, else the pack's
            assert q.text in answer.answer, f"{case['q']!r} left out {q.text!r}:\n{answer.answer}"
    wanted = set(case["stages"])
    for stage in {"data_preparation", "model_development", "integration", "deployment", "production"} - wanted:
        for q in services.oversight.questions(stage=stage).questions:
            assert q.text not in answer.answer, f"{case['q']!r} gave {stage} questions too"
    for name in case.get("names", []):
        assert name.lower() in answer.answer.lower(), f"{case['q']!r} does not name {name}:\n{answer.answer}"
    for kind, rid in case.get("records", []):
        assert (kind, rid) in _records(answer), f"{case['q']!r} does not cite {kind} {rid}"
    # Each question is a list line with its citation after its own end mark; sources numbered in order of use.
    items = [line for line in answer.answer.split("\n") if line.startswith("- ")]
    assert items and all(re.search(r"[.?!\"”] \[[\d, ]+\]$", line) for line in items), answer.answer
    used = [int(n) for marks in re.findall(r"\[([\d, ]+)\]", answer.answer) for n in marks.split(",")]
    assert sorted(set(used)) == list(range(1, len(answer.citations) + 1))
    first = list(dict.fromkeys(used))
    assert first == sorted(first)


def test_the_questions_rest_on_the_bok_passage_when_the_articles_are_indexed(services):
    if not SHARED_BOK.is_dir():
        pytest.skip(f"the BoK articles are not at {SHARED_BOK}")
    answer = services.answerer.answer("What should I be asking the team while the data is being prepared?")
    bok = [c for c in answer.citations if c.kind == "bok"]
    assert bok and bok[0].quote and answer.citations[0].kind == "bok"
    assert "?" in answer.answer.split("\n")[2]  # the lead sentence, the stage's lead-in, then its first question


def test_with_a_program_an_unknown_name_is_still_refused(services):
    from bot.errors import NotFoundError

    with pytest.raises(NotFoundError, match="Closest: halvorsen"):
        services.answerer.answer("What should I ask during integration?", program="halvorsn")


@pytest.mark.parametrize("text, stages", [
    ("what should I check after go-live?", ["production"]),
    ("What do I ask before we go live?", ["deployment"]),
    ("Which questions for each stage, and what after launch?", ["data_preparation", "model_development", "integration",
                                                                 "deployment", "production"]),
    ("questions while experimenting", ["model_development"]),
    ("How do I integrate ask and answer?", ["integration"]),
    ("What is the budget?", []),
])
def test_stages_named_in_words(text, stages):
    assert named_stages(text) == stages


def test_the_request_is_to_ask_check_or_confirm():
    assert asks_questions("What should I confirm with the team?")
    assert asks_questions("Any checks before the release?")
    assert not asks_questions("When does deployment start?")
    assert not asks_questions("Has the churn work passed its data checks?")  # a state, for the records
    assert not asks_questions("Who checks the debt register?")  # a person, not questions
