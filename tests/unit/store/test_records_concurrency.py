"""Several writers at once on one records database (two replicas, many threads), on SQLite and PostgreSQL: nothing
is lost, positions and revisions stay consistent, the schema is upgraded once, numbered ids never collide."""

from __future__ import annotations

import threading

from sqlalchemy import text

from bot.config import load_settings
from store import schema
from store.records import RecordStore
from tests.unit.store.test_records_store import SPRINT_2, _v1_database


def _meta_revision(s: RecordStore) -> int:
    with s.engine.connect() as conn:
        return int(conn.execute(text("SELECT value FROM meta WHERE key = 'revision'")).scalar_one())


def test_concurrent_writes_from_two_stores_lose_nothing(loaded):
    other = RecordStore(load_settings())  # a second replica on the same database
    before = _meta_revision(loaded)
    errors: list[BaseException] = []

    def write(s: RecordStore, n: int) -> None:
        try:
            s.add_update("fixture", date=SPRINT_2, author=f"Dev {n}", text=f"Shipped part {n}.", use_cases=["churn"])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=((loaded, other)[n % 2], n)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert loaded.counts("fixture")["updates"] == 3 + 12
    with loaded.engine.connect() as conn:
        positions = conn.execute(text("SELECT position FROM records WHERE kind = 'updates'")).scalars().all()
    assert len(set(positions)) == 15  # each write saw the one before it: no two records share a place
    assert _meta_revision(loaded) == before + 12  # and none of the revision bumps was lost
    assert len(other.program("fixture").updates) == len(loaded.program("fixture").updates) == 15
    other.close()


def test_replicas_starting_together_upgrade_the_schema_once(database_url):
    _v1_database(database_url)
    stores = [RecordStore(load_settings(database_url=database_url)) for _ in range(4)]
    results: list = []
    barrier = threading.Barrier(len(stores))

    def start(s: RecordStore) -> None:
        barrier.wait()
        try:
            results.append([d.id for d in s.debt("p")])
        except BaseException as exc:  # noqa: BLE001 - reported below
            results.append(exc)

    threads = [threading.Thread(target=start, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [["D-1"]] * 4
    with stores[0].engine.connect() as conn:
        assert schema.current_version(conn) == schema.SCHEMA_VERSION
        assert conn.execute(text("SELECT use_case FROM records")).scalars().all() == ["uc-1"]
    for s in stores:
        s.close()


def test_debt_items_added_at_once_through_two_stores_get_their_own_numbers(loaded):
    other = RecordStore(load_settings())
    barrier = threading.Barrier(8)
    made: list = []

    def add(s: RecordStore, n: int) -> None:
        barrier.wait()
        try:
            made.append(s.add_debt("fixture", description=f"Shortcut number {n}").id)
        except BaseException as exc:  # noqa: BLE001 - reported below
            made.append(exc)

    threads = [threading.Thread(target=add, args=((loaded, other)[n % 2], n)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(made) == sorted(f"debt-{n:03d}" for n in range(1, 9))  # each its own number; none refused as taken
    assert len(loaded.debt("fixture")) == 10
    other.close()
