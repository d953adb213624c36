"""An @mention in a channel: answer in the thread."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.asking import AskRequest, answer_in_thread
from bot.slack.deps import SlackDeps
from bot.slack.listeners._ack import ack_now
from bot.slack.posting import post
from bot.slack.scope import program_for
from bot.slack.views.common_builder import build_help
from bot.slack.views.mrkdwn import slack_to_plain, strip_mentions


def register(app: App, deps: SlackDeps) -> None:
    """Answer @mentions."""

    def handle_mention(event: dict, client) -> None:
        channel, ts = event["channel"], event["ts"]
        thread_ts = event.get("thread_ts") or ts
        question = slack_to_plain(strip_mentions(event.get("text", "")))
        if not question:
            post(client, channel, build_help(), thread_ts)
            return
        req = AskRequest(
            question=question, user=event.get("user", ""), channel=channel, ts=ts, thread_ts=thread_ts,
            program=program_for(deps, channel, event.get("user", "")), follow_up=thread_ts != ts,
        )
        answer_in_thread(deps, client, req)

    app.event("app_mention")(ack=ack_now, lazy=[handle_mention])
