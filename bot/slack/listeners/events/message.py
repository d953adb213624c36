"""Messages: a DM to the bot, or a reply in a thread the bot is part of, gets an answer in that thread."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.asking import AskRequest, answer_in_thread
from bot.slack.deps import SlackDeps
from bot.slack.listeners._ack import ack_now
from bot.slack.scope import program_for
from bot.slack.views.mrkdwn import slack_to_plain, strip_mentions


def wants_answer(deps: SlackDeps, event: dict, bot_user_id: str | None) -> bool:
    """DMs and replies in the bot's threads; never edits, bot posts, or mentions (app_mention answers those)."""
    if event.get("subtype") or event.get("bot_id") or not event.get("text"):
        return False
    if bot_user_id and f"<@{bot_user_id}" in event["text"] and event.get("channel_type") != "im":
        return False
    if event.get("channel_type") == "im":
        return True
    thread_ts = event.get("thread_ts")
    return bool(thread_ts and thread_ts != event.get("ts") and deps.state.in_thread(event["channel"], thread_ts))


def register(app: App, deps: SlackDeps) -> None:
    """Answer DMs and thread follow-ups."""

    def handle_message(event: dict, context, client) -> None:
        if not wants_answer(deps, event, context.bot_user_id):
            return
        question = slack_to_plain(strip_mentions(event["text"]))
        if not question:
            return
        channel, ts = event["channel"], event["ts"]
        thread_ts = event.get("thread_ts") or ts
        req = AskRequest(
            question=question, user=event.get("user", ""), channel=channel, ts=ts, thread_ts=thread_ts,
            program=program_for(deps, channel, event.get("user", ""), event.get("channel_type", "channel")),
            follow_up=thread_ts != ts,
        )
        answer_in_thread(deps, client, req)

    app.event("message")(ack=ack_now, lazy=[handle_message])
