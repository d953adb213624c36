"""Updates read ahead: clause vectors kept when updates are collected or imported, found by a summary in another process, same result."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from bot.config import load_settings
from bot.services import Services
from bot.standup.readahead import keep, preload
from bot.standup.store import StandupStore
from bot.understand.analyse import Understander
from store.io import read_program
from store.records import RecordStore
from tests.paths import ROOT

DEMO = ROOT / "knowledge" / "demo" / "program.yaml"
# Written for these tests: a day of stand-up notes that no bank or dev set holds.
NOTES = [
    "Wrapped up the schema check on the parcel scans; next I profile the 3 slowest joins.",
    "The vendor still has not sent the sandbox keys, so the pricing spike waits another day.",
    "Drift alert fired twice overnight on the ETA model; I paused the nightly retrain until we look.",
]


def _refuse(texts):
    raise AssertionError(f"embedded again: {list(texts)[:2]}")


@pytest.fixture
def settings(tmp_path):
    s = load_settings(data_dir=tmp_path / "data")
    s.data_dir.mkdir(parents=True, exist_ok=True)
    return s


@pytest.fixture
def store(settings):
    st = StandupStore(settings.records_url)
    yield st
    st.close()


def test_kept_vectors_let_a_fresh_analysis_read_without_embedding_and_read_the_same(settings, store):
    first = Services(settings).offline_translator.understander
    assert keep(first, NOTES, store) == len(first.clause_texts(NOTES))
    expected = first.analyse_many(NOTES)

    fresh = Services(settings).offline_translator.understander
    fresh.classifier  # noqa: B018 - the bank is loaded as any process loads it; only the notes' clauses are checked
    assert preload(fresh, NOTES, store) == len(fresh.clause_texts(NOTES))
    fresh._embed = _refuse  # from here any clause not found in the kept vectors would fail the test
    got = fresh.analyse_many(NOTES)
    assert [a.model_dump() for a in got] == [a.model_dump() for a in expected]
    kept = fresh.known_vectors(fresh.clause_texts(NOTES))
    assert all(v.dtype == np.float32 and v.shape == (384,) for v in kept.values())


def test_keeping_twice_and_from_two_processes_keeps_one_vector_per_clause(settings, store):
    a, b = (Services(settings).offline_translator.understander for _ in range(2))
    keep(a, NOTES, store)
    keep(b, NOTES[:2], store)
    assert store.vectors([]) == {}
    from sqlalchemy import func, select

    from store.standup_tables import clause_vectors

    with store.engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(clause_vectors)).scalar_one()
    assert count == len(a.clause_texts(NOTES))


def test_an_embedding_the_caller_gives_is_not_kept_for_others(settings, store):
    from knowledge.glossary import load_glossary

    own = Understander(load_glossary(), embed=lambda texts: np.ones((len(texts), 384), dtype=np.float32))
    assert own.vector_space is None and keep(own, NOTES, store) == 0 and preload(own, NOTES, store) == 0


def test_a_collected_reply_is_kept_and_the_summary_in_another_process_is_the_same(settings):
    RecordStore(settings).import_program(read_program(DEMO))
    day = date(2026, 11, 5)
    collecting = Services(settings)
    collecting.standups.collect_reply(channel="CSTAND", ts="1.1", user="UADMIN", author="Hannah Cole", text=NOTES[2], day=day,
                                      program="halvorsen", admin=True)
    collecting.close()
    later = Services(settings)
    understander = later.offline_translator.understander
    summary = later.standups.summary("halvorsen", day, "team")
    assert set(understander.clause_texts([NOTES[2]])) <= set(understander.known_vectors(understander.clause_texts([NOTES[2]])))
    cold = Services(settings)
    cold.standups.store.engine.dispose()
    with cold.standups.store.engine.begin() as conn:  # the same summary without the kept vectors: read from scratch
        from store.standup_tables import clause_vectors

        conn.execute(clause_vectors.delete())
    assert cold.standups.summary("halvorsen", day, "team").model_dump() == summary.model_dump()
    later.close()
    cold.close()


def test_records_import_reads_the_newest_updates_ahead_unless_told_not_to(settings, capsys, tmp_path):
    from bot.cli import main

    assert main(["demo", "load", "--no-index"]) == 0
    csv = tmp_path / "notes.csv"
    csv.write_text("id,date,author,workstream,text\n" + "".join(f"n-{i},2026-11-05,Ravi Menon,ws-data,\"{n}\"\n" for i, n in enumerate(NOTES)),
                   encoding="utf-8")
    services = Services(load_settings())
    store = services.standups.store
    from sqlalchemy import func, select

    from store.standup_tables import clause_vectors

    def kept() -> int:
        with store.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(clause_vectors)).scalar_one()

    assert main(["records", "import", str(csv), "--no-index"]) == 0 and kept() == 0
    assert services.standups.read_ahead("halvorsen") > 0 and kept() > 0
    services.close()
