"""The status's program-wide lines say their severity in words, as the workstream lines do, never as "(medium)"."""

from __future__ import annotations

import re

from bot.config import Settings
from bot.oversight import evaluate
from bot.oversight.status import program_status
from bot.oversight.view import ProgramView
from tests.fixtures.oversight import program

_TAG = re.compile(r"\((?:critical|high|medium|low)\)")


def _status(**overrides):
    view = ProgramView(program(sprint_overrides=overrides))
    return program_status(view, evaluate(view, Settings()))


def test_program_wide_lines_name_the_signal_and_its_weight_in_words():
    # Three sprints well under what they committed, and remediation squeezed out of the last two.
    status = _status(s4={"completed": 5}, s5={"completed": 4}, s6={"completed": 5, "debt_capacity_share": 0.05},
                     s7={"debt_capacity_share": 0.04})
    lines = status.program_signals
    assert len(lines) >= 2
    for line in lines:
        assert not _TAG.search(line), line
        assert line.startswith(("A serious signal: ", "To watch: ")), line
        assert line.endswith(".") and ".." not in line
    said = " ".join(lines)
    assert "sprints completing under commitment" in said.lower() and "debt remediation under budget" in said.lower()


def test_a_high_signal_reads_as_serious_and_a_medium_one_as_one_to_watch():
    view = ProgramView(program(sprint_overrides={"s4": {"completed": 5}, "s5": {"completed": 4}, "s6": {"completed": 5}}))
    findings = [f for f in evaluate(view, Settings()) if f.subject_kind == "program"]
    lines = program_status(view, findings).program_signals
    for f in findings:
        [line] = [ln for ln in lines if f.title.lower() in ln.lower()]
        assert line.startswith("A serious signal: " if f.severity == "high" else "To watch: "), (f.severity, line)
