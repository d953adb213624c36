"""The stand-up feature's tables (created as they stand by open_feature_tables; bot/standup/store.py reads and writes them)."""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

schedules = Table(
    "standup_schedules",
    metadata,
    Column("channel", String(64), primary_key=True),
    Column("program", String(120), nullable=False),
    Column("data", Text, nullable=False),
    Column("updated", Float, nullable=False),
)
runs = Table(
    "standup_runs",
    metadata,
    Column("channel", String(64), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("status", String(16), nullable=False),  # claimed | posted | failed | missed
    Column("owner", String(64), nullable=False),
    Column("lease_until", Float, nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
    Column("ts", String(32)),
    Column("note", Text, nullable=False, default=""),
    Column("updated", Float, nullable=False),
)
away = Table(
    "standup_away",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel", String(64), nullable=False),  # "*" for every channel
    Column("user", String(64), nullable=False, index=True),
    Column("start", String(10), nullable=False),
    Column("end", String(10), nullable=False),
    Column("kind", String(8), nullable=False),  # skip | ooo
)
replies = Table(
    "standup_replies",
    metadata,
    Column("channel", String(64), primary_key=True),
    Column("ts", String(32), primary_key=True),
    Column("program", String(120), nullable=False),
    Column("day", String(10), nullable=False, index=True),
    Column("user", String(64), nullable=False),
    Column("update_id", String(120), nullable=False),
)
report_schedules = Table(
    "report_schedules",
    metadata,
    Column("channel", String(64), primary_key=True),
    Column("report", String(16), primary_key=True),  # integration | steering; their runs share standup_runs, kind = report
    Column("program", String(120), nullable=False),
    Column("data", Text, nullable=False),
    Column("updated", Float, nullable=False),
)
clause_vectors = Table(
    "standup_clause_vectors",
    metadata,
    Column("key", String(40), primary_key=True),  # sha1 of the vector space and the clause as the model reads it
    Column("vector", LargeBinary, nullable=False),  # float32, little-endian
    Column("updated", Float, nullable=False),
)
