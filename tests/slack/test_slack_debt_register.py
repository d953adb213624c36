"""Slack's debt list and App Home say what each item is as the CLI register does (the judged label, not the stored one)."""

from __future__ import annotations

import pytest

from bot.engines import Engines
from bot.services import Services
from bot.slack.deps import SlackDeps
from bot.slack.home import home_view
from bot.slack.listeners.commands import subcommands
from bot.slack.listeners.commands.parse import CommandRequest
from store.io import read_program
from store.records import RecordStore
from store.slack_state import SlackState
from tests.fixtures.fake_slack import texts
from tests.fixtures.slack import ADMIN, slack_settings
from tests.paths import ROOT

DEMO = ROOT / "knowledge" / "demo" / "program.yaml"
CHANNEL = "CDEBT"


@pytest.fixture
def deps(tmp_path):
    settings = slack_settings(tmp_path, program="halvorsen")
    RecordStore(settings).import_program(read_program(DEMO))
    services = Services(settings)
    yield SlackDeps(settings=settings, engines=Engines(services), state=SlackState(settings.records_url), respond=lambda url, payload: None)
    services.close()


def _line_of(text: str, item_id: str) -> str:
    [line] = [ln for ln in text.splitlines() if item_id in ln]
    return line


def test_slack_debt_list_and_home_show_the_register_label_the_cli_shows(deps):
    from bot.oversight.debt_view import register_rows

    rows = register_rows(*deps.engines.view_and_findings("halvorsen"), "all")  # what `compel debt list --status all` prints
    judged = [r for r in rows if r.judged_as]
    assert judged, "the demo should hold an item filed as debt that reads as something worse"
    listed = texts(subcommands.debt(deps, CommandRequest(name="debt", arg="list", user=ADMIN, channel=CHANNEL)))
    home = texts(home_view(deps, ADMIN, CHANNEL))
    for row in rows:
        line = _line_of(listed, row.id)
        assert row.category_label in line, line
        if row.use_case_name:
            assert f"use case {row.use_case_name}" in line
    for row in (r for r in rows if r.status == "open"):
        assert row.category_label in _line_of(home, row.id)


def test_the_facade_gives_the_cli_and_slack_the_same_rows(deps):
    from bot.oversight.debt_view import register_rows

    view, findings = deps.engines.view_and_findings("halvorsen")
    register = deps.engines.debt_register("halvorsen", "open")
    assert register.name == view.program.name and register.program == view.program.id
    assert [r.as_json() for r in register.rows] == [r.as_json() for r in register_rows(view, findings, "open")]
