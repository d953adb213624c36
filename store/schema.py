"""The records database schema, its version in a `meta` table, and the migrations that upgrade it in place."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    bindparam,
    select,
    text,
    update,
)

log = logging.getLogger(__name__)

# The current schema: one row per record, keyed by (program, kind, key), the validated JSON in `data`
# and a few indexed columns for what queries filter on.
metadata = MetaData()

meta = Table("meta", metadata, Column("key", String(64), primary_key=True), Column("value", Text, nullable=False))

programs = Table(
    "programs",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("name", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("revision", Integer, nullable=False, server_default="0"),  # added by migration 3
)

records = Table(
    "records",
    metadata,
    Column("program_id", String(120), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("key", String(120), nullable=False),
    Column("position", Integer, nullable=False),
    Column("sprint", Integer),
    Column("day", Date),
    Column("status", String(32)),
    Column("data", Text, nullable=False),
    Column("use_case", String(120)),  # added by migration 2
    Column("progress", Integer),  # added by migration 4: 1 when a stand-up update claims progress
    Column("use_cases", Text),  # added by migration 4: a stand-up update's use-case ids, as a JSON list
    PrimaryKeyConstraint("program_id", "kind", "key"),
)

# A program's calendar: the days nobody works (holidays, a cancelled meeting), which stand-ups, reminders, "who has
# not reported" and the scheduled reports all skip. Added by migration 5, which merged the schedules' own dates in.
non_working_days = Table(
    "non_working_days",
    metadata,
    Column("program_id", String(120), nullable=False),
    Column("day", Date, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    PrimaryKeyConstraint("program_id", "day"),
)


def _v1_create(conn: Connection) -> None:
    """Version 1: meta, programs and records (frozen here, so later versions can be tested upgrading from it)."""
    v1 = MetaData()
    Table("meta", v1, Column("key", String(64), primary_key=True), Column("value", Text, nullable=False))
    Table(
        "programs",
        v1,
        Column("id", String(120), primary_key=True),
        Column("name", Text, nullable=False),
        Column("data", Text, nullable=False),
    )
    t = Table(
        "records",
        v1,
        Column("program_id", String(120), nullable=False),
        Column("kind", String(32), nullable=False),
        Column("key", String(120), nullable=False),
        Column("position", Integer, nullable=False),
        Column("sprint", Integer),
        Column("day", Date),
        Column("status", String(32)),
        Column("data", Text, nullable=False),
        PrimaryKeyConstraint("program_id", "kind", "key"),
    )
    Index("ix_records_order", t.c.program_id, t.c.kind, t.c.position)
    Index("ix_records_day", t.c.program_id, t.c.kind, t.c.day)
    v1.create_all(conn)


def _v2_use_case_column(conn: Connection) -> None:
    """Version 2: a `use_case` column (backfilled from the JSON) so per-use-case queries use an index."""
    conn.execute(text("ALTER TABLE records ADD COLUMN use_case VARCHAR(120)"))
    conn.execute(text("CREATE INDEX ix_records_use_case ON records (program_id, kind, use_case)"))
    rows = conn.execute(select(records.c.program_id, records.c.kind, records.c.key, records.c.data)).all()
    backfill = []
    for row in rows:
        value = json.loads(row.data).get("use_case")
        if isinstance(value, str):
            backfill.append({"p": row.program_id, "k": row.kind, "key_": row.key, "uc": value})
    if backfill:
        stmt = (
            update(records)
            .where(records.c.program_id == bindparam("p"), records.c.kind == bindparam("k"), records.c.key == bindparam("key_"))
            .values(use_case=bindparam("uc"))
        )
        conn.execute(stmt, backfill)


def _v3_program_revision(conn: Connection) -> None:
    """Version 3: a revision number per program, bumped by every write, so readers can cache a program safely."""
    conn.execute(text("ALTER TABLE programs ADD COLUMN revision INTEGER NOT NULL DEFAULT 0"))


def _v4_update_claims(conn: Connection) -> None:
    """Version 4: `progress` and `use_cases` columns (backfilled) so progress claims are aggregated in SQL."""
    conn.execute(text("ALTER TABLE records ADD COLUMN progress INTEGER"))
    conn.execute(text("ALTER TABLE records ADD COLUMN use_cases TEXT"))
    rows = conn.execute(
        select(records.c.program_id, records.c.key, records.c.data).where(records.c.kind == "updates")
    ).all()
    backfill = []
    for row in rows:
        doc = json.loads(row.data)
        backfill.append(
            {"p": row.program_id, "key_": row.key, "pr": int(bool(doc.get("progress"))), "ucs": update_links(doc.get("use_cases") or [])}
        )
    if backfill:
        stmt = (
            update(records)
            .where(records.c.program_id == bindparam("p"), records.c.kind == "updates", records.c.key == bindparam("key_"))
            .values(progress=bindparam("pr"), use_cases=bindparam("ucs"))
        )
        conn.execute(stmt, backfill)
    # Serves the progress-claims query from the index alone: per use-case list and sprint, the first claim. Partial
    # (claiming updates only) so it costs an import of 100k updates about half what a full index would.
    conn.execute(text(
        "CREATE INDEX ix_records_claims ON records (program_id, use_cases, sprint, day, key) "
        "WHERE kind = 'updates' AND progress = 1"
    ))


# The stand-up feature's tables whose JSON carried a date list of its own before the program calendar: table -> key.
_OWN_DATES = {"standup_schedules": ("holidays", "stand-up holiday"), "report_schedules": ("skips", "report skipped")}


def _v5_non_working_days(conn: Connection) -> None:
    """Version 5: one calendar of non-working days per program; the stand-up holidays and report skips move into it."""
    from sqlalchemy import inspect

    non_working_days.create(conn)
    present = set(inspect(conn).get_table_names())
    found: dict[tuple[str, str], str] = {}
    for table, (key, note) in _OWN_DATES.items():
        if table not in present:
            continue  # the stand-up feature has not been used on this database: nothing to move
        keys = ("channel", "report") if table == "report_schedules" else ("channel",)
        rows = conn.execute(text(f"SELECT {', '.join(keys)}, program, data FROM {table}")).all()
        for row in rows:
            doc = json.loads(row.data)
            if key not in doc:
                continue
            said = f"{row.report} {note}" if table == "report_schedules" else note  # "integration report skipped"
            for day in doc.pop(key) or []:
                found.setdefault((row.program, day), said)
            where = " AND ".join(f"{k} = :{k}" for k in keys)
            conn.execute(text(f"UPDATE {table} SET data = :data WHERE {where}"),
                         {"data": json.dumps(doc, separators=(",", ":")), **{k: getattr(row, k) for k in keys}})
    if found:
        from datetime import date

        conn.execute(non_working_days.insert(), [
            {"program_id": program, "day": date.fromisoformat(day), "note": note} for (program, day), note in sorted(found.items())
        ])


def update_links(use_cases: list[str]) -> str:
    """The `use_cases` column of a stand-up update: its use-case ids as compact JSON."""
    return json.dumps(list(use_cases), separators=(",", ":"))


# Migration i upgrades the schema from version i to i + 1; never edit one that has shipped, append a new one.
MIGRATIONS: list[Callable[[Connection], None]] = [
    _v1_create, _v2_use_case_column, _v3_program_revision, _v4_update_claims, _v5_non_working_days,
]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The schema version recorded in the database (0 for an empty one)."""
    from sqlalchemy import inspect

    if not inspect(conn).has_table("meta"):
        return 0
    value = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar_one_or_none()
    return int(value) if value is not None else 0


def set_version(conn: Connection, version: int) -> None:
    """Record the schema version."""
    done = conn.execute(update(meta).where(meta.c.key == "schema_version").values(value=str(version)))
    if done.rowcount == 0:
        conn.execute(meta.insert().values(key="schema_version", value=str(version)))


def upgrade(conn: Connection, target: int = SCHEMA_VERSION) -> int:
    """Run the migrations from the recorded version up to `target`; returns the version before."""
    before = current_version(conn)
    for version in range(before, target):
        log.info("upgrading the records schema to version %d", version + 1)
        MIGRATIONS[version](conn)
        set_version(conn, version + 1)
    return before
