"""One place says what a finding is about: its use case when known, else its workstream, else the program."""

from __future__ import annotations

from bot.config import Settings
from bot.oversight import evaluate
from bot.oversight.view import ProgramView
from tests.fixtures.oversight import day, program, use_case


def _view() -> ProgramView:
    return ProgramView(program(use_cases=[use_case("uc-parcels", "model_development", name="Parcel sorting")]))


def test_the_subject_is_the_use_case_then_the_workstream_then_the_program():
    view = _view()
    assert view.subject("uc-parcels") == {"subject": "uc-parcels", "subject_kind": "use_case", "subject_name": "Parcel sorting"}
    assert view.subject(None, "ws-gov") == {"subject": "ws-gov", "subject_kind": "workstream", "subject_name": "Governance"}
    assert view.subject("uc-parcels", "ws-gov")["subject_kind"] == "use_case"  # the narrower subject wins
    assert view.subject() == {"subject": "p1", "subject_kind": "program", "subject_name": "Test Program"}
    assert view.subject("", "") == view.subject()


def test_register_findings_name_their_use_case_or_the_program():
    data = program(
        use_cases=[use_case("uc-parcels", "model_development", name="Parcel sorting")],
        debt=[{"id": "debt-001", "description": "Sorting thresholds typed into a spreadsheet", "use_case": "uc-parcels", "raised": day(2)},
              {"id": "debt-002", "description": "Shared build agents patched by hand", "raised": day(2)}],
    )
    found = evaluate(data, Settings(), rules=["debt_unplanned"])
    assert {(f.subject, f.subject_kind, f.subject_name) for f in found} == {
        ("uc-parcels", "use_case", "Parcel sorting"), ("p1", "program", "Test Program")}
