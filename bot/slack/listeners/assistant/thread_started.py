"""A new assistant thread: remember where it was opened, greet, and offer prompts that fit that place."""

from __future__ import annotations

import logging

from slack_bolt.middleware.assistant import Assistant

from bot.slack.deps import SlackDeps
from bot.slack.listeners._ack import ack_now
from bot.slack.panel import panel_facts, thread_program, threads
from bot.slack.posting import post
from bot.slack.views.assistant_builder import build_greeting, prompts_title, suggested_prompts
from store.assistant_threads import ThreadContext

log = logging.getLogger(__name__)


def register(assistant: Assistant, deps: SlackDeps) -> None:
    """Handle assistant_thread_started."""

    def greet(event: dict, client) -> None:
        thread = event.get("assistant_thread") or {}
        channel, thread_ts, user = thread.get("channel_id", ""), thread.get("thread_ts", ""), thread.get("user_id", "")
        context = ThreadContext.from_slack(thread.get("context"))
        threads(deps).save(channel, thread_ts, context)
        facts = panel_facts(deps, thread_program(deps, channel, thread_ts, user, context))
        post(client, channel, build_greeting(facts), thread_ts)
        client.assistant_threads_setSuggestedPrompts(channel_id=channel, thread_ts=thread_ts, prompts=suggested_prompts(facts), title=prompts_title(facts))

    assistant.thread_started(lazy=[greet])(ack_now)
