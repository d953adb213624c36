"""The person moved to another channel with the panel open: the thread now reads that channel's program."""

from __future__ import annotations

from slack_bolt.middleware.assistant import Assistant

from bot.slack.deps import SlackDeps
from bot.slack.listeners._ack import ack_now
from bot.slack.panel import panel_facts, thread_program, threads
from bot.slack.views.assistant_builder import prompts_title, suggested_prompts
from store.assistant_threads import ThreadContext


def register(assistant: Assistant, deps: SlackDeps) -> None:
    """Handle assistant_thread_context_changed."""

    def save_and_refresh(event: dict, client) -> None:
        thread = event.get("assistant_thread") or {}
        channel, thread_ts, user = thread.get("channel_id", ""), thread.get("thread_ts", ""), thread.get("user_id", "")
        context = ThreadContext.from_slack(thread.get("context"))
        threads(deps).save(channel, thread_ts, context)
        facts = panel_facts(deps, thread_program(deps, channel, thread_ts, user, context))
        client.assistant_threads_setSuggestedPrompts(channel_id=channel, thread_ts=thread_ts, prompts=suggested_prompts(facts), title=prompts_title(facts))

    assistant.thread_context_changed(lazy=[save_and_refresh])(ack_now)
