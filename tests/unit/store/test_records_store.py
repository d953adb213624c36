"""The SQL records store: idempotent imports, typed reads, single-record writes, schema upgrades, bad databases."""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from bot.config import load_settings
from bot.errors import InputError, NotFoundError, StoreError
from bot.services import Services
from store import schema
from store.models import Dependency
from store.records import RecordStore
from tests.fixtures.records import fixture_program

SPRINT_2 = date(2026, 1, 21)


def _snapshot(s: RecordStore) -> dict:
    return {p.id: s.program(p.id).model_dump(mode="json") for p in s.programs()}


def test_import_creates_then_second_import_changes_nothing(store):
    data = fixture_program()
    first = store.import_program(data)
    total = 1 + sum(data.counts().values())
    assert (first.created, first.updated, first.unchanged) == (total, 0, 0)
    assert first.kinds["use_cases"] == {"created": 3}
    second = store.import_program(fixture_program())
    assert (second.created, second.updated, second.unchanged, second.changed) == (0, 0, total, False)


def test_program_reads_back_exactly_what_was_imported(loaded):
    assert loaded.program("fixture") == fixture_program()
    assert [p.id for p in loaded.programs()] == ["fixture"]
    assert loaded.counts("fixture")["updates"] == 3


def test_changed_record_is_updated_and_others_unchanged(loaded):
    data = fixture_program()
    data.use_cases[0].stage = "integration"
    report = loaded.import_program(data)
    assert report.kinds["use_cases"] == {"updated": 1, "unchanged": 2}
    assert report.updated == 1
    assert loaded.use_case("fixture", "churn").stage == "integration"


def test_merge_keeps_stored_records_and_replace_removes_them(loaded):
    loaded.add_debt("fixture", description="Added by hand", use_case="churn")
    data = fixture_program()
    assert loaded.import_program(data).changed is False
    assert len(loaded.debt("fixture")) == 3
    report = loaded.import_program(data, replace=True)
    assert report.removed == 1 and report.kinds["debt"]["removed"] == 1
    assert loaded.program("fixture") == data


def test_merge_that_would_make_a_cycle_is_refused_and_writes_nothing(loaded):
    before = _snapshot(loaded)
    data = fixture_program()
    data.dependencies = [Dependency(id="dep-back", upstream="triage", downstream="routing")]
    # dep-2 (routing -> ws-gov) and dep-1 (ws-gov -> triage) are stored; triage -> routing closes the loop.
    with pytest.raises(InputError, match="dependency cycle"):
        loaded.import_program(data, source="merge.yaml")
    assert _snapshot(loaded) == before


def test_use_case_by_id_name_or_alias_and_closest_names(loaded):
    assert loaded.use_case("fixture", "churn").id == "churn"
    assert loaded.use_case("fixture", "ROUTE OPTIMISATION").id == "routing"
    assert loaded.use_case("fixture", "churn model").id == "churn"
    with pytest.raises(NotFoundError) as info:
        loaded.use_case("fixture", "rout optimisation")
    assert "Closest: Route optimisation." in str(info.value) and "routing" not in str(info.value)


def test_unknown_program_names_the_closest(loaded):
    with pytest.raises(NotFoundError, match="Closest: fixture"):
        loaded.program("fixtures")


def test_resolve_program(store):
    with pytest.raises(NotFoundError, match="compel demo load"):
        store.resolve_program()
    store.import_program(fixture_program())
    assert store.resolve_program() == "fixture"
    other = fixture_program()
    other.program.id = "second"
    store.import_program(other)
    with pytest.raises(InputError, match="--program"):
        store.resolve_program()
    assert store.resolve_program("second") == "second"
    pinned = RecordStore(load_settings(program="second"))
    assert pinned.resolve_program() == "second"
    pinned.close()


def test_add_update_fills_sprint_resolves_names_and_is_idempotent(loaded):
    update = loaded.add_update("fixture", date=SPRINT_2, author="Ana", text="Retrained.", use_cases=["Churn prediction"])
    assert (update.sprint, update.use_cases) == (2, ["churn"])
    again = loaded.add_update("fixture", date=SPRINT_2, author="Ana", text="Retrained.", use_cases=["churn"])
    assert again.id == update.id
    assert loaded.counts("fixture")["updates"] == 4


def test_add_update_with_unknown_use_case_writes_nothing(loaded):
    with pytest.raises(NotFoundError, match="No use case 'fraud'"):
        loaded.add_update("fixture", date=SPRINT_2, author="Ana", text="x", use_cases=["fraud"])
    with pytest.raises(InputError, match="workstream"):
        loaded.add_update("fixture", date=SPRINT_2, author="Ana", text="x", workstream="ws-nope")
    with pytest.raises(InputError, match="author"):
        loaded.add_update("fixture", date=SPRINT_2, author="", text="x")
    assert loaded.counts("fixture")["updates"] == 3


def test_updates_since_and_by_use_case(loaded):
    assert [u.id for u in loaded.updates("fixture")] == ["up-1", "up-2", "up-3"]
    assert [u.id for u in loaded.updates("fixture", since=date(2026, 1, 21))] == ["up-2", "up-3"]
    assert [u.id for u in loaded.updates("fixture", use_case="Route optimisation")] == ["up-3"]


def test_debt_add_resolve_and_unknown(loaded):
    item = loaded.add_debt("fixture", description="Notebook in production", use_case="triage", planned_sprint=5)
    # New items follow the register's one scheme (debt-001, ...), whatever ids were imported before.
    assert item.id == "debt-001" and item.use_case == "triage"
    assert loaded.add_debt("fixture", description="Another").id == "debt-002"
    resolved = loaded.resolve_debt("fixture", "debt-001", on=date(2026, 2, 10))
    assert (resolved.status, resolved.resolved) == ("resolved", date(2026, 2, 10))
    assert [d.id for d in loaded.debt("fixture", status="open")] == ["D-1", "D-2", "debt-002"]
    with pytest.raises(NotFoundError, match="Closest: debt-001"):
        loaded.resolve_debt("fixture", "debt-0011")
    with pytest.raises(InputError, match="already exists"):
        loaded.add_debt("fixture", description="Clash", id="D-1")
    with pytest.raises(InputError, match="category"):
        loaded.add_debt("fixture", description="Bad", category="nice_to_have")


def test_add_decision(loaded):
    decision = loaded.add_decision("fixture", question="Retire the old model?", owner="Dee", use_case="Claims triage")
    assert (decision.id, decision.use_case) == ("dec-002", "triage")
    assert [d.id for d in loaded.decisions("fixture", status="open")] == ["DEC-1", "dec-002"]


def test_delete_program(loaded):
    loaded.delete_program("fixture")
    assert loaded.programs() == []
    with pytest.raises(NotFoundError):
        loaded.counts("fixture")


def test_csv_style_record_import_merges_and_checks_references(loaded):
    from store.models import DebtItem

    report = loaded.import_records("fixture", "debt", [DebtItem(id="D-1", description="Changed"), DebtItem(id="D-9", description="New")])
    assert report.kinds["debt"] == {"updated": 1, "created": 1}
    with pytest.raises(InputError, match="unknown use case 'ghost'"):
        loaded.import_records("fixture", "debt", [DebtItem(id="D-10", description="x", use_case="ghost")])
    assert loaded.counts("fixture")["debt"] == 3


def test_fresh_database_has_the_current_schema_version(store):
    store.programs()
    with store.engine.connect() as conn:
        assert schema.current_version(conn) == schema.SCHEMA_VERSION


def _v1_database(url: str) -> None:
    """A database as version 1 left it: no use_case column, one program with one debt item."""
    engine = create_engine(url)
    with engine.begin() as conn:
        schema.upgrade(conn, target=1)
        conn.execute(text("INSERT INTO programs (id, name, data) VALUES ('p', 'P', '{\"id\": \"p\", \"name\": \"P\"}')"))
        conn.execute(
            text("INSERT INTO records (program_id, kind, key, position, data) VALUES ('p', 'debt', 'D-1', 0, :data)"),
            {"data": json.dumps({"id": "D-1", "description": "old", "use_case": "uc-1"})},
        )
    engine.dispose()


def test_version_1_database_is_upgraded_in_place(database_url):
    _v1_database(database_url)
    s = RecordStore(load_settings(database_url=database_url))
    assert [d.id for d in s.debt("p")] == ["D-1"]
    with s.engine.connect() as conn:
        assert schema.current_version(conn) == schema.SCHEMA_VERSION
        (row,) = conn.execute(schema.records.select()).mappings().all()
    assert row["use_case"] == "uc-1"  # backfilled from the JSON by migration 2
    s.close()


def test_database_from_a_newer_version_is_refused(database_url):
    engine = create_engine(database_url)
    with engine.begin() as conn:
        schema.upgrade(conn)
        schema.set_version(conn, schema.SCHEMA_VERSION + 1)
    engine.dispose()
    s = RecordStore(load_settings(database_url=database_url))
    with pytest.raises(StoreError, match="newer than this compel-bot"):
        s.programs()


def test_corrupt_database_says_move_it_aside(isolated_env):
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "records.db").write_bytes(b"this is not a database at all" * 100)
    s = RecordStore(load_settings())
    with pytest.raises(StoreError, match="move it aside"):
        s.programs()


@contextmanager
def _another_writer(url: str):
    """Another process in the middle of a write: SQLite's write lock, or the store's PostgreSQL write lock."""
    if url.startswith("sqlite"):
        holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        release = lambda: holder.execute("ROLLBACK")  # noqa: E731
    else:
        import psycopg

        from store.database import WRITE_LOCK

        holder = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
        holder.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        release = holder.rollback
    try:
        yield
    finally:
        release()
        holder.close()


def test_locked_database_says_so_and_writes_nothing(store, database_url):
    store.import_program(fixture_program())
    impatient = RecordStore(load_settings(), lock_timeout=0.05)
    try:
        with _another_writer(database_url), pytest.raises(StoreError, match="locked by another process"):
            impatient.add_debt("fixture", description="Blocked")
    finally:
        impatient.close()
    assert store.counts("fixture")["debt"] == 2


def test_services_build_and_close_the_store(database_url):
    services = Services()
    services.records.import_program(fixture_program())
    assert services.records.counts("fixture")["use_cases"] == 3
    services.close()
    assert services.records.programs()[0].id == "fixture"  # reconnects on demand after close
    services.close()


def test_database_url_setting_points_the_store_elsewhere(tmp_path):
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    s = RecordStore(load_settings(database_url=url))
    s.import_program(fixture_program())
    assert (tmp_path / "elsewhere.db").is_file()
    s.close()


def test_bad_database_url_is_a_store_error():
    with pytest.raises(StoreError, match="COMPEL_DATABASE_URL"):
        RecordStore(load_settings(database_url="not a url")).programs()


def test_program_cache_follows_writes_from_any_store(loaded):
    first = loaded.program("fixture")
    assert loaded.program("fixture") is first  # unchanged: served from the cache
    other = RecordStore(load_settings())  # another process's view of the same database
    other.add_debt("fixture", description="Written elsewhere")
    assert [d.id for d in loaded.program("fixture").debt] == ["D-1", "D-2", "debt-001"]
    loaded.resolve_debt("fixture", "debt-001")
    assert other.program("fixture").debt[-1].status == "resolved"
    other.close()


def test_import_of_a_changed_program_is_read_back_changed(loaded):
    loaded.program("fixture")
    data = fixture_program()
    data.program.current_sprint = 4
    loaded.import_program(data)
    fresh = RecordStore(load_settings())
    assert loaded.program("fixture").program.current_sprint == 4 == fresh.program("fixture").program.current_sprint
    fresh.close()


def test_a_failed_first_connection_is_retried_with_the_schema_check(isolated_env, database_url):
    isolated_env.mkdir(parents=True, exist_ok=True)
    s = RecordStore(load_settings(), lock_timeout=0.05)
    with _another_writer(database_url), pytest.raises(StoreError, match="locked"):  # an empty database, locked
        s.programs()
    assert s.programs() == []  # connects again, creates the schema
    with s.engine.connect() as conn:
        assert schema.current_version(conn) == schema.SCHEMA_VERSION
    s.close()


def test_program_deleted_and_imported_again_elsewhere_is_not_served_stale(loaded):
    assert len(loaded.program("fixture").debt) == 2
    other = RecordStore(load_settings())
    other.delete_program("fixture")
    changed = fixture_program()
    changed.debt = changed.debt[:1]
    other.import_program(changed)
    assert len(loaded.program("fixture").debt) == 1
    other.close()


def test_a_failure_half_way_through_an_import_writes_nothing(store, monkeypatch):
    import store.records as records_module

    real = records_module.write_kind

    def failing(conn, pid, kind, *args, **kwargs):
        if kind == "debt":  # after the program, use cases, updates ... have been written in this transaction
            raise OSError("disk full")
        return real(conn, pid, kind, *args, **kwargs)

    monkeypatch.setattr(records_module, "write_kind", failing)
    with pytest.raises(OSError):
        store.import_program(fixture_program())
    assert store.programs() == []
    with store.engine.connect() as conn:
        assert conn.execute(schema.records.select()).first() is None


def test_a_missing_driver_is_named_with_the_extra_to_install():
    with pytest.raises(StoreError, match="'pg8000'.*compel-bot\\[postgres\\]"):
        RecordStore(load_settings(database_url="postgresql+pg8000://bot@db.invalid/compel")).programs()
