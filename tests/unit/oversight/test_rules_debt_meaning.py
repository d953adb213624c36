"""The operational-risk rule finds debt that is really a missing watch over a live system by meaning, not by a keyword."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.oversight import ProgramView, evaluate
from bot.oversight.debt_judgement import DebtJudge
from bot.understand import Understander
from tests.fixtures.oversight import program, use_case

_LIVE_UNWATCHED = {"deployment_pipeline": True, "monitoring": False, "retraining": True, "versioning_rollback": True}


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="module")
def judge() -> DebtJudge:
    from knowledge.glossary import load_glossary

    return DebtJudge(Understander(load_glossary(Settings().glossary)))


def _view(debt, judge: DebtJudge | None) -> ProgramView:
    uc = use_case("uc-live", "production", governance_approved=True, mlops=_LIVE_UNWATCHED)
    view = ProgramView(program(use_cases=[uc], debt=debt))
    if judge is not None:
        view.debt_judge = lambda description, risk: judge.judge(description, risk).category
    return view


def test_a_missing_watch_worded_without_the_keyword_is_found_by_meaning(settings, judge):
    # Neither line says "monitor": the first means a live system nobody watches, the second is a plain shortcut.
    debt = [
        {"id": "d1", "description": "Nobody gets told when the live scores start drifting away from reality",
         "category": "debt", "planned_sprint": 9, "use_case": "uc-live"},
        {"id": "d2", "description": "Branch codes typed into the scoring script by hand for the pilot",
         "category": "debt", "planned_sprint": 9, "use_case": "uc-live"},
    ]
    found = evaluate(_view(debt, judge), settings, rules=["operational_risk"])
    assert len(found) == 1
    ids = {e.id for e in found[0].evidence}
    assert "d1" in ids and "d2" not in ids
    assert "lists it as ordinary debt" in found[0].explanation


def test_without_a_judge_the_rule_still_flags_the_unwatched_model_but_relabels_nothing(settings):
    debt = [{"id": "d1", "description": "Nobody gets told when the live scores start drifting away from reality",
             "category": "debt", "planned_sprint": 9, "use_case": "uc-live"}]
    found = evaluate(_view(debt, None), settings, rules=["operational_risk"])
    assert len(found) == 1 and "ordinary debt" not in found[0].explanation
    assert [e.id for e in found[0].evidence] == ["uc-live"]
