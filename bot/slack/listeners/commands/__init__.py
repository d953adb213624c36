"""The Slack face's slash-command listener: `/compel` and its subcommands (the terminal's `compel ...` is bot/cli/)."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import SlackDeps


def register(app: App, deps: SlackDeps) -> None:
    """Register the slash commands."""
    from bot.slack.listeners.commands import compel

    compel.register(app, deps)
