"""A message in an assistant thread: ack, set the status at once, then answer in the thread (streamed when an LLM wrote it)."""

from __future__ import annotations

import logging

from slack_bolt.middleware.assistant import Assistant

from bot.slack.deps import SlackDeps
from bot.slack.standup_replies import is_standup_reply
from bot.slack.panel import PanelRequest, answer_in_panel, start_status
from bot.slack.views.mrkdwn import slack_to_plain, strip_mentions

log = logging.getLogger(__name__)


def register(assistant: Assistant, deps: SlackDeps) -> None:
    """Handle user messages in assistant threads (stand-up replies are left to their own listener)."""

    def not_standup(event: dict) -> bool:
        try:
            return not is_standup_reply(deps, event)
        except Exception:  # noqa: BLE001 - a stand-up store problem must not stop the panel answering
            log.warning("stand-up reply check failed", exc_info=True)
            return True

    def ack_and_status(ack, event: dict, client) -> None:
        ack()
        if _question(event):
            start_status(deps, client, event["channel"], event["thread_ts"], event["ts"], event.get("user", ""))

    def answer(event: dict, body: dict, client) -> None:
        question = _question(event)
        if not question:
            return
        channel, thread_ts = event["channel"], event["thread_ts"]
        req = PanelRequest(question=question, user=event.get("user", ""), channel=channel, ts=event["ts"], thread_ts=thread_ts,
                           team=str(body.get("team_id") or ""))

        def set_title(title: str) -> None:
            client.assistant_threads_setTitle(channel_id=channel, thread_ts=thread_ts, title=title)

        answer_in_panel(deps, client, req, set_title)

    assistant.user_message(matchers=[not_standup], lazy=[answer])(ack_and_status)


def _question(event: dict) -> str:
    return slack_to_plain(strip_mentions(event.get("text", ""))) if not event.get("subtype") else ""
