"""Index writes across replicas sharing one Chroma server: one writer at a time, held in the records database."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from bot.config import Settings
from bot.errors import StoreError
from bot.services import Services
from store.locks import database_lock, lock_key


def _writer(url: str, name: str, log: list[str], started: threading.Event | None = None, hold: float = 0.3) -> None:
    with database_lock(url, "index:compel", 10.0, what="The test index"):
        log.append(f"{name} in")
        if started is not None:
            started.set()
        time.sleep(hold)
        log.append(f"{name} out")


def test_two_writers_take_turns(database_url):
    """SQLite file and PostgreSQL: the second writer enters only after the first has left."""
    log: list[str] = []
    first_in = threading.Event()
    a = threading.Thread(target=_writer, args=(database_url, "a", log, first_in))
    a.start()
    assert first_in.wait(120)
    b = threading.Thread(target=_writer, args=(database_url, "b", log, None, 0.0))
    b.start()
    a.join(120)
    b.join(120)
    assert log == ["a in", "a out", "b in", "b out"]


def test_a_writer_that_waits_too_long_is_told_why(database_url):
    held, release = threading.Event(), threading.Event()

    def holder():
        with database_lock(database_url, "index:compel", 10.0, what="The test index"):
            held.set()
            release.wait(120)

    t = threading.Thread(target=holder)
    t.start()
    try:
        assert held.wait(120)
        with pytest.raises(StoreError, match="The test index is being written by another compel process or replica"):
            with database_lock(database_url, "index:compel", 0.3, what="The test index"):
                pass
        # Another lock name is another lock: it is free.
        with database_lock(database_url, "index:other", 0.3, what="Another index"):
            pass
    finally:
        release.set()
        t.join(120)


def test_lock_keys_are_stable_and_distinct():
    assert lock_key("index:compel") == lock_key("index:compel")
    assert lock_key("index:compel") != lock_key("index:other")
    assert -(2**63) <= lock_key("index:compel") < 2**63


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_replicas_indexes_on_one_chroma_server_write_one_at_a_time(tmp_path, database_url, monkeypatch):
    """Two instances with their own data dirs (their file locks never meet) share the records database's lock."""
    import knowledge.index

    monkeypatch.setattr(knowledge.index, "LOCK_TIMEOUT", 0.3)
    port = _closed_port()  # the lock is taken before the server is used: no Chroma call is made here
    replicas = [
        Services(Settings(_env_file=None, data_dir=tmp_path / f"replica-{i}", database_url=database_url, chroma_host="127.0.0.1", chroma_port=port))
        for i in range(2)
    ]
    one, two = (s.index.read_path for s in replicas)
    with one.writing():
        with pytest.raises(StoreError, match="The shared index \\(Chroma collection 'compel'\\) is being written by another"):
            with two.writing():
                pass
    with two.writing():  # released: the other replica writes now
        pass


def test_a_local_index_keeps_its_file_lock_and_needs_no_database(tmp_path):
    services = Services(Settings(_env_file=None, data_dir=tmp_path / "local", database_url="mysql://nowhere/none"))
    with services.index.read_path.writing():  # the local snapshot's file lock only; the database URL is never used
        assert (tmp_path / "local" / "index" / ".lock").exists()
