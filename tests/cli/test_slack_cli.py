"""`compel serve` refuses to start without what it needs, with one line naming the setting and the fix."""

from __future__ import annotations

import pytest

from bot.cli import main


@pytest.mark.parametrize(
    ("argv", "env", "needle"),
    [
        (["serve"], {}, "SLACK_APP_TOKEN is not set"),
        (["serve"], {"SLACK_APP_TOKEN": "xoxb-wrong-kind", "SLACK_BOT_TOKEN": "xoxb-1"}, "must be an app-level token starting with xapp-"),
        (["serve"], {"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN is not set"),
        (["serve", "--http", "--port", "0"], {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_API_URL": "http://127.0.0.1:9/api/"}, "SLACK_SIGNING_SECRET is not set"),
    ],
)
def test_serve_names_the_missing_setting(argv, env, needle, monkeypatch, capsys):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and needle in err and len(err.strip().splitlines()) == 1


def test_compel_run_puts_already_imported_demo_records_into_retrieval(tmp_path):
    """`compel demo load --no-index` saved the records but not their passages: `compel run` must still index them."""
    from bot.cli.records import DEMO_FILE
    from bot.cli.slack import _prepare
    from bot.config import Settings
    from bot.services import Services
    from store.io import read_program

    assert main(["demo", "load", "--no-index"]) == 0
    program = read_program(DEMO_FILE).program.id
    services = Services(Settings())
    try:
        assert not services.records_sync.current(program)
        _prepare(services)
        assert services.records_sync.current(program)
        # and it is dated so that its last stand-up is today (the Friday before on a weekend): status and reports
        # read as current
        from datetime import date

        from bot.reports.shift import latest_weekday

        assert max(u.date for u in services.records.program(program).updates) == latest_weekday(date.today())
    finally:
        services.close()
