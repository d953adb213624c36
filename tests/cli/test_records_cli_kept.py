"""`compel risk add|update|list`, `compel decision add|list`, `compel milestone set` over the demo: writes, JSON, bad input."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from tests.fixtures.oversight import load_demo, run_cli as run


@pytest.fixture
def demo() -> str:
    return load_demo()


def test_risk_add_then_list_shows_it_with_its_use_case_by_name(capsys, demo):
    code, out, _ = run(capsys, "risk", "add", "Label supplier may raise prices in spring", "--severity", "high", "--use-case", "damage triage")
    assert code == 0 and out.startswith("Added risk rk-005 to the risk register of Halvorsen Freight AI Transformation: Label supplier may raise prices "
                                    "in spring (high).")
    assert "no owner or mitigation yet" in out  # the gap the register rule will raise
    code, out, _ = run(capsys, "risk", "list", "--status", "open")
    assert code == 0 and "rk-005  High · Open · owner none" in out and "rk-003" not in out  # rk-003 is mitigated
    row = next(line for line in out.splitlines() if line.startswith("rk-005"))
    assert "uc-" not in row
    code, out, _ = run(capsys, "risk", "list", "--json")
    listed = json.loads(out)
    assert listed["program"] == "halvorsen" and [r["id"] for r in listed["risks"]][-1] == "rk-005"


def test_risk_update_changes_only_what_is_given(capsys, demo):
    code, out, _ = run(capsys, "risk", "update", "rk-002", "--status", "closed", "--json")
    done = json.loads(out)
    assert code == 0 and done["id"] == "rk-002" and done["kind"] == "risk"
    _, out, _ = run(capsys, "risk", "list", "--json")
    rk2 = next(r for r in json.loads(out)["risks"] if r["id"] == "rk-002")
    assert rk2["status"] == "closed" and rk2["owner"] == "Diego Santos" and rk2["severity"] == "medium"


def test_decision_add_and_list(capsys, demo):
    code, out, _ = run(capsys, "decision", "add", "Extend the routing pilot to a third depot?", "--owner", "Ana Ruiz", "--deadline", "2026-12-04")
    assert code == 0 and out.startswith("Added decision dec-005 for Ana Ruiz, due 4 Dec 2026")
    code, out, _ = run(capsys, "decision", "list", "--status", "open")
    assert "dec-005  Open · owner Ana Ruiz · due 4 Dec 2026" in out and "dec-001" not in out  # dec-001 is decided
    assert "dec-002  Open · owner Oliver Grant · due 13 Nov 2026 · Customer churn early warning" in out  # the use case by name


def test_milestone_set(capsys, demo):
    code, out, _ = run(capsys, "milestone", "set", "Spot pricing", "integration testing passed", "at_risk")
    assert code == 0 and out.strip() == "Spot pricing: integration testing passed is now at risk."


@pytest.mark.parametrize(("args", "wanted"), [
    (("risk", "add", "Depot lease", "--review", "next week"), "Review 'next week' is not a date; write it as YYYY-MM-DD"),
    (("risk", "add", "Depot lease", "--use-case", "spot pricng"), "Closest: Spot pricing."),
    (("risk", "update", "rk-044", "--status", "closed"), "No risk 'rk-044'"),
    (("risk", "update", "rk-001"), "Nothing to change on rk-001"),
    (("decision", "add", "Which depot next?", "--owner", "Ana", "--deadline", "31/12/2026"), "is not a date"),
    (("milestone", "set", "Spot pricing", "go live", "met"), "Unknown milestone 'go live'; use one of: data preparation complete"),
    (("milestone", "set", "Spot prcing", "integration testing passed", "met"), "Closest: Spot pricing."),
])
def test_bad_input_is_one_line_with_the_fix_and_exit_2(capsys, demo, args, wanted):
    code, out, err = run(capsys, *args)
    assert code == 2 and not out and wanted in err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
    _, out, _ = run(capsys, "risk", "list", "--json")
    assert len(json.loads(out)["risks"]) == 4  # nothing written


def test_help_and_missing_choices(capsys, demo):
    assert main(["risk", "--help"]) == 0 and "add" in capsys.readouterr().out
    assert main(["milestone", "set", "Spot pricing", "integration testing passed", "done"]) == 2
    assert "'done' is not one of" in capsys.readouterr().err
    assert main(["decision", "add", "Which depot?"]) == 2  # --owner is required
    assert "--owner" in capsys.readouterr().err


def test_the_register_says_what_an_item_is_against_what_it_was_recorded_or_entered_as(capsys, demo):
    code, out, _ = run(capsys, "debt", "list")
    assert code == 0
    lines = out.splitlines()
    d2 = lines.index(next(line for line in lines if line.startswith("debt-002")))
    assert lines[d2].startswith("debt-002  Operational risk (recorded as debt) · Open")
    assert not any(line.strip() == "! Operational risk" for line in lines[d2 + 1:d2 + 4])  # said once, in the label
    assert any(line.startswith("debt-001  Debt · Open") for line in lines)  # plain debt stays plain
    code, out, _ = run(capsys, "debt", "add", "Returns model answering shoppers in every store before the review board approved it",
                       "--category", "debt", "--use-case", "Support reply drafting")
    assert code == 0
    _, out, _ = run(capsys, "debt", "list", "--json")
    new = json.loads(out)["items"][-1]
    assert new["category"] == "compliance_violation" and new["category_label"] == "Compliance violation (entered as debt)"
