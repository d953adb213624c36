"""What every listener needs, built once in app.py and handed to each `register(app, deps)`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.engines import Engines
    from store.slack_state import SlackState

log = logging.getLogger(__name__)

# Posts a JSON payload to a Slack response_url (slash commands, shortcuts, actions).
Responder = Callable[[str, dict], None]


def webhook_responder(retry_handlers: list | None = None, timeout: int = 10) -> Responder:
    """The production responder: slack_sdk's WebhookClient with the same retry handlers as the Web API client."""
    from slack_sdk.webhook import WebhookClient

    def respond(url: str, payload: dict) -> None:
        resp = WebhookClient(url, timeout=timeout, retry_handlers=retry_handlers or []).send_dict(payload)
        if resp.status_code >= 300:
            log.warning("response_url answered %s: %s", resp.status_code, resp.body[:200])

    return respond


@dataclass
class SlackDeps:
    """Settings, engines, Slack state and the response_url poster, shared by all listeners."""

    settings: "Settings"
    engines: "Engines"
    state: "SlackState"
    respond: Responder
    extra: dict[str, Any] = field(default_factory=dict)

    def is_admin(self, user: str) -> bool:
        """True when the Slack user may change records (COMPEL_ADMINS)."""
        return user in self.settings.admins
