"""The assistant panel (Slack's AI-app surface) on Bolt's `Assistant`: thread started, context changed, messages."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.middleware.assistant import Assistant

from bot.slack.deps import SlackDeps


def register(app: App, deps: SlackDeps) -> None:
    """Build the Assistant middleware with a SQL thread-context store and register its handlers."""
    from bot.slack.listeners.assistant import context_changed, thread_started, user_message
    from bot.slack.listeners.assistant.context_store import SqlThreadContextStore
    from bot.slack.panel import threads

    assistant = Assistant(thread_context_store=SqlThreadContextStore(threads(deps)), logger=logging.getLogger("bot.slack.bolt.assistant"))
    for module in (thread_started, context_changed, user_message):
        module.register(assistant, deps)
    app.assistant(assistant)
