"""Posting helpers: every payload passes the mention guard; Slack API failures are logged, never shown raw."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import KIND_MESSAGE, UserFacingError, as_sentence, from_os_error
from bot.slack.views.common_builder import build_notice
from bot.slack.views.limits import Message
from bot.slack.views.mrkdwn import defuse

log = logging.getLogger(__name__)

WORKING = "hourglass_flowing_sand"


def post(client: WebClient, channel: str, messages: list[Message], thread_ts: str | None = None) -> list[str]:
    """Post messages in order (in a thread when thread_ts is given); returns their ts."""
    out = []
    for msg in messages:
        resp = client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
            **defuse({"text": msg.get("text", ""), "blocks": msg.get("blocks", [])}),
        )
        out.append(resp.get("ts", ""))
    return out


def post_ephemeral(client: WebClient, channel: str, user: str, messages: list[Message], thread_ts: str | None = None) -> None:
    """Post messages only the person sees."""
    for msg in messages:
        client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread_ts, **defuse({"text": msg.get("text", ""), "blocks": msg.get("blocks", [])})
        )


def respond(deps: Any, url: str, messages: list[Message], *, replace: bool = False, public: bool = False) -> None:
    """Send messages through a response_url: ephemeral by default; the first may replace the original."""
    for i, msg in enumerate(messages):
        payload = {"text": msg.get("text", ""), "blocks": msg.get("blocks", []), "response_type": "in_channel" if public else "ephemeral"}
        # Explicit either way: on an action's response_url, leaving it out may replace the message clicked.
        payload["replace_original"] = bool(replace and i == 0)
        deps.respond(url, defuse(payload))


def failure_messages(error: BaseException, what: str) -> list[Message]:
    """What a person sees when work fails: the UserFacingError's own line, or the kind message (traceback logged)."""
    if isinstance(error, OSError) and from_os_error(error) is not None:
        error = from_os_error(error)
    if isinstance(error, UserFacingError):
        from bot.slack.wording import for_slack, slack_subcommands

        if error.detail:
            log.info("refused while %s: %s (%s)", what, error.message, error.detail)
        return build_notice(as_sentence(for_slack(error.message, slack_subcommands())), ":warning:")
    if isinstance(error, SlackApiError):
        log.error("Slack API call failed while %s: %s", what, error.response.get("error"), exc_info=error)
    else:
        log.error("failed while %s", what, exc_info=error)
    return build_notice(KIND_MESSAGE, ":warning:")


def react(client: WebClient, channel: str, ts: str, name: str = WORKING, remove: bool = False) -> None:
    """Add (or remove) a reaction; a missing scope or a deleted message must not stop the answer."""
    try:
        if remove:
            client.reactions_remove(channel=channel, timestamp=ts, name=name)
        else:
            client.reactions_add(channel=channel, timestamp=ts, name=name)
    except SlackApiError as exc:
        log.debug("reaction %s on %s failed: %s", name, ts, exc.response.get("error"))
