"""The stand-up loop in the console, end to end on the real engines: give an update, then read it in the summary."""

from __future__ import annotations

import io

from rich.console import Console

from bot.config import load_settings
from bot.services import Services
from bot.slack.console.terminal import SlackConsole
from bot.engines import Engines
from tests.fixtures.reports import DEMO


def _console_run(tmp_path, lines: str) -> str:
    """Run the console on the demo program over piped lines and return what it printed."""
    from store.io import read_program

    services = Services(load_settings(data_dir=tmp_path))
    try:
        services.records.import_program(read_program(DEMO), source="demo")
        out = io.StringIO()
        console = SlackConsole(services.settings, engines=Engines(services), state=services.slack_state,
                               out=Console(file=out, width=220, color_system=None))
        console.run(io.StringIO(lines), interactive=False)
        return out.getvalue()
    finally:
        services.close()


def test_an_update_given_in_the_console_reaches_the_summary(tmp_path):
    lines = ("/compel standup update Route optimisation: customs portal connector finished, 3 of 4 checks pass; "
             "waiting on the broker for test credentials\n"
             "/compel standup Invoice matching reached 95 percent precision on last week's invoices\n"
             "/compel standup summary\n")
    text = _console_run(tmp_path, lines)
    assert text.count("Stand-up update recorded") == 2 and "Route optimisation" in text
    assert "Unknown stand-up action" not in text
    summary = text.split("Stand-up summary")[-1]
    assert "3 of 4 checks pass" in summary and "95 percent" in summary
    assert "cmd-" not in summary and "su-" not in summary  # no record ids in what people read


def test_sprint_and_report_commands_in_the_console(tmp_path):
    lines = ("/compel sprint review 6\n"
             "/compel sprint retro add Book the depot walk-throughs early owner=\"Diego Santos\" due=7\n"
             "/compel sprint retro\n/compel report integration\n/compel report steering\n/compel report weekly\n")
    text = _console_run(tmp_path, lines)
    assert "Sprint review · Halvorsen Freight AI Transformation · sprint 6" in text and "29 of 36" in text
    assert "Book the depot walk-throughs early — Diego Santos, due sprint 7" in text
    assert "Integration review" in text and "Steering update" in text and "Debt register" in text
    assert "/compel report integration" in text  # the usage line for an unknown report


def test_the_retro_in_slack_does_not_point_at_the_command_line():
    from datetime import date

    from bot.reports.model import RetroReport
    from bot.reports.render import retro_text

    report = RetroReport(program="p", program_name="Acme AI", sprint=3, as_of=date(2026, 11, 2), held=False)
    assert "`compel sprint retro --action" in retro_text(report)
    slack = retro_text(report, None)  # Slack's buttons (and the console's hint) sit beside the text
    assert "No retrospective recorded for sprint 3 yet." in slack and "compel " not in slack
