"""The debt-budget finding says plainly what each sprint spent on debt remediation against which budget."""

from __future__ import annotations

from bot.config import Settings
from bot.oversight import RULES
from bot.oversight.view import ProgramView
from tests.fixtures.oversight import program
from tests.fixtures.text_audit import problems


def _finding(**overrides):
    data = program(sprint_overrides=overrides)
    (found,) = list(RULES["debt_budget"](ProgramView(data), Settings()))
    return found


def test_two_sprints_under_budget_read_as_each_sprints_share_against_the_budget():
    found = _finding(s5={"debt_capacity_share": 0.11}, s6={"debt_capacity_share": 0.09})
    first = found.explanation.split(". ")[0]
    assert first == ("Technical-debt remediation took 11% of sprint 5's capacity and 9% of sprint 6's, "
                     "each below the budget of 15% to 20% of capacity the roadmap should protect")
    assert "spent 11%, 9%" not in found.explanation and problems(found.explanation) == []


def test_one_sprint_under_budget_reads_in_the_singular():
    found = _finding(s6={"debt_capacity_share": 0.05})
    assert found.explanation.startswith("Technical-debt remediation took 5% of sprint 6's capacity, below the budget of 15% to 20%")
    assert "each" not in found.explanation.split(". ")[0]
