"""One writer at a time across processes and machines, held where every replica already meets: the records database.

Replicas sharing a Chroma server each have their own data dir, so the index's file lock cannot serialise their
writes. PostgreSQL holds a session advisory lock (released by the server if the holder dies); a SQLite records file
is only shared by processes on one filesystem, so a file lock beside it does the same there.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import StoreError
from store.sqlite_read import sqlite_path

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

POLL_SECONDS = 0.1
_engines: dict[str, "Engine"] = {}
_engines_lock = threading.Lock()


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for a lock's name (the same in every process and replica)."""
    return int.from_bytes(hashlib.blake2b(f"compel-bot:{name}".encode(), digest_size=8).digest(), "big", signed=True)


@contextlib.contextmanager
def database_lock(url: str, name: str, timeout: float, what: str) -> Iterator[None]:
    """Hold the lock `name` in the database at `url`; after `timeout` seconds of waiting, StoreError naming `what`."""
    path = sqlite_path(url)
    busy = f"{what} is being written by another compel process or replica; wait for it to finish and try again."
    if path is not None:
        with file_lock(Path(f"{path}.{name.replace(':', '-')}.lock"), timeout, busy):
            yield
        return
    if not url.startswith("postgresql"):
        raise StoreError(f"a lock across replicas needs PostgreSQL or a SQLite file as COMPEL_DATABASE_URL, not {url.split(':', 1)[0]}.")
    with _advisory_lock(url, lock_key(name), timeout, busy):
        yield


@contextlib.contextmanager
def file_lock(path: Path, timeout: float, busy: str) -> Iterator[None]:
    """An exclusive lock on a file across processes; after `timeout` seconds waiting, a StoreError saying `busy`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    with open(path, "a+") as fh:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(busy) from None
                time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def _advisory_lock(url: str, key: int, timeout: float, busy: str) -> Iterator[None]:
    from sqlalchemy import text

    deadline = time.monotonic() + timeout
    # A connection of its own, outside any transaction the caller holds: the lock lives as long as this session.
    with _engine(url).connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        while not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
            if time.monotonic() > deadline:
                raise StoreError(busy)
            time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})


def _engine(url: str) -> "Engine":
    """One engine per URL for the locks, keeping no idle connection (a lock is taken per index write, not per query)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    with _engines_lock:
        if url not in _engines:
            _engines[url] = create_engine(url, poolclass=NullPool)
        return _engines[url]
