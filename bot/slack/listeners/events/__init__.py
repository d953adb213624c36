"""Events API listeners: @mentions, messages (DMs and thread replies), App Home."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import SlackDeps


def register(app: App, deps: SlackDeps) -> None:
    """Register every event listener."""
    from bot.slack.listeners.events import app_home_opened, app_mention, message, standup_reply

    for module in (app_mention, standup_reply, message, app_home_opened):  # stand-up replies before general messages
        module.register(app, deps)
