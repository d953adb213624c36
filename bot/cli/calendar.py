"""`compel calendar list|add|remove`: a program's non-working days, which stand-ups and scheduled reports both skip."""

from __future__ import annotations

import click

from bot.cli.output import emit
from bot.oversight.wording import join_words
from bot.prose import date_text

_PROGRAM = click.option("--program", "program_id", help="Program (default: COMPEL_PROGRAM or the only one stored).")
_JSON = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")


def _engines():
    from bot.engines import Engines

    return Engines.from_settings()


def _show(program: str, days: list, as_json: bool, head: str = "", name: str = "") -> None:
    name = name or f"program {program}"
    if as_json:
        emit({"program": program, "days_off": [d.model_dump(mode="json") for d in days]})
        return
    if head:
        click.echo(head)
    if not days:
        click.echo(f"{name[:1].upper()}{name[1:]} has no days off; add one with `compel calendar add YYYY-MM-DD`.")
        return
    click.echo(f"Days off in {name} (no stand-up, reminder, missing list or scheduled report):")
    for d in days:
        click.echo(f"  {date_text(d.day, year=True, weekday=True)}" + (f"  {d.note}" if d.note else ""))


@click.group()
def calendar() -> None:
    """A program's non-working days: stand-ups, reminders, "who has not reported" and scheduled reports skip them."""


@calendar.command(name="list")
@_PROGRAM
@_JSON
def list_days(program_id, as_json) -> None:
    """The program's days off, in date order."""
    engines = _engines()
    try:
        program, days = engines.days_off(program_id)
        name = engines.program_name(program)
    finally:
        engines.close()
    _show(program, days, as_json, name=name)


@calendar.command()
@click.argument("dates", nargs=-1, required=True)
@click.option("--note", default="", help="Why the day is off, e.g. 'Christmas Eve'.")
@_PROGRAM
@_JSON
def add(dates, note, program_id, as_json) -> None:
    """Add DATES (YYYY-MM-DD, several or comma-separated) as days off."""
    from store.calendar import parse_days

    days = parse_days(dates)
    engines = _engines()
    try:
        program, calendar_days = engines.add_days_off(program_id, days, note)
        name = engines.program_name(program)
    finally:
        engines.close()
    listed = join_words([f"{date_text(d, year=True, weekday=True)}" for d in days])
    _show(program, calendar_days, as_json, f"Added to {name}'s days off: {listed}.", name)


@calendar.command()
@click.argument("dates", nargs=-1, required=True)
@_PROGRAM
@_JSON
def remove(dates, program_id, as_json) -> None:
    """Remove DATES (YYYY-MM-DD) from the days off; stand-ups and reports run on them again."""
    from store.calendar import parse_days

    days = parse_days(dates)
    engines = _engines()
    try:
        program, absent, calendar_days = engines.remove_days_off(program_id, days)
        name = engines.program_name(program)
    finally:
        engines.close()
    gone = [d for d in days if d not in absent]
    head = f"Removed from {name}'s days off: {join_words([f'{date_text(d, year=True, weekday=True)}' for d in gone])}." if gone else ""
    if absent:
        head += (" " if head else "") + f"Not days off already: {join_words([f'{date_text(d, year=True, weekday=True)}' for d in absent])}."
    _show(program, calendar_days, as_json, head, name)
