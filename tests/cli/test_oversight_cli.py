"""`compel risks | readiness | debt | status` over the demo program: JSON shapes, readable text, bad input."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from tests.fixtures.oversight import load_demo


@pytest.fixture
def demo() -> str:
    return load_demo()


def run_json(capsys, *args: str):
    code = main([*args, "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_risks_json_shape(capsys, demo):
    out = run_json(capsys, "risks", "--program", demo)
    assert list(out) == ["program", "findings"] and out["program"] == demo and len(out["findings"]) == 30
    for f in out["findings"]:
        assert {"rule", "severity", "evidence", "citation", "questions", "subject", "explanation"} <= set(f)
        assert f["severity"] in {"high", "medium", "low"} and f["questions"]
        assert {"source", "module", "article", "section"} <= set(f["citation"]) and f["citation"]["module"] == "2.4"
        assert all({"kind", "id", "sprint", "detail"} == set(e) for e in f["evidence"])


def test_risks_filters(capsys, demo):
    only = run_json(capsys, "risks", "--rule", "feasibility_risk")
    assert [f["subject"] for f in only["findings"]] == ["uc-eta"]
    high = run_json(capsys, "risks", "--severity", "high")
    assert high["findings"] and {f["severity"] for f in high["findings"]} == {"high"}


def test_risks_text(capsys, demo):
    assert main(["risks"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Risk signals: 30 (14 high, 15 medium, 1 low)")
    assert "Feasibility risk — Delivery ETA prediction" in out
    assert "Source: Module 2.4 · Article 6 · The EATP's Technical Oversight Model" in out
    assert "Ask: This is the fourth sprint of experimentation" in out


def test_risks_as_of_a_later_date(capsys, demo):
    later = run_json(capsys, "risks", "--as-of", "2026-12-20", "--rule", "missed_milestone_unescalated")
    assert {"uc-pricing", "uc-route", "uc-invoice"} <= {f["subject"] for f in later["findings"]}


def test_risks_with_no_program_says_how_to_load_one(capsys):
    assert main(["risks"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "compel demo load" in err


@pytest.mark.parametrize("args,expected", [(["--program", "nope"], "No program 'nope'"), (["--as-of", "2026-13-01"], "Invalid value"),
                                           (["--rule", "bogus"], "Unknown rule")])
def test_risks_bad_input(capsys, demo, args, expected):
    assert main(["risks", *args]) == 2
    assert expected in capsys.readouterr().err


def test_readiness_json(capsys, demo):
    out = run_json(capsys, "readiness", "Spot pricing")
    assert out["use_case"] == "uc-pricing" and out["claimed"] is True and out["ready"] is False
    assert [p["pillar"] for p in out["pillars"] if not p["ready"]] == ["people"]
    assert out["mlops"]["retraining"] is False
    # Issue 15: readiness also sees work planned after go-live, its own pipeline and the platform's findings.
    assert {f["rule"] for f in out["findings"]} == {
        "readiness_gap", "mlops_gap", "pillar_after_go_live", "pipeline_reliability",
        "environment_isolation", "platform_governance", "platform_milestone_late",
    }
    assert any(g.startswith("Open operational risk on the debt register") for g in out["gaps"])


def test_readiness_of_a_clean_production_model(capsys, demo):
    out = run_json(capsys, "readiness", "uc-demand")
    assert out["ready"] is True and out["gaps"] == []
    # only the platform's program-wide signals, which do not make its own readiness a gap
    assert {f["subject"] for f in out["findings"]} == {"halvorsen"}
    assert main(["readiness", "forecasting"]) == 0
    assert "Demand forecasting — production: READY" in capsys.readouterr().out


def test_readiness_unknown_use_case_lists_closest(capsys, demo):
    assert main(["readiness", "spot prizing"]) == 2
    err = capsys.readouterr().err
    assert "No use case 'spot prizing'" in err and "Closest: Spot pricing." in err and "uc-" not in err


def test_readiness_and_questions_look_the_use_case_up_in_the_records_already_read(demo):
    from bot.services import Services

    services = Services()
    try:
        assert services.oversight.readiness("Spot pricing").use_case == "uc-pricing"
        assert services.oversight.questions(use_case="eta").use_case == "uc-eta"
        assert "records" not in services.__dict__  # the stdlib reader answered: the SQL store was never built
    finally:
        services.close()


def test_a_long_running_process_reads_the_outline_again_only_after_a_write(demo, monkeypatch):
    from bot.services import Services
    from store.sqlite_read import SQLiteReader

    reads: list[str] = []
    real = SQLiteReader.outline
    monkeypatch.setattr(SQLiteReader, "outline", lambda self, pid: reads.append(pid) or real(self, pid))
    services = Services()
    try:
        first = services.oversight.status()
        assert services.oversight.status() == first and services.oversight.readiness("uc-demand").ready
        assert reads == ["halvorsen"]  # asked three times, read once
        services.records.add_debt("halvorsen", description="Forecast export copied by hand", use_case="uc-demand")
        assert services.oversight.status().findings_by_severity != first.findings_by_severity  # its finding shows
        assert reads == ["halvorsen", "halvorsen"]  # the write changed the revision: read again
    finally:
        services.close()


def test_status_json(capsys, demo):
    out = run_json(capsys, "status")
    assert out["program"] == "halvorsen" and out["current_sprint"] == 7
    assert {w["id"]: w["rag"] for w in out["workstreams"]} == {"ws-data": "red", "ws-gov": "red", "ws-people": "amber", "ws-process": "amber"}
    assert all(w["reasons"] for w in out["workstreams"])
    assert list(out["use_cases_by_stage"]) == ["data preparation", "model development", "integration", "deployment", "production"]
    churn = next(u for u in out["use_cases_by_stage"]["data preparation"] if u["id"] == "uc-churn")
    assert churn["milestones"]["data_preparation_complete"] == "missed"
    assert out["findings_by_severity"] == {"high": 14, "medium": 15, "low": 1}


def test_status_text(capsys, demo):
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "RED   Data and ML platform" in out and "AMBER Adoption and training" in out
    assert "Waits on Delivery ETA prediction, which is slipping." in out
    assert "Program-wide:" in out and "To watch: sprints completing under commitment." in out


def test_debt_list_flags_items(capsys, demo):
    out = run_json(capsys, "debt", "list")
    flags = {i["id"]: i["flags"] for i in out["items"]}
    assert flags["debt-003"] == ["compliance_violation"] and flags["debt-004"] == ["debt_unplanned"]
    assert "debt-008" not in flags  # resolved items are hidden by default
    everything = run_json(capsys, "debt", "list", "--status", "all")
    assert "debt-008" in {i["id"] for i in everything["items"]}


def test_debt_add_and_resolve(capsys, demo):
    added = run_json(capsys, "debt", "add", "Scoring job has no retry", "--use-case", "routing", "--sprint", "9")
    assert added["use_case"] == "uc-route" and added["planned_sprint"] == 9 and added["status"] == "open"
    listed = run_json(capsys, "debt", "list")
    assert added["id"] in {i["id"] for i in listed["items"]}
    resolved = run_json(capsys, "debt", "resolve", added["id"])
    assert resolved["status"] == "resolved"
    assert added["id"] not in {i["id"] for i in run_json(capsys, "debt", "list")["items"]}


def test_debt_add_without_a_plan_is_flagged(capsys, demo):
    assert main(["debt", "add", "Manual feature refresh"]) == 0
    out = capsys.readouterr().out
    assert "no remediation sprint planned" in out
    assert main(["debt", "add", "Live model, no approval", "--category", "compliance_violation", "--sprint", "8"]) == 0
    assert "Escalated to" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args,expected",
    [(["debt", "add", "  "], "description is empty"), (["debt", "resolve", "debt-999"], "No debt item 'debt-999'"),
     (["debt", "add", "x", "--use-case", "nothing-like-it"], "No use case"), (["debt", "add", "x", "--sprint", "-1"], "Invalid value")],
)
def test_debt_bad_input(capsys, demo, args, expected):
    assert main(args) == 2
    assert expected in capsys.readouterr().err


def test_debt_resolve_nothing_written_on_error(capsys, demo):
    before = run_json(capsys, "debt", "list", "--status", "all")
    assert main(["debt", "resolve", "nope"]) == 2
    capsys.readouterr()
    assert run_json(capsys, "debt", "list", "--status", "all") == before


# --- findings cached per program revision -------------------------------------------------------


def _rules(capsys, *args: str) -> set[tuple[str, str]]:
    return {(f["rule"], f["subject"]) for f in run_json(capsys, "risks", *args)["findings"]}


def test_cached_findings_follow_every_write(capsys, demo, isolated_env):
    first = _rules(capsys)
    assert list((isolated_env / "cache").glob("findings-*.json"))
    assert _rules(capsys) == first  # served from the cache
    assert main(["debt", "add", "Forecast export copied by hand", "--use-case", "uc-demand"]) == 0
    capsys.readouterr()
    assert _rules(capsys) == first | {("debt_unplanned", "uc-demand")}


def test_cached_findings_follow_thresholds_and_as_of(capsys, demo, monkeypatch):
    assert ("feasibility_risk", "uc-eta") in _rules(capsys)
    monkeypatch.setenv("COMPEL_EXPERIMENT_MAX_SPRINTS", "4")
    assert ("feasibility_risk", "uc-eta") not in _rules(capsys)
    assert ("missed_milestone_unescalated", "uc-pricing") in _rules(capsys, "--as-of", "2026-12-01")


def test_the_cache_key_covers_every_setting_a_rule_reads():
    import re
    from pathlib import Path

    import bot.oversight
    from bot.oversight.cache import THRESHOLDS

    rules = Path(bot.oversight.__file__).parent.glob("rules_*.py")
    read = {name for path in rules for name in re.findall(r"settings\.([a-z_]+)", path.read_text(encoding="utf-8"))}
    assert read and read <= set(THRESHOLDS)  # a setting left out would serve findings computed under its old value


def test_a_damaged_cache_is_recomputed(capsys, demo, isolated_env):
    first = _rules(capsys)
    for path in (isolated_env / "cache").glob("findings-*.json"):
        key = path.read_bytes().split(b"\n", 1)[0]
        path.write_bytes(key + b"\n{not json")
    assert _rules(capsys) == first


def test_resolved_citations_are_kept_for_the_next_process(capsys, demo, isolated_env):
    from bot.oversight.cache import FindingsCache
    from bot.oversight.sources import all_citations

    first = run_json(capsys, "risks")
    (saved,) = (isolated_env / "cache").glob("citations-*.json")
    assert FindingsCache(isolated_env / "cache").citations() == all_citations()
    saved.write_bytes(b"{not json")  # unreadable: resolved from the pack again, findings unchanged
    for path in (isolated_env / "cache").glob("findings-*.json"):
        path.unlink()
    assert run_json(capsys, "risks") == first


def test_debt_add_refuses_a_description_longer_than_a_register_line(capsys, demo):
    before = run_json(capsys, "debt", "list")
    code = main(["debt", "add", "The scoring job has no retry. " * 200])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and "description" in err and "500" in err
    assert run_json(capsys, "debt", "list") == before
