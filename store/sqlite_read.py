"""Read-only access to a SQLite records file through the stdlib, for short-lived commands (`compel risks`).

Importing SQLAlchemy costs a third of a second, a third of the time budget of a command that only reads a
program's revision and outline. When the records live in a SQLite file already at a schema version this reader
knows, it answers those reads itself; anything else (no file yet, an older or newer schema, another database,
an error) returns None or raises sqlite3.Error, and the caller falls back to the RecordStore, which upgrades
schemas and words errors for people.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from store.sql import KIND_SQL, REVISION_SQL

if TYPE_CHECKING:  # store.outline builds the record models (~0.1 s): imported only by the reads that need them
    from store.outline import ProgramOutline

log = logging.getLogger(__name__)

# Schema versions whose tables and columns this reader's SQL matches (a test checks the current one is here).
READABLE_VERSIONS = frozenset({4, 5})  # 5 added the calendar table, which this reader does not read
_PREFIX = "sqlite:///"


def sqlite_path(url: str) -> Path | None:
    """The file behind a plain `sqlite:///path` URL, or None for any other URL (or one with options)."""
    if not url.startswith(_PREFIX) or "?" in url:
        return None
    path = url[len(_PREFIX):]
    return Path(path) if path and path != ":memory:" else None


class SQLiteReader:
    """Revision and outline reads on a SQLite records file, each in one read transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @classmethod
    def open(cls, url: str, timeout: float = 10.0) -> "SQLiteReader | None":
        """A reader for this URL, or None when it is not a SQLite file this reader can read as it stands."""
        path = sqlite_path(url)
        if path is None or not path.is_file():
            return None
        try:
            conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
        except sqlite3.Error:
            return None
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is not None and int(row[0]) in READABLE_VERSIONS:
                return cls(conn)
        except (sqlite3.Error, ValueError):
            log.debug("records file %s not readable directly; using the store", path, exc_info=True)
        conn.close()
        return None

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> "SQLiteReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, sql: str, params: dict) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def resolve(self, wanted: str | None) -> str | None:
        """The program id to read: `wanted` when stored, else the only program; None when that is not clear-cut."""
        ids = [r[0] for r in self._run("SELECT id FROM programs ORDER BY id", {})]
        if wanted:
            return wanted if wanted in ids else None
        return ids[0] if len(ids) == 1 else None

    def revision(self, program_id: str) -> int | None:
        """The program's revision, or None when there is no such program."""
        rows = self._run(REVISION_SQL, {"p": program_id})
        return int(rows[0][0]) if rows else None

    def raw(self, program_id: str, kinds: tuple[str, ...]) -> dict[str, list[dict]] | None:
        """The program's own record (under "program") and its records of the given kinds as stored JSON, unvalidated
        (for reads that need a few fields, such as names, without building the record models); None when absent."""
        self.conn.execute("BEGIN")
        try:
            head = self._run(REVISION_SQL, {"p": program_id})
            if not head:
                return None
            out = {"program": [json.loads(head[0][1])]}
            for kind in kinds:
                out[kind] = [json.loads(r[0]) for r in self._run(KIND_SQL, {"p": program_id, "k": kind})]
            return out
        finally:
            self.conn.execute("COMMIT")

    def outline(self, program_id: str) -> "ProgramOutline | None":
        """The program's outline (see store.outline), or None when there is no such program."""
        from store.outline import read_outline

        self.conn.execute("BEGIN")
        try:
            return read_outline(self._run, program_id)
        finally:
            self.conn.execute("COMMIT")
