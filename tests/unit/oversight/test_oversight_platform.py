"""Platform and data-infrastructure rules and quality gates: each fires on a case written here and stays quiet on a clean one."""

from __future__ import annotations

from datetime import date

import pytest

from bot.config import Settings
from bot.oversight import evaluate
from bot.oversight.readiness import readiness_report
from bot.oversight.view import ProgramView
from tests.fixtures.oversight import day, program, use_case

AS_OF = date(2026, 3, 30)  # inside sprint 7 of the fixture program


@pytest.fixture
def settings() -> Settings:
    return Settings()


def run(rule: str, data, settings: Settings):
    found = evaluate(data, settings, rules=[rule], as_of=AS_OF)
    for f in found:  # every finding carries evidence, its BoK citation and questions
        assert f.evidence and f.citation.module and f.citation.section and f.questions
        assert "_" not in f.explanation.split(".")[0] or f.rule == "quality_gate_unmet"
    return found


def test_environment_without_isolation_or_promotion_path_fires(settings):
    envs = [{"id": "e1", "name": "test", "isolated": False, "promotes_to": "production"},
            {"id": "e2", "name": "production"}]
    found = run("environment_isolation", program(environments=envs), settings)
    assert [f.severity for f in found] == ["high"] and "The test environment is not isolated" in found[0].explanation


def test_separated_environments_with_paths_stay_quiet(settings):
    envs = [{"id": "e1", "name": "dev", "promotes_to": "staging"}, {"id": "e2", "name": "staging", "promotes_to": "production"},
            {"id": "e3", "name": "production", "promotion_defined": False}]  # production promotes nowhere
    assert run("environment_isolation", program(environments=envs), settings) == []


def test_flaky_production_pipeline_fires_on_its_latest_sprint(settings):
    runs = [{"id": "r1", "pipeline": "Orders load", "sprint": 5, "runs": 20, "failures": 0},
            {"id": "r2", "pipeline": "Orders load", "sprint": 6, "runs": 20, "failures": 3}]
    found = run("pipeline_reliability", program(pipeline_runs=runs), settings)
    assert len(found) == 1 and "3 of 20 runs failed in sprint 6" in found[0].explanation


def test_recovered_or_non_production_pipeline_stays_quiet(settings):
    runs = [{"id": "r1", "pipeline": "Orders load", "sprint": 5, "runs": 20, "failures": 6},
            {"id": "r2", "pipeline": "Orders load", "sprint": 6, "runs": 20, "failures": 0},
            {"id": "r3", "pipeline": "Scratch load", "sprint": 6, "runs": 10, "failures": 5, "environment": "development"}]
    assert run("pipeline_reliability", program(pipeline_runs=runs), settings) == []


def test_pipeline_threshold_is_a_setting(settings):
    runs = [{"id": "r1", "pipeline": "Orders load", "sprint": 6, "runs": 100, "failures": 3}]
    assert run("pipeline_reliability", program(pipeline_runs=runs), settings) == []
    assert run("pipeline_reliability", program(pipeline_runs=runs), Settings(pipeline_success_min=0.99))


def test_spend_over_budget_fires_and_within_tolerance_does_not(settings):
    over = [{"id": "c1", "month": date(2026, 2, 1), "budget": 10000, "actual": 11800}]
    within = [{"id": "c1", "month": date(2026, 2, 1), "budget": 10000, "actual": 10600}]
    assert "18% over" in run("infrastructure_cost", program(costs=over), settings)[0].explanation
    assert run("infrastructure_cost", program(costs=within), settings) == []


def test_platform_procurement_started_late_without_interim_fires(settings):
    item = {"id": "p1", "item": "Feature store licence", "platform": True, "started_sprint": 4, "status": "ordered"}
    assert run("procurement_started_late", program(procurement=[item]), settings)
    for clean in ({**item, "interim": "Open-source feature store in the sandbox"}, {**item, "started_sprint": 1},
                  {**item, "status": "delivered"}, {**item, "platform": False}):
        assert run("procurement_started_late", program(procurement=[clean]), settings) == []


def test_old_unescalated_vendor_ticket_fires(settings):
    old = {"id": "v1", "vendor": "Acme Cloud", "subject": "Quota increase", "opened": date(2026, 3, 2)}
    found = run("vendor_ticket_age", program(vendor_tickets=[old]), settings)
    assert found and "(28 days)" in found[0].explanation
    quiet = [{**old, "escalated": True}, {**old, "id": "v2", "opened": date(2026, 3, 25)}, {**old, "id": "v3", "status": "resolved"}]
    assert run("vendor_ticket_age", program(vendor_tickets=quiet), settings) == []


def test_platform_milestone_needing_outside_work_too_late_fires(settings):
    dep = {"team": "Network team", "what": "Firewall change", "lead_time_days": 20, "requested": date(2026, 3, 25)}
    ms = {"id": "m1", "name": "Registry live", "planned": date(2026, 4, 10), "depends_on": [dep]}
    found = run("platform_milestone_late", program(platform_milestones=[ms]), settings)
    assert found and "later than its 20-day lead time allows" in found[0].explanation
    past = {"id": "m2", "name": "Sandbox ready", "planned": date(2026, 3, 20)}
    assert run("platform_milestone_late", program(platform_milestones=[past]), settings)[0].severity == "high"


def test_platform_milestone_planned_with_lead_time_stays_quiet(settings):
    dep = {"team": "Network team", "what": "Firewall change", "lead_time_days": 20, "requested": date(2026, 3, 1)}
    ms = [{"id": "m1", "name": "Registry live", "planned": date(2026, 4, 10), "depends_on": [dep]},
          {"id": "m2", "name": "Sandbox ready", "planned": date(2026, 3, 20), "status": "met"}]
    assert run("platform_milestone_late", program(platform_milestones=ms), settings) == []


def test_platform_controls_unchecked_or_short_fire(settings):
    controls = [{"id": "c1", "area": "security_configuration", "checked": True, "satisfied": True},
                {"id": "c2", "area": "access_controls", "checked": True, "satisfied": False, "note": "shared admin account"}]
    found = run("platform_governance", program(platform_controls=controls), settings)
    assert found and found[0].severity == "high"
    text = found[0].explanation
    assert "access controls is checked and short" in text and "audit capability is not checked" in text


def test_platform_controls_all_satisfied_or_absent_stay_quiet(settings):
    controls = [{"id": a, "area": a, "checked": True, "satisfied": True} for a in ("security_configuration", "access_controls", "audit")]
    assert run("platform_governance", program(platform_controls=controls), settings) == []
    assert run("platform_governance", program(), settings) == []


def test_complete_deliverable_with_unmet_gate_fires_at_its_level(settings):
    gate = {"id": "g1", "deliverable": "Claims model v1", "level": "cycle", "use_case": "uc-a", "complete": True,
            "criteria": [{"name": "bias review", "met": False}, {"name": "load test", "met": True}]}
    found = run("quality_gate_unmet", program(use_cases=[use_case("uc-a", "integration")], quality_gates=[gate]), settings)
    assert [(f.subject, f.severity) for f in found] == [("uc-a", "high")] and "bias review" in found[0].explanation


def test_gate_met_or_deliverable_open_stays_quiet(settings):
    gates = [{"id": "g1", "deliverable": "Data contract", "complete": True, "criteria": [{"name": "signed", "met": True}]},
             {"id": "g2", "deliverable": "Runbook", "level": "workstream", "complete": False, "criteria": [{"name": "reviewed", "met": False}]}]
    assert run("quality_gate_unmet", program(quality_gates=gates), settings) == []


def test_pillar_work_after_go_live_fires_and_before_it_does_not(settings):
    ready = {p: {"ready": True} for p in ("technology", "governance", "process")}
    late = use_case("uc-a", "deployment", readiness={**ready, "people": {"ready": False, "note": "Training in sprint 9."}},
                    milestones={"deployment_readiness_confirmed": {"planned": day(6)}})
    early = use_case("uc-b", "deployment", readiness={**ready, "people": {"ready": False, "note": "Training in sprint 5."}},
                     milestones={"deployment_readiness_confirmed": {"planned": day(6)}})
    found = run("pillar_after_go_live", program(use_cases=[late, early]), settings)
    assert [f.subject for f in found] == ["uc-a"] and "the people pillar" in found[0].explanation


def test_readiness_sees_open_risks_on_the_register_and_the_platform(settings):
    uc = use_case("uc-a", "deployment")
    data = program(use_cases=[uc], debt=[{"id": "d1", "description": "no alert if the scoring feed stops",
                                          "category": "operational_risk", "use_case": "uc-a"}],
                   platform_controls=[{"id": "c1", "area": "audit"}])
    view = ProgramView(data, as_of=AS_OF)
    found = evaluate(view, settings)
    report = readiness_report(view.use_cases["uc-a"], found, data.debt)
    assert any(g.startswith("Open operational risk on the debt register") for g in report.gaps)
    assert any(f.rule == "platform_governance" for f in report.findings)
    assert all(g[0].isupper() for g in report.gaps)


def test_platform_records_referring_to_unknown_use_cases_are_refused():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="unknown use case 'uc-ghost'"):
        program(quality_gates=[{"id": "g1", "deliverable": "x", "use_case": "uc-ghost"}])
    with pytest.raises(ValidationError, match="failures cannot exceed runs"):
        program(pipeline_runs=[{"id": "r1", "pipeline": "p", "sprint": 1, "runs": 2, "failures": 3}])
