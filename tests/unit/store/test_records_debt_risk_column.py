"""The debt judgement weighs a register item's risk column: a shortcut stays debt however alarming its consequence,
while a worse line the column brings (a live system unwatched, a missing approval) still raises it."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.oversight.debt_judgement import DebtJudge


@pytest.fixture(scope="module")
def judge():
    from bot.understand import Understander
    from knowledge.glossary import load_glossary

    return DebtJudge(Understander(load_glossary(Settings().glossary)))


@pytest.mark.parametrize(("line", "risk", "wanted"), [
    ("Exchange rates loaded by a script an engineer starts each morning", "If the script fails, reports carry yesterday's rates and nobody is warned", "debt"),
    ("Model features computed in a notebook and pasted into the batch job", "A pasting mistake would skew the scores", "debt"),
    ("Returns prediction model switched on for all stores last week", "It runs without the sign-off the governance board requires", "compliance_violation"),
    ("Customer sentiment scores shown to agents in production", "The deployed model is never checked for drift, so bad scores would go unnoticed", "operational_risk"),
])
def test_the_risk_column_raises_only_what_the_line_itself_allows(judge, line, risk, wanted):
    assert judge.judge(line, risk).category == wanted


def test_without_a_risk_column_the_description_alone_decides(judge):
    assert judge.judge("Ticket routing rules copied by hand between two systems").category == "debt"
    assert judge.judge("Live ticket router has no alerting when it stops assigning tickets").category == "operational_risk"
