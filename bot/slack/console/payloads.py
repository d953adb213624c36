"""Slack request payloads and their signatures, as Slack sends them (the console and the tests build requests here)."""

from __future__ import annotations

import itertools
import json
import time
import uuid
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.slack.console.local_api import BOT_USER, TEAM

APP_ID = "ALOCAL"
_ids = itertools.count(1)
# Slack issues each trigger id once, ever, and the bot remembers the ones it ran (a replay is acknowledged, not run
# again, in the state kept in the data dir): a console's ids are unique across its sessions, not only within one.
_SESSION = uuid.uuid4().hex[:12]


def _trigger() -> str:
    return f"{int(time.time())}.{_SESSION}.{next(_ids)}"


def sign(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """Headers Slack would send with `body`: X-Slack-Request-Timestamp and X-Slack-Signature (v0 HMAC-SHA256)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"x-slack-request-timestamp": ts, "x-slack-signature": signature or ""}


def event_body(event: dict, event_id: str | None = None) -> str:
    """An Events API callback (JSON) wrapping one event."""
    return json.dumps(
        {
            "token": "local", "team_id": TEAM, "api_app_id": APP_ID, "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:16].upper()}", "event_time": int(time.time()), "event": event,
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        }
    )


def mention(text: str, *, user: str, channel: str, ts: str, thread_ts: str | None = None) -> dict:
    """An app_mention event: `text` as typed after @compel."""
    event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER}> {text}", "ts": ts, "channel": channel, "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message(text: str, *, user: str, channel: str, ts: str, thread_ts: str | None = None, channel_type: str = "channel") -> dict:
    """A message event (a DM when channel_type is "im", a thread reply when thread_ts is set)."""
    event = {"type": "message", "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts, "channel_type": channel_type}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def command_body(text: str, *, user: str, channel: str, response_url: str, channel_name: str = "general") -> str:
    """A `/compel` slash command (form-encoded)."""
    return urlencode(
        {
            "token": "local", "team_id": TEAM, "api_app_id": APP_ID, "channel_id": channel, "channel_name": channel_name,
            "user_id": user, "user_name": user.lower(), "command": "/compel", "text": text,
            "response_url": response_url, "trigger_id": _trigger(),
        }
    )


def interactive_body(payload: dict) -> str:
    """An interactivity request (block action, shortcut): form-encoded `payload=<json>`."""
    return urlencode({"payload": json.dumps(payload)})


def block_action(button: dict, *, block_id: str, user: str, channel: str, message_ts: str, response_url: str,
                 ephemeral: bool, thread_ts: str | None = None, message: dict | None = None) -> dict:
    """A block_actions payload for a pressed button."""
    container = {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": ephemeral}
    if thread_ts:
        container["thread_ts"] = thread_ts
    payload = {
        "type": "block_actions", "user": {"id": user}, "team": {"id": TEAM}, "api_app_id": APP_ID, "token": "local",
        "container": container, "channel": {"id": channel}, "response_url": response_url, "trigger_id": _trigger(),
        "actions": [{"type": "button", "action_id": button["action_id"], "block_id": block_id, "value": button.get("value", ""), "action_ts": str(time.time())}],
    }
    if message is not None and not ephemeral:
        payload["message"] = message
    return payload


def message_shortcut(message: dict, *, user: str, channel: str, response_url: str, callback_id: str = "translate_message") -> dict:
    """A message_action payload (a message shortcut used on `message`)."""
    return {
        "type": "message_action", "callback_id": callback_id, "trigger_id": _trigger(), "response_url": response_url,
        "user": {"id": user}, "channel": {"id": channel}, "team": {"id": TEAM}, "token": "local",
        "message": message, "message_ts": message.get("ts"),
    }


def assistant_thread(kind: str, *, user: str, channel: str, thread_ts: str, context_channel: str | None = None) -> dict:
    """An assistant_thread_started (kind "started") or assistant_thread_context_changed ("context_changed") event."""
    context = {"channel_id": context_channel, "team_id": TEAM, "enterprise_id": ""} if context_channel else {}
    return {
        "type": f"assistant_thread_{kind}",
        "assistant_thread": {"user_id": user, "context": context, "channel_id": channel, "thread_ts": thread_ts},
        "event_ts": thread_ts,
    }
