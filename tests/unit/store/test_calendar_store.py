"""The program calendar of non-working days: migration 5 merges the schedules' own dates into it, on SQLite and
PostgreSQL; adding and removing days; dates outside the program refused with the fix."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from bot.config import load_settings
from bot.errors import InputError
from bot.standup.store import StandupStore
from store import schema
from store.calendar import parse_days
from store.records import RecordStore
from store.standup_tables import metadata as standup_metadata
from tests.fixtures.records import fixture_program


def _v4_with_schedules(url: str) -> None:
    """A database as version 4 left it, with a stand-up holiday list and a report's skipped dates in the schedules' JSON."""
    engine = create_engine(url)
    with engine.begin() as conn:
        schema.upgrade(conn, target=4)
        conn.execute(text("INSERT INTO programs (id, name, data) VALUES ('p', 'P', '{\"id\": \"p\", \"name\": \"P\"}')"))
        standup_metadata.create_all(conn)
        stand_up = {"channel": "CST", "program": "p", "timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri"],
                    "prompt_at": "09:30:00", "summary_at": "16:00:00", "reminder_before": 60, "participants": [],
                    "holidays": ["2026-12-24", "2026-12-31"], "audience": "team", "summary_in": "thread"}
        report = {"channel": "CRE", "program": "p", "report": "integration", "cadence": "weekly", "weekday": "thu",
                  "day_of_month": 1, "at": "10:00:00", "timezone": "UTC", "skips": ["2026-12-31", "2027-01-07"]}
        conn.execute(text("INSERT INTO standup_schedules (channel, program, data, updated) VALUES ('CST', 'p', :d, 1.0)"),
                     {"d": json.dumps(stand_up)})
        conn.execute(text("INSERT INTO report_schedules (channel, report, program, data, updated) VALUES ('CRE', 'integration', 'p', :d, 1.0)"),
                     {"d": json.dumps(report)})
    engine.dispose()


def test_version_4_schedules_move_their_own_dates_into_the_program_calendar(database_url):
    _v4_with_schedules(database_url)
    records = RecordStore(load_settings(database_url=database_url))
    try:
        days = records.days_off("p")
        # Every date kept, each once: the one both lists held, and the notes say where each came from.
        assert [d.day for d in days] == [date(2026, 12, 24), date(2026, 12, 31), date(2027, 1, 7)]
        assert {d.note for d in days} == {"stand-up holiday", "integration report skipped"}
        with records.engine.connect() as conn:
            assert schema.current_version(conn) == schema.SCHEMA_VERSION
            stored = [json.loads(r) for r in conn.execute(text("SELECT data FROM standup_schedules UNION ALL SELECT data FROM report_schedules")).scalars()]
        assert all("holidays" not in doc and "skips" not in doc for doc in stored)
    finally:
        records.close()
    standups = StandupStore(database_url)
    try:
        assert standups.find_schedule("CST").days_off == {date(2026, 12, 24), date(2026, 12, 31), date(2027, 1, 7)}
        ((report, _),) = standups.report_schedules_saved()
        assert date(2027, 1, 7) in report.days_off
    finally:
        standups.close()


def test_the_stand_up_store_opened_first_still_reads_old_schedules(database_url):
    """The stand-up store upgrades the records schema before reading, so an old schedule never fails to load."""
    _v4_with_schedules(database_url)
    standups = StandupStore(database_url)
    try:
        assert date(2026, 12, 24) in standups.find_schedule("CST").days_off
    finally:
        standups.close()


def test_a_database_without_the_stand_up_tables_upgrades_to_an_empty_calendar(database_url):
    engine = create_engine(database_url)
    with engine.begin() as conn:
        schema.upgrade(conn, target=4)
    engine.dispose()
    records = RecordStore(load_settings(database_url=database_url))
    try:
        records.import_program(fixture_program())
        assert records.days_off("fixture") == []
    finally:
        records.close()


def test_days_off_are_added_once_and_removed(loaded):
    first, second = date(2026, 1, 6), date(2026, 2, 2)  # the fixture program runs from 5 January 2026
    loaded.add_days_off("fixture", [first], "company day")
    days = loaded.add_days_off("fixture", [first, second])
    assert [(d.day, d.note) for d in days] == [(first, "company day"), (second, "")]
    absent, left = loaded.remove_days_off("fixture", [first, date(2026, 2, 3)])
    assert [d.day for d in left] == [second] and absent == [date(2026, 2, 3)]
    loaded.delete_program("fixture")
    loaded.import_program(fixture_program())
    assert loaded.days_off("fixture") == []  # a deleted program takes its calendar with it


def test_a_date_outside_the_program_is_refused_naming_the_fix(loaded):
    with pytest.raises(InputError, match=r"^4 Jan 2026 is before Fixture Logistics AI Program started on 5 Jan 2026; give a date on or after it\.$"):
        loaded.add_days_off("fixture", [date(2026, 1, 4)])
    # The fixture's last planned date is its sprint 3's end, 15 February 2026: a year on is as far as days off go.
    with pytest.raises(InputError, match=r"more than a year past the last planned date of Fixture Logistics AI Program; give a date up to 16 Feb 2027\."):
        loaded.add_days_off("fixture", [date(2030, 1, 7)])
    assert loaded.days_off("fixture") == []


def test_a_non_date_is_one_line_naming_the_format():
    with pytest.raises(InputError, match=r"^'2026-13-01' is not a date; write it as YYYY-MM-DD, e\.g\. 2026-12-24\.$"):
        parse_days(["2026-12-24,2026-13-01"])
    assert parse_days(["2026-12-24, 2026-12-31", "2026-12-24"]) == [date(2026, 12, 24), date(2026, 12, 31)]
