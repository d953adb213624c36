"""App Home: the program at a glance, published whenever someone opens the Home tab."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.slack.deps import SlackDeps
from bot.slack.home import home_view
from bot.slack.listeners._ack import ack_now
from bot.slack.views.mrkdwn import defuse

log = logging.getLogger(__name__)


def register(app: App, deps: SlackDeps) -> None:
    """Publish App Home."""

    def handle_home(event: dict, client) -> None:
        if event.get("tab", "home") != "home":
            return
        user = event["user"]
        client.views_publish(user_id=user, view=defuse(home_view(deps, user, event.get("channel", ""))))

    app.event("app_home_opened")(ack=ack_now, lazy=[handle_home])
