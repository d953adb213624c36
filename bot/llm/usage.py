"""LLM usage: tokens per call in the log, and a per-person daily call limit kept in the records database."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.llm.protocol import Usage
from store.database import open_feature_tables
from store.usage_tables import metadata, usage_table

log = logging.getLogger(__name__)

ANONYMOUS = "-"  # calls with no person (CLI, scripts): counted, never limited


def _today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


class UsageLedger:
    """Calls and tokens per person per UTC day, written off the answer's path; `allowed` enforces the daily limit.

    This process's own calls count at once; calls by other replicas count once the stored figure is re-read (every
    REFRESH seconds), so replicas answering the same person at the same moment can overshoot by a few calls.
    """

    REFRESH = 5.0

    def __init__(self, url: str, daily_limit: int, today=_today, clock=time.monotonic) -> None:
        self.limit = daily_limit
        self.today = today
        self.clock = clock
        self.engine = open_feature_tables(url, metadata, "LLM usage table")
        self._lock = threading.Lock()
        self._recorded: dict[tuple[str, str], int] = {}  # calls this process counted, per (day, person)
        self._landed: dict[tuple[str, str], int] = {}  # of those, the ones already in the table
        self._writing = 0
        self._seen: dict[tuple[str, str], tuple[int, int, float]] = {}  # stored calls, our landed then, when read
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="compel-llm-usage")

    def close(self) -> None:
        """Finish pending writes and release database connections."""
        self._writer.shutdown(wait=True)
        self.engine.dispose()

    def flush(self) -> None:
        """Wait until every recorded call is in the database."""
        self._writer.submit(lambda: None).result()

    def allowed(self, person: str | None) -> bool:
        """True while the person has calls left today (always for calls with no person, or with no limit)."""
        who = person or ANONYMOUS
        if self.limit <= 0 or who == ANONYMOUS:
            return True
        key = (self.today(), who)
        with self._lock:
            seen = self._seen.get(key)
        if seen is None or self.clock() - seen[2] > self.REFRESH:
            seen = self._read(key)
        with self._lock:
            ours_since = self._recorded.get(key, 0) - seen[1]
        return seen[0] + ours_since < self.limit

    def _read(self, key: tuple[str, str]) -> tuple[int, int, float]:
        """The stored count and how many of our writes it holds; kept only when no write overlapped the read."""
        with self._lock:
            landed, busy = self._landed.get(key, 0), self._writing
        stored = self.used(key[1], key[0])[0]
        with self._lock:
            steady = not busy and not self._writing and self._landed.get(key, 0) == landed
            seen = (stored, landed if steady else self._recorded.get(key, 0), self.clock())
            if steady:
                self._seen[key] = seen
        return seen  # unsteady: counts every call of ours as stored already, so none is missed (one may count twice)

    def record(self, person: str | None, task: str, model: str, usage: Usage) -> None:
        """Count one call and its tokens for the person today (written in the background), and log them."""
        who = person or ANONYMOUS
        key = (self.today(), who)
        log.info("llm usage: task=%s model=%s person=%s input_tokens=%d output_tokens=%d", task, model, who, usage.input_tokens, usage.output_tokens)
        with self._lock:
            self._recorded[key] = self._recorded.get(key, 0) + 1
        self._writer.submit(self._write, key, usage)

    def _write(self, key: tuple[str, str], usage: Usage) -> None:
        day, who = key
        row = usage_table.c
        with self._lock:
            self._writing += 1
        try:
            with self.engine.begin() as conn:
                values = dict(calls=row.calls + 1, input_tokens=row.input_tokens + usage.input_tokens,
                              output_tokens=row.output_tokens + usage.output_tokens)
                if not conn.execute(update(usage_table).where(row.day == day, row.person == who).values(**values)).rowcount:
                    try:
                        with conn.begin_nested():
                            conn.execute(insert(usage_table).values(day=day, person=who, calls=1, input_tokens=usage.input_tokens,
                                                                    output_tokens=usage.output_tokens))
                    except IntegrityError:  # another replica created today's row first
                        conn.execute(update(usage_table).where(row.day == day, row.person == who).values(**values))
        except Exception:  # bookkeeping never costs anyone an answer; the log line still has the figures
            log.exception("could not store LLM usage for %s", who)
        finally:
            with self._lock:
                self._writing -= 1
                self._landed[key] = self._landed.get(key, 0) + 1

    def used(self, person: str | None, day: str | None = None) -> tuple[int, int, int]:
        """(calls, input tokens, output tokens) of a person on a day (today by default), as stored."""
        row = usage_table.c
        with self.engine.connect() as conn:
            found = conn.execute(
                select(row.calls, row.input_tokens, row.output_tokens).where(row.day == (day or self.today()), row.person == (person or ANONYMOUS))
            ).first()
        return tuple(found) if found else (0, 0, 0)
