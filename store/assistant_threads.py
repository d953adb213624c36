"""Where each assistant-panel thread was opened: the channel the person was viewing (Slack's thread context)."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Column, DateTime, MetaData, String, Table, delete, insert, select

from store.database import open_feature_tables

log = logging.getLogger(__name__)

metadata = MetaData()

contexts = Table(
    "slack_assistant_threads",
    metadata,
    Column("channel", String(64), primary_key=True),  # the person's DM with the app, where the thread lives
    Column("thread_ts", String(32), primary_key=True),
    Column("context_channel", String(64)),  # the channel they were viewing; None when opened from nowhere
    Column("team", String(64)),
    Column("enterprise", String(64)),
    Column("at", DateTime(timezone=True), nullable=False),
)


class ThreadContext(BaseModel):
    """Slack's assistant thread context: which channel (team, enterprise) the person was viewing."""

    model_config = ConfigDict(extra="forbid")

    channel_id: str | None = None
    team_id: str | None = None
    enterprise_id: str | None = None

    @classmethod
    def from_slack(cls, context: dict | None) -> "ThreadContext":
        """Read Slack's context dict, keeping only the fields it documents (empty strings count as absent)."""
        context = context or {}
        return cls(**{k: (str(context[k]) if context.get(k) else None) for k in ("channel_id", "team_id", "enterprise_id")})

    def to_slack(self) -> dict[str, str]:
        """The dict shape Slack (and Bolt) use, without empty fields."""
        return {k: v for k, v in self.model_dump().items() if v}


class AssistantThreads:
    """Thread contexts on the records database (SQLite file by default), one row per assistant thread."""

    def __init__(self, url: str) -> None:
        self.engine = open_feature_tables(url, metadata, "assistant thread store")

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()

    def save(self, channel: str, thread_ts: str, context: ThreadContext) -> None:
        """Remember (or replace) the context of one thread."""
        with self.engine.begin() as conn:
            conn.execute(delete(contexts).where(contexts.c.channel == channel, contexts.c.thread_ts == thread_ts))
            conn.execute(insert(contexts).values(
                channel=channel, thread_ts=thread_ts, context_channel=context.channel_id, team=context.team_id,
                enterprise=context.enterprise_id, at=datetime.now(timezone.utc),
            ))

    def find(self, channel: str, thread_ts: str) -> ThreadContext | None:
        """The context saved for a thread, or None when Slack never sent one."""
        with self.engine.connect() as conn:
            row = conn.execute(select(contexts).where(contexts.c.channel == channel, contexts.c.thread_ts == thread_ts)).mappings().first()
        if row is None:
            return None
        return ThreadContext(channel_id=row["context_channel"], team_id=row["team"], enterprise_id=row["enterprise"])
