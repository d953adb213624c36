"""👍/👎 on an answer: stored with the question; the voter gets a quiet thank-you."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.slack.deps import SlackDeps
from bot.slack.listeners._ack import ack_now
from bot.slack.posting import failure_messages, post_ephemeral, respond
from bot.slack.views.answer_builder import build_feedback_thanks


def register(app: App, deps: SlackDeps) -> None:
    """Register the feedback buttons."""

    def store_feedback(body: dict, action: dict, client) -> None:
        user = body["user"]["id"]
        channel = (body.get("channel") or body.get("container") or {}).get("id") or body.get("container", {}).get("channel_id", "")
        thread_ts = (body.get("message") or {}).get("thread_ts") or body.get("container", {}).get("thread_ts")
        vote = "up" if action["action_id"].endswith("up") else "down"
        try:
            deps.state.record_feedback(action.get("value", ""), user, vote)
            messages = [{"text": "Thanks for the feedback", "blocks": [build_feedback_thanks(vote)]}]
        except Exception as exc:  # noqa: BLE001 - a kind line; traceback logged
            messages = failure_messages(exc, "storing feedback")
        if body.get("container", {}).get("is_ephemeral") and body.get("response_url"):
            respond(deps, body["response_url"], messages)
        else:
            post_ephemeral(client, channel, user, messages, thread_ts)

    app.action(re.compile(r"^feedback_(up|down)$"))(ack=ack_now, lazy=[store_feedback])
