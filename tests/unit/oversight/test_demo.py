"""The demo program's findings as a whole: which rules fire, on what, how severe. Changes here are deliberate."""

from __future__ import annotations

import json
import re

import pytest

from bot.cli import main
from bot.cli.records import DEMO_FILE as DEMO
from bot.config import Settings
from bot.oversight import RULES, ProgramView, evaluate
from bot.oversight.status import program_status
from store.io import read_program

EXPECTED = sorted([
    ("compliance_violation", "uc-support", "high"),
    ("cross_pillar_impact", "uc-eta", "high"),
    ("debt_budget", "halvorsen", "medium"),
    ("debt_overdue", "halvorsen", "medium"),
    ("debt_unplanned", "uc-route", "low"),
    ("environment_isolation", "halvorsen", "medium"),
    ("feasibility_risk", "uc-eta", "medium"),
    ("infrastructure_cost", "halvorsen", "medium"),
    ("integration_complexity", "uc-route", "high"),
    ("missed_milestone_unescalated", "uc-churn", "high"),
    ("mlops_gap", "uc-pricing", "medium"),
    ("open_risk", "uc-eta", "medium"),
    ("operational_risk", "uc-support", "high"),
    ("pillar_after_go_live", "uc-pricing", "high"),
    ("pipeline_reliability", "uc-pricing", "high"),
    ("platform_governance", "halvorsen", "medium"),
    ("platform_milestone_late", "halvorsen", "medium"),
    ("procurement_blocking", "uc-route", "high"),
    ("procurement_started_late", "halvorsen", "medium"),
    ("progress_without_advancement", "uc-churn", "high"),
    ("quality_gate_unmet", "uc-route", "medium"),
    ("readiness_gap", "uc-pricing", "high"),
    ("readiness_gap", "uc-support", "high"),
    ("risk_register_gap", "uc-route", "high"),
    ("risk_register_gap", "ws-process", "medium"),
    ("source_access", "uc-churn", "high"),
    ("source_access", "uc-route", "medium"),
    ("sprint_completion", "halvorsen", "medium"),
    ("unrealistic_data_assumptions", "uc-churn", "high"),
    ("vendor_ticket_age", "halvorsen", "medium"),
])
CLEAN = {"uc-demand", "uc-invoice", "uc-damage"}


@pytest.fixture(scope="module")
def demo():
    return read_program(DEMO)


@pytest.fixture(scope="module")
def findings(demo):
    return evaluate(demo, Settings())


def test_demo_findings_as_a_whole(findings):
    assert sorted((f.rule, f.subject, f.severity) for f in findings) == EXPECTED


def test_every_rule_fires_on_the_demo(findings):
    assert {f.rule for f in findings} == set(RULES)


def test_several_use_cases_are_clean(demo, findings):
    flagged = {f.subject for f in findings}
    assert CLEAN <= {uc.id for uc in demo.use_cases}
    assert not CLEAN & flagged


def test_demo_shape(demo):
    assert demo.program.stage == "Produce" and demo.program.current_sprint == 7
    assert len(demo.workstreams) == 4 and {w.pillar for w in demo.workstreams} == {"technology", "governance", "people", "process"}
    assert {uc.stage for uc in demo.use_cases} == {"data_preparation", "model_development", "integration", "deployment", "production"}
    assert {u.sprint for u in demo.updates} >= set(range(1, 8))  # six sprints of history and the current one
    assert len({u.author for u in demo.updates}) >= 8
    assert demo.debt and demo.dependencies and demo.access_requests and demo.procurement and demo.decisions


def test_the_feasibility_question_names_the_sprint_and_the_gap(findings):
    feas = next(f for f in findings if f.rule == "feasibility_risk")
    assert "fourth sprint of experimentation" in feas.questions[0]
    assert "0.71 against a target of 0.80" in feas.questions[0]


def test_demo_status(demo, findings):
    st = program_status(ProgramView(demo), findings)
    rag = {w.id: w.rag for w in st.workstreams}
    assert rag == {"ws-data": "red", "ws-gov": "red", "ws-people": "amber", "ws-process": "amber"}
    people = next(w for w in st.workstreams if w.id == "ws-people")
    assert any("Delivery ETA prediction" in r for r in people.reasons)
    assert [uc.id for uc in st.use_cases_by_stage["production"]] == ["uc-demand", "uc-support"]
    assert st.as_of.isoformat() == "2026-11-04"


def test_demo_load_then_risks_end_to_end(capsys):
    assert main(["demo", "load", "--no-index"]) == 0  # retrieval: tests/unit/oversight/test_oversight_retrieval.py
    capsys.readouterr()
    assert main(["risks", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert sorted((f["rule"], f["subject"], f["severity"]) for f in out["findings"]) == EXPECTED


def test_demo_text_is_our_own_words(bok_dir):
    """No 60-character run of the demo's prose appears in the licensed BoK."""
    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", text).lower()

    bok = " ".join(norm(p.read_text(encoding="utf-8")) for p in bok_dir.glob("*.txt"))
    demo = " ".join(norm(p.read_text(encoding="utf-8")) for p in sorted(DEMO.parent.glob("*")) if p.suffix in (".yaml", ".csv"))
    hits = [demo[i:i + 60] for i in range(0, max(len(demo) - 60, 0), 10) if demo[i:i + 60] in bok]
    assert hits == []


def test_demo_standups_csv_imports_without_changing_the_findings(capsys):
    from tests.fixtures.oversight import load_demo

    load_demo()
    assert main(["records", "import", str(DEMO.parent / "standups-sprint7.csv"), "--json", "--no-index"]) == 0
    capsys.readouterr()
    assert main(["risks", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert sorted((f["rule"], f["subject"], f["severity"]) for f in out["findings"]) == EXPECTED
    assert main(["status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-11-06"
