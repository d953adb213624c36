"""The retrospective tables: each retro held, and the action items it produced (bot/reports/store.py keeps them)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

metadata = MetaData()

retros = Table(
    "retro_held",
    metadata,
    Column("program", String(120), primary_key=True),
    Column("sprint", Integer, primary_key=True),
    Column("day", String(10), nullable=False),
    Column("notes", Text, nullable=False, default=""),
)
items = Table(
    "retro_actions",
    metadata,
    Column("program", String(120), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("sprint", Integer, nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("owner", String(200), nullable=False),
    Column("due_sprint", Integer, nullable=False),
    Column("status", String(8), nullable=False, default="open"),  # open | done
    Column("done_day", String(10)),
)
