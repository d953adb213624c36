"""What the Slack face remembers: channel->program links, answers and their feedback, shared results, seen events."""

from __future__ import annotations

import json
import logging
import secrets
import threading
from collections import OrderedDict
from datetime import datetime, timedelta, timezone
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    insert,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from store.database import open_feature_tables, upsert

log = logging.getLogger(__name__)

metadata = MetaData()

links = Table(
    "slack_channel_links",
    metadata,
    Column("channel", String(64), primary_key=True),
    Column("program", String(120), nullable=False),
    Column("linked_by", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
answers = Table(
    "slack_answers",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("abstained", Integer, nullable=False),
    Column("user", String(64), nullable=False),
    Column("channel", String(64), nullable=False),
    Column("thread_ts", String(32), nullable=False, index=True),
    Column("program", String(120)),
    Column("at", DateTime(timezone=True), nullable=False),
)
feedback = Table(
    "slack_feedback",
    metadata,
    Column("answer_id", String(32), primary_key=True),
    Column("user", String(64), primary_key=True),
    Column("vote", String(8), nullable=False),
    Column("question", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
results = Table(
    "slack_results",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user", String(64), nullable=False),
    Column("channel", String(64), nullable=False),
    Column("command", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
threads = Table(
    "slack_threads",
    metadata,
    Column("channel", String(64), primary_key=True),
    Column("thread_ts", String(32), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
)
events = Table(
    "slack_events",
    metadata,
    Column("event_id", String(128), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
)


class FeedbackRow(BaseModel):
    """One person's vote on one answer, with the question it answered."""

    model_config = ConfigDict(extra="forbid")

    answer_id: str
    user: str
    vote: str
    question: str


def _short_wait_engine(engine: Engine, seconds: float) -> Engine:
    """A second engine on the same database whose statements give up after `seconds` instead of waiting on a lock."""
    backend = engine.url.get_backend_name()
    if backend == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return engine  # an in-memory database exists only in its own engine
    if backend == "sqlite":
        args: dict[str, Any] = {"timeout": seconds, "check_same_thread": False}
    elif backend == "postgresql":
        ms = int(seconds * 1000)
        args = {"connect_timeout": max(1, int(seconds + 0.999)), "options": f"-c lock_timeout={ms} -c statement_timeout={ms}"}
    else:
        args = {}
    return create_engine(engine.url, connect_args=args, pool_pre_ping=True)


def _now() -> datetime:
    return datetime.now(timezone.utc)


class SlackState:
    """SQL-backed Slack state on the records database (SQLite file by default), safe across threads and replicas."""

    EVENT_TTL = timedelta(days=2)  # Slack retries for about an hour; keep a margin
    DEDUP_WAIT = 0.5  # seconds the dedup write may wait on a lock: it runs before the ack, which Slack wants within 3 s
    RECENT = 10_000  # event ids remembered in memory, so a retry reaching this process is caught without the database

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = open_feature_tables(url, metadata, "Slack state store")
        self._dedup = _short_wait_engine(self.engine, self.DEDUP_WAIT)
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self._seen = 0

    def close(self) -> None:
        """Release database connections."""
        if self._dedup is not self.engine:
            self._dedup.dispose()
        self.engine.dispose()

    # --- retry dedup ---------------------------------------------------------------------
    def first_time(self, event_id: str) -> bool:
        """True the first time an event id is seen (across threads and replicas); False for Slack's retries.

        This runs before the ack, so it never waits long: with the database busy beyond DEDUP_WAIT the event counts
        as new (answering a retry twice beats not answering), and retries reaching this process are caught in memory.
        """
        with self._lock:
            if event_id in self._recent:
                return False
            self._recent[event_id] = None
            if len(self._recent) > self.RECENT:
                self._recent.popitem(last=False)
            self._seen += 1
            prune = self._seen % 500 == 0
        try:
            with self._dedup.begin() as conn:
                conn.execute(insert(events).values(event_id=event_id, at=_now()))
                if prune:
                    conn.execute(delete(events).where(events.c.at < _now() - self.EVENT_TTL))
        except IntegrityError:
            return False
        except OperationalError as exc:
            log.warning("retry check for %s skipped: the records database is busy (%s); handling it as new", event_id, str(exc.orig)[:80])
        return True

    # --- channel -> program -------------------------------------------------------------
    def link(self, channel: str, program: str, by: str) -> None:
        """Scope a channel to a program (replacing an earlier link)."""
        with self.engine.begin() as conn:
            upsert(conn, links, dict(channel=channel, program=program, linked_by=by, at=_now()), ("channel",))

    def linked_program(self, channel: str) -> str | None:
        """The program a channel was linked to with `/compel link`, if any."""
        with self.engine.connect() as conn:
            return conn.execute(select(links.c.program).where(links.c.channel == channel)).scalar()

    # --- answers and feedback -----------------------------------------------------------
    def record_answer(self, *, question: str, answer: str, abstained: bool, user: str, channel: str, thread_ts: str, program: str | None) -> str:
        """Keep a posted answer with its question; returns the id the feedback buttons carry."""
        answer_id = secrets.token_hex(8)
        with self.engine.begin() as conn:
            conn.execute(
                insert(answers).values(
                    id=answer_id, question=question, answer=answer, abstained=int(abstained), user=user,
                    channel=channel, thread_ts=thread_ts, program=program, at=_now(),
                )
            )
            if thread_ts:
                self._mark(conn, channel, thread_ts)
        return answer_id

    def thread_questions(self, channel: str, thread_ts: str, limit: int = 6) -> list[str]:
        """Earlier questions asked in a thread, oldest first (the thread's context for follow-ups)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(answers.c.question)
                .where(answers.c.channel == channel, answers.c.thread_ts == thread_ts)
                .order_by(answers.c.at.desc())
                .limit(limit)
            ).scalars()
            return list(reversed(list(rows)))

    def record_feedback(self, answer_id: str, user: str, vote: str) -> FeedbackRow:
        """Store (or change) a person's 👍/👎 on an answer, together with the question it answered."""
        with self.engine.begin() as conn:
            question = conn.execute(select(answers.c.question).where(answers.c.id == answer_id)).scalar()
            if question is None:
                from bot.errors import NotFoundError

                raise NotFoundError("That answer is no longer on record, so the feedback could not be stored. Ask again to rate the new answer.")
            upsert(conn, feedback, dict(answer_id=answer_id, user=user, vote=vote, question=question, at=_now()), ("answer_id", "user"))
        return FeedbackRow(answer_id=answer_id, user=user, vote=vote, question=question)

    def feedback_rows(self) -> list[FeedbackRow]:
        """Every vote with its question, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(feedback).order_by(feedback.c.at)).mappings()
            return [FeedbackRow(answer_id=r["answer_id"], user=r["user"], vote=r["vote"], question=r["question"]) for r in rows]

    # --- threads the bot is part of -----------------------------------------------------
    def _mark(self, conn: Any, channel: str, thread_ts: str) -> None:
        exists = conn.execute(select(threads.c.at).where(threads.c.channel == channel, threads.c.thread_ts == thread_ts)).first()
        if exists is None:
            try:
                with conn.begin_nested():
                    conn.execute(insert(threads).values(channel=channel, thread_ts=thread_ts, at=_now()))
            except IntegrityError:
                pass  # another worker marked it first

    def in_thread(self, channel: str, thread_ts: str) -> bool:
        """True when the bot has posted in this thread."""
        with self.engine.connect() as conn:
            row = conn.execute(select(threads.c.at).where(threads.c.channel == channel, threads.c.thread_ts == thread_ts)).first()
            return row is not None

    # --- ephemeral results kept for "Share in channel" -------------------------------------
    def keep_result(self, *, user: str, channel: str, command: str, messages: list[dict], thread_ts: str | None = None) -> str:
        """Keep an ephemeral result so its Share button can post it later (in its thread, if any); returns its id."""
        result_id = secrets.token_hex(8)
        payload = json.dumps({"messages": messages, "thread_ts": thread_ts})
        with self.engine.begin() as conn:
            conn.execute(insert(results).values(id=result_id, user=user, channel=channel, command=command, payload=payload, at=_now()))
        return result_id

    def result(self, result_id: str) -> tuple[str, str, dict] | None:
        """(user, command, {"messages", "thread_ts"}) of a kept result, or None when it is gone."""
        with self.engine.connect() as conn:
            row = conn.execute(select(results).where(results.c.id == result_id)).mappings().first()
        if row is None:
            return None
        return row["user"], row["command"], json.loads(row["payload"])

    def forget_result(self, result_id: str) -> None:
        """Drop a kept result once shared."""
        with self.engine.begin() as conn:
            conn.execute(delete(results).where(results.c.id == result_id))
