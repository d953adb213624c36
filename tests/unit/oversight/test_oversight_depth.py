"""Issue 15: the risk register's rules, overdue debt, governance red, and the wording people read (own cases)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.config import Settings
from bot.oversight import evaluate
from bot.oversight.status import program_status
from bot.oversight.view import ProgramView
from bot.oversight.wording import clip, in_sentence, pillar_phrase
from tests.fixtures.oversight import day, program, use_case


@pytest.fixture
def settings() -> Settings:
    return Settings()


def run(rule: str, data, settings: Settings):
    return evaluate(data, settings, rules=[rule])


def _risk(**fields):
    row = {"id": "r1", "title": "Key supplier may exit the market", "severity": "high", "owner": "Kim", "raised": day(2),
           "mitigation": "Second supplier being qualified.", "status": "open"}
    row.update(fields)
    return row


# --- the risk register ----------------------------------------------------------------------------


def test_open_high_risk_is_a_signal(settings):
    found = run("open_risk", program(risks=[_risk(workstream="ws-tech")]), settings)
    assert [(f.subject, f.subject_kind, f.severity) for f in found] == [("ws-tech", "workstream", "medium")]
    assert "Kim" in found[0].questions[0] and found[0].evidence[0].detail.startswith("High risk, owner Kim")


def test_low_closed_or_mitigated_risks_stay_quiet(settings):
    risks = [_risk(id="r1", severity="low"), _risk(id="r2", status="mitigated"), _risk(id="r3", status="closed", severity="critical")]
    assert run("open_risk", program(risks=risks), settings) == []
    assert run("risk_register_gap", program(risks=risks), settings) == []


@pytest.mark.parametrize("fields,words", [
    ({"owner": ""}, "has no owner"),
    ({"mitigation": ""}, "has no mitigation"),
    ({"review_by": day(4)}, "has not been reviewed since its review date"),
])
def test_a_risk_nobody_keeps_is_a_finding(settings, fields, words):
    found = run("risk_register_gap", program(risks=[_risk(**fields)]), settings)
    assert len(found) == 1 and words in found[0].explanation
    assert run("open_risk", program(risks=[_risk(**fields)]), settings) == []  # said once, by the register rule


def test_a_kept_risk_with_a_future_review_is_not_a_register_gap(settings):
    assert run("risk_register_gap", program(risks=[_risk(review_by=date(2027, 6, 1))]), settings) == []


def test_open_risks_feed_status_reasons(settings):
    data = program(risks=[_risk(workstream="ws-people")])
    view = ProgramView(data)
    st = program_status(view, evaluate(view, settings))
    people = next(w for w in st.workstreams if w.id == "ws-people")
    assert people.rag == "amber" and any("open risk on the register" in r for r in people.reasons)


# --- debt: overdue versus unplanned, and governance red ---------------------------------------------


def test_past_planned_sprint_is_overdue_not_unplanned(settings):
    data = program(use_cases=[use_case("uc-a", "integration")],
                   debt=[{"id": "d1", "description": "label fixes applied by hand", "planned_sprint": 3, "use_case": "uc-a"}])
    assert run("debt_unplanned", data, settings) == []
    found = run("debt_overdue", data, settings)
    assert [f.title for f in found] == ["Debt remediation overdue"] and "sprint 3" in found[0].explanation


def test_debt_planned_ahead_is_not_overdue(settings):
    data = program(debt=[{"id": "d1", "description": "label fixes applied by hand", "planned_sprint": 9}])
    assert run("debt_overdue", data, settings) == []


def test_open_compliance_violation_makes_governance_red(settings):
    uc = use_case("uc-a", "integration")
    data = program(use_cases=[uc], debt=[{"id": "d1", "description": "went live before the privacy review",
                                          "category": "compliance_violation", "use_case": "uc-a", "planned_sprint": 8}])
    view = ProgramView(data)
    found = evaluate(view, settings)
    gov = next(w for w in program_status(view, found).workstreams if w.pillar == "governance")
    assert gov.rag == "red"
    evidence = next(f for f in found if f.rule == "compliance_violation").evidence[0].detail
    assert evidence.startswith("Compliance violation, remediation planned for sprint 8")
    assert "compliance_violation" not in evidence


def test_resolved_violation_leaves_governance_green(settings):
    data = program(use_cases=[use_case("uc-a", "integration")],
                   debt=[{"id": "d1", "description": "went live early", "category": "compliance_violation",
                          "use_case": "uc-a", "status": "resolved"}])
    view = ProgramView(data)
    gov = next(w for w in program_status(view, evaluate(view, settings)).workstreams if w.pillar == "governance")
    assert gov.rag == "green"


# --- wording ------------------------------------------------------------------------------------


def test_clip_cuts_at_a_sentence_or_word_with_an_ellipsis():
    text = "The vendor confirmed the sandbox today. We still wait on the firewall change while the formal request is reviewed."
    assert clip(text, 60) == "The vendor confirmed the sandbox today. …"
    cut = clip("word " * 40, 50)
    assert cut.endswith("…") and not cut.endswith(" …") and len(cut) <= 51 and "wor…" not in cut
    assert clip("short", 50) == "short"


def test_labels_keep_acronyms_and_pillars_read_as_pillars():
    assert in_sentence("MLOps gaps") == "MLOps gaps" and in_sentence("Missed milestone") == "missed milestone"
    assert pillar_phrase(["people"]) == "the people pillar"
    assert pillar_phrase(["people", "process"]) == "the people and process pillars"


def test_readiness_gap_names_the_pillar(settings):
    ready = {p: {"ready": True} for p in ("technology", "governance", "process")}
    uc = use_case("uc-a", "deployment", readiness={**ready, "people": {"ready": False}}, readiness_claimed=True)
    found = run("readiness_gap", program(use_cases=[uc]), settings)
    assert "but the people pillar is not ready" in found[0].explanation


def test_granted_access_is_not_asked_when_it_will_be_granted(settings):
    req = {"id": "a1", "use_case": "uc-a", "system": "Billing DB", "requested": day(5), "needed_by": day(5, 3),
           "granted": day(6), "status": "granted"}
    found = run("source_access", program(use_cases=[use_case("uc-a", "data_preparation")], access_requests=[req]), settings)
    assert found and not any("when will it be granted" in q for q in found[0].questions)
