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
