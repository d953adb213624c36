"""Program records: validation on the way in, reference checks and error messages."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from store.models import (
    MILESTONES,
    Dependency,
    Milestone,
    MLOps,
    ProgramData,
    Sprint,
    SuccessCriterion,
    UseCase,
)
from store.checks import describe_errors, find_cycle
from tests.fixtures.records import fixture_program


def _minimal(**extra) -> dict:
    doc = {
        "program": {"id": "p", "name": "P"},
        "workstreams": [{"id": "ws", "name": "W", "pillar": "technology"}],
        "use_cases": [{"id": "uc", "name": "U", "workstream": "ws", "stage": "integration"}],
    }
    doc.update(extra)
    return doc


def _lines(doc: dict) -> list[str]:
    with pytest.raises(ValidationError) as info:
        ProgramData.model_validate(doc)
    return describe_errors(info.value, doc, "f.yaml")


def test_fixture_program_is_valid_and_fills_update_sprints_from_dates():
    data = fixture_program()
    assert data.counts()["use_cases"] == 3
    assert [u.sprint for u in data.updates] == [1, 2, 3]
    assert data.sprint_for(date(2026, 1, 19)) == 2
    assert data.sprint_for(date(2025, 12, 1)) is None


def test_unknown_field_is_refused_naming_record_and_field():
    doc = _minimal()
    doc["use_cases"][0]["owner_name"] = "x"
    assert _lines(doc) == ["f.yaml: use_cases[0] (id 'uc') field owner_name: not a known field; check its spelling"]


def test_bad_literal_and_date_name_the_field_and_value():
    doc = _minimal(sprints=[{"number": 1, "start": "2026-13-01", "end": "2026-01-14"}])
    doc["workstreams"][0]["pillar"] = "tech"
    lines = _lines(doc)
    assert any(ln.startswith("f.yaml: workstreams[0] (id 'ws') field pillar:") and "'tech'" in ln for ln in lines)
    assert any(ln.startswith("f.yaml: sprints[0] (number 1) field start:") and "2026-13-01" in ln for ln in lines)


def test_unknown_workstream_names_the_closest_else_the_known_ones():
    doc = _minimal()
    doc["use_cases"][0]["workstream"] = "ws-9"
    assert _lines(doc) == ["f.yaml: use_cases[0] (id 'uc') field workstream: unknown workstream 'ws-9'; closest: ws"]
    doc["use_cases"][0]["workstream"] = "governance"
    assert _lines(doc) == ["f.yaml: use_cases[0] (id 'uc') field workstream: unknown workstream 'governance'; known: ws"]


def test_unknown_use_case_reference_names_the_closest_by_id_name_or_alias():
    doc = _minimal(debt=[{"id": "D-1", "description": "d", "use_case": "u"}, {"id": "D-2", "description": "d", "use_case": "Churn"}])
    doc["use_cases"][0].update(name="Churn prediction", aliases=["churn"])
    lines = _lines(doc)
    assert lines[0].endswith("unknown use case 'u'; closest: uc")
    assert lines[1].endswith("unknown use case 'Churn'; closest: uc")  # the id, found through its alias


def test_duplicate_ids_are_refused():
    doc = _minimal()
    doc["use_cases"].append({"id": "uc", "name": "Again", "workstream": "ws", "stage": "production"})
    (line,) = _lines(doc)
    assert "use_cases[1] (id 'uc') field id: duplicate id 'uc' (also at use_cases[0])" in line


def test_references_from_every_kind_are_checked():
    doc = _minimal(
        updates=[{"id": "u1", "date": "2026-01-01", "author": "a", "text": "t", "use_cases": ["nope"]}],
        debt=[{"id": "D-1", "description": "d", "use_case": "nope"}],
        procurement=[{"id": "p1", "item": "GPU", "blocking": ["nope"]}],
        dependencies=[{"id": "d1", "upstream": "nope", "downstream": "ws"}],
    )
    fields = sorted(ln.split(": ")[1] for ln in _lines(doc))
    assert fields == [
        "debt[0] (id 'D-1') field use_case",
        "dependencies[0] (id 'd1') field upstream",
        "procurement[0] (id 'p1') field blocking[0]",
        "updates[0] (id 'u1') field use_cases[0]",
    ]


def test_dependency_cycle_is_refused_and_named():
    doc = _minimal(
        dependencies=[
            {"id": "a", "upstream": "uc", "downstream": "ws"},
            {"id": "b", "upstream": "ws", "downstream": "uc"},
        ]
    )
    (line,) = _lines(doc)
    assert "dependency cycle through" in line and "a" in line and "b" in line


def test_self_dependency_is_refused():
    doc = _minimal(dependencies=[{"id": "a", "upstream": "uc", "downstream": "uc"}])
    assert "depends on itself" in _lines(doc)[0]


def test_find_cycle_on_a_chain_is_empty_and_on_a_loop_names_it():
    chain = [Dependency(id=str(i), upstream=f"n{i}", downstream=f"n{i + 1}") for i in range(5)]
    assert find_cycle(chain) == []
    loop = chain + [Dependency(id="back", upstream="n5", downstream="n2")]
    assert sorted(find_cycle(loop)) == ["2", "3", "4", "back"]


def test_milestone_with_actual_date_must_be_met():
    with pytest.raises(ValidationError, match="set status to 'met'"):
        Milestone(actual=date(2026, 1, 1), status="pending")
    assert Milestone(actual=date(2026, 1, 1), status="met").status == "met"


def test_sprint_end_before_start_is_refused():
    with pytest.raises(ValidationError, match="before it starts"):
        Sprint(number=1, start=date(2026, 1, 10), end=date(2026, 1, 1))
    assert Sprint(number=1, start=date(2026, 1, 1), end=date(2026, 1, 14), committed=20, completed=14).completion == 0.7


def test_access_request_granted_before_requested_is_refused():
    doc = _minimal(
        access_requests=[
            {"id": "a", "use_case": "uc", "system": "ERP", "requested": "2026-02-01", "granted": "2026-01-01", "status": "granted"}
        ]
    )
    assert "granted (2026-01-01) before requested" in _lines(doc)[0]


def test_use_case_helpers():
    uc = UseCase(
        id="u", name="U", workstream="w", stage="model_development",
        stage_history=[{"sprint": 1, "stage": "data_preparation"}, {"sprint": 3, "stage": "model_development"},
                       {"sprint": 4, "stage": "model_development"}],
    )
    assert uc.stage_since() == 3
    assert [k for k, _ in uc.milestones.items()] == list(MILESTONES)
    assert MLOps(deployment_pipeline=True, versioning_rollback=True).missing() == ["monitoring", "retraining"]


def test_success_criterion_direction():
    assert SuccessCriterion(metric="auc", target=0.8, latest=0.81).met
    assert not SuccessCriterion(metric="latency_ms", target=200, latest=250, higher_is_better=False).met
    assert not SuccessCriterion(metric="auc", target=0.8).met


def test_numbers_are_accepted_as_ids_and_records_are_validated_on_assignment():
    doc = _minimal(debt=[{"id": 7, "description": "numbered"}])
    assert ProgramData.model_validate(doc).debt[0].id == "7"
    uc = UseCase(id="u", name="U", workstream="w", stage="integration")
    with pytest.raises(ValidationError):
        uc.stage = "testing"  # type: ignore[assignment]


def test_overlapping_sprints_are_refused():
    doc = _minimal(
        sprints=[
            {"number": 1, "start": "2026-01-05", "end": "2026-01-18"},
            {"number": 2, "start": "2026-01-18", "end": "2026-01-31"},
        ]
    )
    assert _lines(doc) == [
        "f.yaml: sprints[1] (number 2) field start: starts 2026-01-18, before sprint 1 ends (2026-01-18); sprints must not overlap"
    ]
