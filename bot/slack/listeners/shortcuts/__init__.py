"""Shortcut listeners: the "Translate for business" message shortcut."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import SlackDeps


def register(app: App, deps: SlackDeps) -> None:
    """Register the shortcuts."""
    from bot.slack.listeners.shortcuts import translate_message

    translate_message.register(app, deps)
