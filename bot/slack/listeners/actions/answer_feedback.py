"""Slack's native 👍/👎 (feedback_buttons) on an answer: the vote is stored with the question; the voter is thanked quietly."""

from __future__ import annotations

import logging

from slack_bolt import App

from bot.slack.deps import SlackDeps
from bot.slack.listeners._ack import ack_now
from bot.slack.posting import failure_messages, post_ephemeral
from bot.slack.views.answer_builder import build_feedback_thanks
from bot.slack.views.feedback_builder import NATIVE_ACTION, parse_native_value

log = logging.getLogger(__name__)


def register(app: App, deps: SlackDeps) -> None:
    """Register the native feedback element's handler."""

    def store_vote(body: dict, action: dict, client) -> None:
        user = body["user"]["id"]
        container = body.get("container") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id", "")
        thread_ts = (body.get("message") or {}).get("thread_ts") or container.get("thread_ts")
        parsed = parse_native_value(action.get("value", ""))
        if parsed is None:
            log.warning("feedback with a value that is not ours: %r", action.get("value", "")[:80])
            return
        vote, answer_id = parsed
        try:
            deps.state.record_feedback(answer_id, user, vote)
            messages = [{"text": "Thanks for the feedback", "blocks": [build_feedback_thanks(vote)]}]
        except Exception as exc:  # noqa: BLE001 - a kind line; traceback logged
            messages = failure_messages(exc, "storing feedback")
        post_ephemeral(client, channel, user, messages, thread_ts)

    app.action(NATIVE_ACTION)(ack=ack_now, lazy=[store_vote])
