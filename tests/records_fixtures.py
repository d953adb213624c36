"""Fixtures shared by the records tests: the fixture files and a store in the test's own data dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from store.io import read_program
from store.models import ProgramData
from store.records import RecordStore

RECORDS = Path(__file__).resolve().parent / "data" / "records"


def fixture_program() -> ProgramData:
    """The small valid program in tests/data/records/program.yaml."""
    return read_program(RECORDS / "program.yaml")


@pytest.fixture
def store(database_url):
    """A RecordStore on a fresh database: the SQLite file in the test's data dir, then PostgreSQL."""
    s = RecordStore(load_settings())
    yield s
    s.close()


@pytest.fixture
def loaded(store: RecordStore) -> RecordStore:
    """The store with the fixture program imported."""
    store.import_program(fixture_program())
    return store
