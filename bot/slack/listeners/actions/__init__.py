"""Block action listeners: 👍/👎 feedback and "Share in channel"."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import SlackDeps


def register(app: App, deps: SlackDeps) -> None:
    """Register the button handlers."""
    from bot.slack.listeners.actions import answer_feedback, feedback, records_modal, retro, share, standup

    answer_feedback.register(app, deps)
    feedback.register(app, deps)
    share.register(app, deps)
    standup.register(app, deps)
    retro.register(app, deps)
    records_modal.register(app, deps)
