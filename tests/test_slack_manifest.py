"""manifest.yaml declares exactly what the listeners handle."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.slack.listeners.shortcuts.translate_message import CALLBACK_ID

MANIFEST = Path(__file__).resolve().parents[1] / "manifest.yaml"


def test_manifest_matches_the_listeners():
    m = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert [c["command"] for c in m["features"]["slash_commands"]] == ["/compel"]
    assert [s["callback_id"] for s in m["features"]["shortcuts"]] == [CALLBACK_ID]
    assert m["features"]["app_home"]["home_tab_enabled"] is True
    events = set(m["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "app_home_opened", "message.im", "message.channels"} <= events
    scopes = set(m["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "commands", "im:history", "reactions:write"} <= scopes
    assert "users:read" in scopes  # bot/slack/standup_deps.author_name calls users.info
    assert m["settings"]["socket_mode_enabled"] is True and m["settings"]["interactivity"]["is_enabled"] is True
