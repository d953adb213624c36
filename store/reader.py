"""One read path for the records the oversight engine needs: a `RecordReader` protocol and its fast SQLite reader.

The SQLAlchemy `RecordStore` is one implementation. `SQLiteFileReader` is the other: on a SQLite records file it
answers with the stdlib (a short-lived `compel risks` then never imports SQLAlchemy, a third of its time budget),
and hands any read it cannot answer (no file yet, a schema to upgrade, an unknown or ambiguous program, a damaged
file) to the store, which upgrades schemas and words errors for people. services.py chooses between them once.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from store.outline import ProgramOutline
from store.sqlite_read import SQLiteReader

if TYPE_CHECKING:
    from store.records import RecordStore

log = logging.getLogger(__name__)

T = TypeVar("T")


class RecordReader(Protocol):
    """Which program is meant, its revision, and its outline (every record but the stand-up bodies)."""

    def resolve(self, program: str | None) -> str:
        """The program id: the one asked for, else COMPEL_PROGRAM, else the only one stored (NotFoundError if none)."""
        ...

    def revision(self, program_id: str) -> int:
        """The program's revision: it changes with every write to its records."""
        ...

    def outline(self, program_id: str) -> ProgramOutline:
        """The program's outline at its current revision."""
        ...


class SQLiteFileReader:
    """A RecordReader on a SQLite records file through the stdlib, falling back to the store for what it cannot read.

    Once the store is open in this process it answers every read (it keeps the outline cached between calls);
    until then outlines read here are kept while their revision holds, so a long-running process asking again
    reads only the revision.
    """

    def __init__(self, url: str, default_program: str | None, store: Callable[[], "RecordStore"]) -> None:
        self.url = url
        self.default_program = default_program
        self._store = store
        self._store_used = False
        self._outlines: dict[str, ProgramOutline] = {}

    @property
    def store(self) -> "RecordStore":
        """The SQLAlchemy store (built on first use; from then on it answers every read)."""
        self._store_used = True
        return self._store()

    def _direct(self, read: Callable[[SQLiteReader], T | None]) -> T | None:
        """`read(reader)` through the stdlib, or None when it cannot answer (the store then does)."""
        if self._store_used:
            return None
        reader = SQLiteReader.open(self.url)
        if reader is None:
            return None
        try:
            with reader:
                return read(reader)
        except sqlite3.Error:
            log.debug("direct read failed; reading through the store", exc_info=True)
            return None

    def resolve(self, program: str | None) -> str:
        found = self._direct(lambda r: r.resolve(program or self.default_program))
        return found if found is not None else self.store.resolve(program)

    def revision(self, program_id: str) -> int:
        found = self._direct(lambda r: r.revision(program_id))
        return found if found is not None else self.store.revision(program_id)

    def outline(self, program_id: str) -> ProgramOutline:
        found = self._direct(lambda r: self._kept_outline(r, program_id))
        return found if found is not None else self.store.outline(program_id)

    def _kept_outline(self, reader: SQLiteReader, program_id: str) -> ProgramOutline | None:
        hit = self._outlines.get(program_id)
        if hit is not None and hit.revision == reader.revision(program_id):
            return hit
        outline = reader.outline(program_id)
        if outline is not None:
            self._outlines[program_id] = outline
        return outline
