"""Records kept by hand (risks, decisions, escalations, debt, milestones): the engine actions and the `/compel` face."""

from __future__ import annotations

import pytest

from bot.errors import InputError, NotFoundError
from bot.oversight.record_actions import parse_fields, write_record
from tests.fixtures.fake_slack import texts
from tests.fixtures.oversight import load_demo
from tests.fixtures.slack import ADMIN
from tests.slack.test_slack_listeners import Harness


def test_parse_fields_reads_positional_and_keyed_parts():
    fields = parse_fields("Warehouse lease may end early | severity critical | owner Ana Ruiz | use case Demand forecasting")
    assert fields == {"title": "Warehouse lease may end early", "severity": "critical", "owner": "Ana Ruiz", "use case": "Demand forecasting"}
    assert parse_fields("Spot pricing | deployment readiness confirmed | met", ("title", "milestone", "status"))["status"] == "met"
    with pytest.raises(InputError, match="start each part with one of"):
        parse_fields("A risk | colour blue")


@pytest.fixture
def records(isolated_env):
    from bot.services import Services

    load_demo()
    services = Services()
    yield services.records
    services.close()


def test_a_risk_added_without_owner_becomes_a_register_finding(records):
    from bot.config import Settings
    from bot.oversight import evaluate

    done = write_record(records, None, "halvorsen", "risk add", parse_fields("Union talks may pause the depot pilots | severity high"))
    assert done.id == "rk-005" and "no owner or mitigation" in done.lines[1]
    found = evaluate(records.program("halvorsen"), Settings(), rules=["risk_register_gap"])
    assert any(e.id == "rk-005" for f in found for e in f.evidence)


def test_decisions_escalations_milestones_and_resolve(records):
    d = write_record(records, None, "halvorsen", "decision add", parse_fields("Open a third pilot depot? | owner Diego Santos | deadline 2026-11-27"))
    assert d.id.startswith("dec-0") and "due 27 Nov 2026" in d.lines[0]
    e = write_record(records, None, "halvorsen", "escalate", parse_fields("Fuel feed gaps | to Steering committee | use case Spot pricing"))
    assert e.id.startswith("esc-0")
    m = write_record(records, None, "halvorsen", "milestone", parse_fields("Spot pricing | integration testing passed | met", ("title", "milestone", "status")))
    assert m.lines == ["Spot pricing: integration testing passed is now met."]
    assert records.use_case("halvorsen", "uc-pricing").milestones.integration_testing_passed.actual is not None
    r = write_record(records, None, "halvorsen", "debt resolve", {"title": "debt-004"})
    assert r.lines[0].startswith("Resolved debt-004")
    with pytest.raises(InputError, match="not a date"):
        write_record(records, None, "halvorsen", "decision add", parse_fields("Q? | owner A | deadline next week"))
    with pytest.raises(InputError, match="status 'done' is not one of"):
        write_record(records, None, "halvorsen", "milestone", parse_fields("Spot pricing | integration testing passed | done", ("title", "milestone", "status")))
    with pytest.raises(NotFoundError):
        write_record(records, None, "halvorsen", "debt resolve", {"title": "debt-999"})


@pytest.fixture
def h(tmp_path):
    harness = Harness(tmp_path)
    yield harness
    harness.close()


def test_slack_record_commands_are_for_admins_and_reach_the_engine(h):
    resp, _ = h.command("risk add Depot freeze | severity high", user="UNOTADMIN")
    assert "admins" in resp.body
    _, url = h.command("risk add Depot freeze | severity high | owner Diego Santos", user=ADMIN)
    h.idle()
    assert h.engines.written[-1] == ("risk add", {"title": "Depot freeze", "severity": "high", "owner": "Diego Santos"}, ADMIN)
    assert "Depot freeze" in texts(h.responses(url))
    _, url = h.command("debt resolve D-1", user=ADMIN)
    h.idle()
    assert h.engines.written[-1][:2] == ("debt resolve", {"title": "D-1"})
    _, url = h.command("milestone churn | data preparation complete | met", user=ADMIN)
    h.idle()
    assert h.engines.written[-1][1] == {"title": "churn", "milestone": "data preparation complete", "status": "met"}
