"""Bolt's thread-context store over our SQL table, instead of Bolt's default (message metadata: two more API calls)."""

from __future__ import annotations

from slack_bolt.context.assistant.thread_context import AssistantThreadContext
from slack_bolt.context.assistant.thread_context_store.store import AssistantThreadContextStore

from store.assistant_threads import AssistantThreads, ThreadContext


class SqlThreadContextStore(AssistantThreadContextStore):
    """Saves and finds each assistant thread's context (the channel the person was viewing) in the records database."""

    def __init__(self, store: AssistantThreads) -> None:
        self.store = store

    def save(self, *, channel_id: str, thread_ts: str, context: dict[str, str]) -> None:
        self.store.save(channel_id, thread_ts, ThreadContext.from_slack(context))

    def find(self, *, channel_id: str, thread_ts: str) -> AssistantThreadContext | None:
        found = self.store.find(channel_id, thread_ts)
        return AssistantThreadContext(found.to_slack()) if found is not None else None
