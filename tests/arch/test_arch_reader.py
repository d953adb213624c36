"""One read path per store: the SQL store and the fast SQLite reader are two RecordReaders, chosen once."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.errors import NotFoundError
from bot.services import Services


@pytest.fixture
def services(tmp_path):
    from bot.cli.records import DEMO_FILE
    from store.io import read_program

    built = Services(Settings(data_dir=tmp_path / "data"))
    built.records.import_program(read_program(DEMO_FILE), source="demo")
    built.__dict__.pop("records").close()  # as a new process: nothing but the file is open
    yield built
    built.close()


def test_a_sqlite_file_is_read_through_the_stdlib_reader_and_it_agrees_with_the_store(services):
    from store.reader import SQLiteFileReader

    reader = services.record_reader
    assert isinstance(reader, SQLiteFileReader)
    pid = reader.resolve(None)
    outline = reader.outline(pid)
    assert "records" not in services.__dict__  # answered without opening the SQL store
    store = services.records
    assert pid == store.resolve(None)
    assert reader.revision(pid) == store.revision(pid) == outline.revision
    ours, theirs = outline.data.counts(), store.outline(pid).data.counts()
    assert ours == theirs and ours["use_cases"] > 0


def test_what_the_stdlib_reader_cannot_answer_the_store_answers_in_its_own_words(services):
    with pytest.raises(NotFoundError, match="Closest: halvorsen"):
        services.record_reader.resolve("halvorsn")


def test_once_the_store_is_open_it_answers_every_read(services):
    reader = services.record_reader
    pid = reader.resolve(None)
    _ = reader.store  # something in this process opened the store (a write, a Slack listener)
    services.records.add_debt(pid, description="Retry logic copied between two jobs", planned_sprint=3)
    assert reader.revision(pid) == services.records.revision(pid)
    assert any(d.description.startswith("Retry logic") for d in reader.outline(pid).data.debt)


def test_another_database_is_read_through_the_store_itself(tmp_path):
    services = Services(Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'other.db'}?timeout=5"))
    try:
        assert services.record_reader is services.records
    finally:
        services.close()


def test_findings_are_the_same_through_either_reader(services):
    import shutil
    from pathlib import Path

    from bot.oversight.service import Oversight

    fast = services.oversight.findings()
    shutil.rmtree(Path(services.settings.data_dir) / "cache")  # computed again, not served from the findings cache
    # The same debt judge as the services' own oversight: only the reader differs.
    slow = Oversight(services.settings, lambda: services.records, debt_judge=lambda: services.debt_judge).findings()
    assert [f.model_dump() for f in fast] == [f.model_dump() for f in slow] and fast
