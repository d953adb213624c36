"""The program outline (records without update bodies, progress claims aggregated in SQL), revisions, and the
stdlib SQLite reader: each must agree with reading the whole program back."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from bot.config import Settings, load_settings
from bot.errors import NotFoundError
from bot.oversight import ProgramView, evaluate
from store import schema
from store.models import ProgramData
from store.records import RecordStore
from store.sample import generate_program
from store.sqlite_read import READABLE_VERSIONS, SQLiteReader, sqlite_path
from tests.fixtures.oversight import day, program, update, use_case

pytestmark = pytest.mark.usefixtures("isolated_env")


def _claims(claims: dict) -> dict:
    return {uc: {s: u.id for s, u in per.items()} for uc, per in claims.items()}


def _tricky() -> ProgramData:
    """Updates about several use cases, two claims on one day (the id decides), non-claims, and a sprint-less update."""
    return program(
        use_cases=[use_case("uc-a", "model_development"), use_case("uc-b", "integration"), use_case("uc-c", "data_preparation")],
        updates=[
            update("u-9", 3, ["uc-a", "uc-b"]),
            update("u-2", 3, ["uc-a"]),  # same day as u-9, smaller id: first for uc-a
            update("u-5", 3, ["uc-b"], progress=False),
            {**update("u-1", 4, ["uc-b"]), "date": day(4, 5)},
            update("u-3", 4, ["uc-b", "uc-c"]),  # earlier in sprint 4 than u-1
            update("u-0", 5, ["uc-c"], progress=False),
            {"id": "u-out", "date": date(2030, 1, 1), "author": "Sam", "use_cases": ["uc-a"], "text": "later", "progress": True},
        ],
    )


def test_outline_claims_match_the_view_over_the_whole_program(store):
    data = _tricky()
    store.import_program(data)
    outline = store.outline("p1")
    assert outline.data.updates == [] and outline.update_count == 7
    assert outline.last_update == date(2030, 1, 1)
    expected = ProgramView(data).progress_claims
    assert _claims(outline.first_claims) == _claims(expected) == {
        "uc-a": {3: "u-2"}, "uc-b": {3: "u-9", 4: "u-3"}, "uc-c": {4: "u-3"},
    }
    assert outline.first_claims["uc-a"][3] == data.updates[1]  # the whole record, for the evidence


@pytest.mark.parametrize("seed", [1, 2])
def test_findings_from_the_outline_equal_findings_from_the_whole_program(store, seed):
    data = generate_program(12, 8, 3, program_id="gen", seed=seed)
    store.import_program(data)
    settings = Settings()
    whole = evaluate(store.program("gen"), settings)
    light = evaluate(ProgramView.from_outline(store.outline("gen")), settings)
    assert whole and light == whole
    assert ProgramView.from_outline(store.outline("gen")).as_of == ProgramView(store.program("gen")).as_of


def test_outline_follows_writes_and_revision_changes_with_each(store):
    store.import_program(_tricky())
    first = store.revision("p1")
    assert store.outline("p1") is store.outline("p1")  # cached while the revision holds
    store.import_program(_tricky())
    assert store.revision("p1") == first  # nothing changed, nothing bumped
    store.add_update("p1", date=day(6), author="Kim", text="demoed it", use_cases=["uc-c"], progress=True, id="u-new")
    assert store.revision("p1") > first
    assert store.outline("p1").first_claims["uc-c"][6].id == "u-new"


def test_revision_of_an_unknown_program_names_the_closest(store):
    store.import_program(_tricky())
    with pytest.raises(NotFoundError, match="Closest: p1"):
        store.revision("p2")


def test_version_3_database_gets_the_claim_columns_backfilled(tmp_path):
    path = tmp_path / "v3.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        schema.upgrade(conn, target=3)
        conn.execute(text("INSERT INTO programs (id, name, data, revision) VALUES ('p', 'P', '{\"id\": \"p\", \"name\": \"P\"}', 1)"))
        doc = {"id": "u-1", "date": "2026-01-06", "sprint": 1, "author": "Sam", "use_cases": ["uc-1"], "text": "x", "progress": True}
        conn.execute(
            text("INSERT INTO records (program_id, kind, key, position, sprint, day, data) VALUES ('p', 'updates', 'u-1', 0, 1, '2026-01-06', :d)"),
            {"d": json.dumps(doc)},
        )
    engine.dispose()
    s = RecordStore(load_settings(database_url=f"sqlite:///{path}"))
    assert _claims(s.outline("p").first_claims) == {"uc-1": {1: "u-1"}}
    with s.engine.connect() as conn:
        assert conn.execute(text("SELECT progress, use_cases FROM records")).one() == (1, '["uc-1"]')
    s.close()


# --- the stdlib reader ---------------------------------------------------------------------------


def test_the_stdlib_reader_knows_the_current_schema():
    assert schema.SCHEMA_VERSION in READABLE_VERSIONS  # a new migration must be checked against store/sqlite_read.py


@pytest.fixture
def sqlite_store():
    """A RecordStore on the SQLite file in the data dir: what the stdlib reader reads."""
    s = RecordStore(load_settings())
    yield s
    s.close()


def test_the_stdlib_reader_reads_what_the_store_reads(sqlite_store):
    store = sqlite_store
    store.import_program(_tricky())
    with SQLiteReader.open(store.settings.records_url) as reader:
        assert reader.resolve(None) == reader.resolve("p1") == "p1"
        assert reader.resolve("nope") is None
        assert reader.revision("p1") == store.revision("p1") and reader.revision("nope") is None
        mine = reader.outline("p1")
    theirs = store.outline("p1")
    assert (mine.revision, mine.data, mine.last_update, mine.update_count) == (theirs.revision, theirs.data, theirs.last_update, theirs.update_count)
    assert mine.first_claims == theirs.first_claims


def test_the_stdlib_reader_steps_aside(tmp_path, sqlite_store):
    assert sqlite_path("postgresql://u@h/db") is None and sqlite_path("sqlite:///x.db?mode=ro") is None
    assert sqlite_path("sqlite:///:memory:") is None
    assert SQLiteReader.open(f"sqlite:///{tmp_path / 'missing.db'}") is None
    old = tmp_path / "v3.db"
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as conn:
        schema.upgrade(conn, target=3)
    engine.dispose()
    assert SQLiteReader.open(f"sqlite:///{old}") is None  # the store upgrades it first
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    assert SQLiteReader.open(f"sqlite:///{tmp_path / 'junk.db'}") is None
