"""LLM usage: tokens per call in the log, and a per-person daily call limit kept in the records database."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.errors import StoreError
from bot.llm.protocol import Usage

log = logging.getLogger(__name__)

metadata = MetaData()
usage_table = Table(
    "llm_usage",
    metadata,
    Column("day", String(10), primary_key=True),
    Column("person", String(64), primary_key=True),
    Column("calls", Integer, nullable=False, default=0),
    Column("input_tokens", Integer, nullable=False, default=0),
    Column("output_tokens", Integer, nullable=False, default=0),
)
ANONYMOUS = "-"  # calls with no person (CLI, scripts): counted, never limited


def _today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


class UsageLedger:
    """Calls and tokens per person per UTC day; `reserve` refuses a call once the person's limit is reached."""

    def __init__(self, url: str, daily_limit: int, today=_today) -> None:
        self.limit = daily_limit
        self.today = today
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        args = {"timeout": 30, "check_same_thread": False} if url.startswith("sqlite") else {}
        try:
            self.engine = create_engine(url, connect_args=args, pool_pre_ping=True)
            metadata.create_all(self.engine)
        except OperationalError as exc:
            raise StoreError(f"The LLM usage table at {url} cannot be opened ({exc.orig}). Check COMPEL_DATA_DIR or COMPEL_DATABASE_URL.") from None

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()

    def reserve(self, person: str | None) -> bool:
        """Count one call for the person today; False (nothing counted) when their daily limit is already used."""
        who = person or ANONYMOUS
        day = self.today()
        row = usage_table.c
        limited = self.limit > 0 and who != ANONYMOUS
        with self.engine.begin() as conn:
            cond = (row.day == day) & (row.person == who)
            if limited:
                cond = cond & (row.calls < self.limit)
            if conn.execute(update(usage_table).where(cond).values(calls=row.calls + 1)).rowcount:
                return True
            exists = conn.execute(select(row.calls).where(row.day == day, row.person == who)).first()
            if exists is not None:
                return False  # the row is there, so the update failed on the limit
            try:
                with conn.begin_nested():
                    conn.execute(insert(usage_table).values(day=day, person=who, calls=1, input_tokens=0, output_tokens=0))
            except IntegrityError:  # another worker created today's row first
                conn.execute(update(usage_table).where(cond).values(calls=row.calls + 1))
        return True

    def record(self, person: str | None, task: str, model: str, usage: Usage) -> None:
        """Add a call's tokens to the person's day, and log them."""
        who = person or ANONYMOUS
        log.info("llm usage: task=%s model=%s person=%s input_tokens=%d output_tokens=%d", task, model, who, usage.input_tokens, usage.output_tokens)
        if not usage.total:
            return
        row = usage_table.c
        with self.engine.begin() as conn:
            conn.execute(
                update(usage_table)
                .where(row.day == self.today(), row.person == who)
                .values(input_tokens=row.input_tokens + usage.input_tokens, output_tokens=row.output_tokens + usage.output_tokens)
            )

    def used(self, person: str | None, day: str | None = None) -> tuple[int, int, int]:
        """(calls, input tokens, output tokens) of a person on a day (today by default)."""
        row = usage_table.c
        with self.engine.connect() as conn:
            found = conn.execute(
                select(row.calls, row.input_tokens, row.output_tokens).where(row.day == (day or self.today()), row.person == (person or ANONYMOUS))
            ).first()
        return tuple(found) if found else (0, 0, 0)
