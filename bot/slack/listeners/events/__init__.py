"""Events API listeners: @mentions, messages (DMs and thread replies), App Home."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.slack.deps import SlackDeps
from bot.slack.listeners._ack import ack_now


def register(app: App, deps: SlackDeps) -> None:
    """Register every event listener."""
    from bot.slack.listeners.events import app_home_opened, app_mention, message, standup_reply

    for module in (app_mention, standup_reply, message, app_home_opened):  # stand-up replies before general messages
        module.register(app, deps)
    # Last: an event type no listener handles is acknowledged; a 404 makes Slack count a failure and retry it.
    app.event(re.compile(r".+"))(ack=ack_now, lazy=[])
