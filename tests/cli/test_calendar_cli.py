"""`compel calendar list|add|remove` over the demo, and the schedule options that feed the same calendar:
help, JSON, exit codes, and one-line errors naming the fix."""

from __future__ import annotations

import json

import pytest

from tests.fixtures.oversight import load_demo, run_cli as run


@pytest.fixture
def demo() -> str:
    return load_demo()


def test_help_names_the_commands(capsys):
    code, out, _ = run(capsys, "calendar", "--help")
    assert code == 0 and all(verb in out for verb in ("list", "add", "remove"))
    code, out, _ = run(capsys, "--help")
    assert "calendar" in out


def test_add_list_and_remove_days_off(capsys, demo):
    code, out, _ = run(capsys, "calendar", "list")
    assert code == 0 and "has no days off" in out
    code, out, _ = run(capsys, "calendar", "add", "2026-12-24,2026-12-31", "--note", "Year-end closure")
    assert code == 0 and out.startswith("Added to Halvorsen Freight AI Transformation's days off: Thu 24 Dec 2026 and Thu 31 Dec 2026.")
    code, out, _ = run(capsys, "calendar", "list", "--json")
    assert code == 0 and json.loads(out) == {"program": "halvorsen", "days_off": [
        {"day": "2026-12-24", "note": "Year-end closure"}, {"day": "2026-12-31", "note": "Year-end closure"}]}
    code, out, _ = run(capsys, "calendar", "remove", "2026-12-24", "2026-12-25", "--json")
    assert code == 0 and [d["day"] for d in json.loads(out)["days_off"]] == ["2026-12-31"]


def test_bad_dates_are_one_line_errors_with_exit_2(capsys, demo):
    code, out, err = run(capsys, "calendar", "add", "24/12/2026")
    assert code == 2 and out == ""
    assert err == "error: '24/12/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-24.\n"
    code, _, err = run(capsys, "calendar", "add", "2025-12-24")
    assert code == 2 and err.startswith("error: 24 Dec 2025 is before Halvorsen Freight AI Transformation started on 10 Aug 2026; give a date on or after it.")
    assert len(err.splitlines()) == 1
    code, out, _ = run(capsys, "calendar", "list", "--json")
    assert json.loads(out)["days_off"] == []  # nothing was added by the refused commands


def test_the_schedule_options_add_to_the_one_calendar(capsys, demo):
    code, out, err = run(capsys, "standup", "setup", "--channel", "CSTAND", "--holidays", "2026-12-24")
    assert code == 0, err
    code, out, err = run(capsys, "report", "schedule", "integration", "--channel", "CREV", "--skip", "2026-12-30", "--json")
    assert code == 0, err
    assert json.loads(out)["days_off"] == ["2026-12-24", "2026-12-30"]  # the report skips the stand-up's holiday too
    _, out, _ = run(capsys, "calendar", "list", "--json")
    assert [(d["day"], d["note"]) for d in json.loads(out)["days_off"]] == [
        ("2026-12-24", "stand-up holiday"), ("2026-12-30", "integration report skipped")]
    code, _, err = run(capsys, "standup", "setup", "--channel", "CSTAND", "--holidays", "2026-12-32")
    assert code == 2 and err == "error: --holidays '2026-12-32' is not a date; write it as YYYY-MM-DD, e.g. 2026-12-24.\n"
