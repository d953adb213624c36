"""The everyday translator (Services, as Slack and the CLI build it) keeps the names of the program in scope (compose10)."""

from __future__ import annotations

import pytest

from bot.cli.records import DEMO_FILE
from bot.config import Settings
from bot.jargon import find_unexplained
from bot.services import Services
from store.io import read_program

UPDATE = "The Fuel card API integration is blocked until the vendor sends test keys; the board wants a date by Friday."


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("names-demo")
    services = Services(Settings(data_dir=data))
    services.records.import_program(read_program(DEMO_FILE), source="demo")
    services.close()
    return data


def test_the_program_in_scope_gives_its_names(demo_dir):
    services = Services(Settings(data_dir=demo_dir, program="halvorsen"))
    names = services.translation_names
    assert {"Fuel card API", "Responsible AI governance", "Delivery ETA prediction", "Halvorsen Freight AI Transformation"} <= set(names)
    assert "Priya Raman" in names  # a workstream lead
    assert "records" not in services.__dict__  # read through the SQLite file, no SQLAlchemy store opened
    services.close()


def test_a_glossary_term_inside_a_use_case_name_keeps_the_name_whole(demo_dir):
    named = Services(Settings(data_dir=demo_dir, program="halvorsen"))
    plain = Services(Settings(data_dir=demo_dir))
    kept = named.offline_translator.translate(UPDATE)
    text = kept.business_text()
    assert "Fuel card API" in text
    assert "Fuel card API (" not in text and "API (" not in text  # no bracket, no role label inside the name
    assert "API" not in {t.term for t in kept.terms}
    assert not find_unexplained(text, named.offline_translator.glossary)
    # Without the program the same term is glossed: the names come from the program in scope, nothing else.
    assert "API" in {t.term for t in plain.offline_translator.translate(UPDATE).terms}
    named.close()
    plain.close()


def test_no_program_in_scope_reads_no_records(tmp_path):
    services = Services(Settings(data_dir=tmp_path))
    assert services.translation_names == ()
    assert "record_reader" not in services.__dict__ and "records" not in services.__dict__


def test_a_program_not_imported_yet_translates_without_names(demo_dir):
    services = Services(Settings(data_dir=demo_dir, program="no-such-program"))
    assert services.translation_names == ()
    assert services.offline_translator.translate(UPDATE).summary
    services.close()


def test_a_program_linked_to_a_slack_channel_is_in_scope(demo_dir):
    services = Services(Settings(data_dir=demo_dir, channel_programs={"C0DEMO": "halvorsen"}))
    assert "Fuel card API" in services.translation_names
    services.close()
