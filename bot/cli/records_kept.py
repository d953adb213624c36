"""`compel risk add|update|list`, `compel decision add|list`, `compel milestone set`: records kept by hand at the terminal.

The writes go through `Engines.record_write`, the same actions `/compel risk add` runs, so ids (rk-001, dec-001),
checks and wording are one.
"""

from __future__ import annotations

import textwrap

import click

from bot.cli.output import emit, written
from bot.cli.params import FILLED, Words
from bot.prose import date_text

_PROGRAM = click.option("--program", "program_id", help="Program to change (default: COMPEL_PROGRAM or the only one stored).")
_JSON = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
_USE_CASE = click.option("--use-case", "use_case", help="The use case it is about (id, name or alias).")


def _engines():
    from bot.engines import Engines

    return Engines.from_settings()


def _write(program_id: str | None, action: str, fields: dict, as_json: bool) -> None:
    """One write through the facade; prints what it did (or its JSON)."""
    engines = _engines()
    try:
        program = engines.resolve_program(program_id)
        done = engines.record_write(program, action, {k: str(v) for k, v in fields.items() if v not in (None, "")}, "the command line")
    finally:
        engines.close()
    if as_json:
        emit(written(program, done.kind, done.record, done.lines))
        return
    for line in done.lines:
        click.echo(line)


# --- risks ---------------------------------------------------------------------------------------


@click.group()
def risk() -> None:
    """The program's risk register: add, update, list."""


@risk.command("add")
@click.argument("title", type=FILLED)
@click.option("--severity", type=Words(["low", "medium", "high", "critical"]), default="medium", show_default=True)
@click.option("--owner", default="", help="Who owns the risk (an open risk without one is a finding).")
@click.option("--mitigation", default="", help="What is being done about it.")
@click.option("--review", help="When it is next reviewed, YYYY-MM-DD.")
@_USE_CASE
@_PROGRAM
@_JSON
def risk_add(title, severity, owner, mitigation, review, use_case, program_id, as_json) -> None:
    """Add a risk to the register (ids rk-001, rk-002, …)."""
    fields = {"title": title, "severity": severity, "owner": owner, "mitigation": mitigation, "review": review, "use case": use_case}
    _write(program_id, "risk add", fields, as_json)


@risk.command("update")
@click.argument("risk_id", type=FILLED)
@click.option("--status", type=Words(["open", "mitigated", "closed"]))
@click.option("--severity", type=Words(["low", "medium", "high", "critical"]))
@click.option("--owner", help="The new owner.")
@click.option("--mitigation", help="The new mitigation.")
@click.option("--review", help="The next review date, YYYY-MM-DD.")
@_PROGRAM
@_JSON
def risk_update(risk_id, status, severity, owner, mitigation, review, program_id, as_json) -> None:
    """Change a risk: only the options given change."""
    fields = {"title": risk_id, "status": status, "severity": severity, "owner": owner, "mitigation": mitigation, "review": review}
    if all(v in (None, "") for k, v in fields.items() if k != "title"):
        from bot.errors import InputError

        raise InputError(f"Nothing to change on {risk_id}; give --status, --severity, --owner, --mitigation or --review.")
    _write(program_id, "risk update", fields, as_json)


@risk.command("list")
@click.option("--status", "state", type=Words(["open", "mitigated", "closed", "all"]), default="all", show_default=True)
@_PROGRAM
@_JSON
def risk_list(state, program_id, as_json) -> None:
    """The risk register: severity, status, owner, mitigation and review date of each risk."""
    engines = _engines()
    try:
        program, risks = engines.risk_list(program_id)
        names = engines.record_names(program)
        name = engines.program_name(program)
    finally:
        engines.close()
    risks = [r for r in risks if state == "all" or r.status == state]
    if as_json:
        emit({"program": program, "risks": [r.model_dump(mode="json") for r in risks]})
        return
    if not risks:
        click.echo(f"No {'' if state == 'all' else state + ' '}risks on {name}'s register.")
        return
    for r in risks:
        about = names.get(r.use_case or r.workstream or "", "")
        click.echo(f"{r.id}  {r.severity.capitalize()} · {r.status.capitalize()} · owner {r.owner or 'none'}"
                   + (f" · review by {date_text(r.review_by, year=True)}" if r.review_by else "") + (f" · {about}" if about else ""))
        click.echo(textwrap.fill(r.title, width=100, initial_indent="    ", subsequent_indent="    "))
        click.echo(textwrap.fill(f"Mitigation: {r.mitigation or 'none yet'}", width=100, initial_indent="    ", subsequent_indent="    "))


# --- decisions -----------------------------------------------------------------------------------


@click.group()
def decision() -> None:
    """Decisions the program needs: add, list."""


@decision.command("add")
@click.argument("question", type=FILLED)
@click.option("--owner", required=True, help="Who decides.")
@click.option("--deadline", help="By when, YYYY-MM-DD.")
@_USE_CASE
@_PROGRAM
@_JSON
def decision_add(question, owner, deadline, use_case, program_id, as_json) -> None:
    """Record a decision the program needs (ids dec-001, dec-002, …)."""
    _write(program_id, "decision add", {"title": question, "owner": owner, "deadline": deadline, "use case": use_case}, as_json)


@decision.command("list")
@click.option("--status", "state", type=Words(["open", "decided", "all"]), default="all", show_default=True)
@_PROGRAM
@_JSON
def decision_list(state, program_id, as_json) -> None:
    """Decisions with their owner, deadline and outcome."""
    engines = _engines()
    try:
        program, decisions = engines.decision_list(program_id, None if state == "all" else state)
        names = engines.record_names(program)
        name = engines.program_name(program)
    finally:
        engines.close()
    if as_json:
        emit({"program": program, "decisions": [d.model_dump(mode="json") for d in decisions]})
        return
    if not decisions:
        click.echo(f"No {'' if state == 'all' else state + ' '}decisions in {name}.")
        return
    for d in decisions:
        click.echo(f"{d.id}  {d.status.capitalize()} · owner {d.owner}" + (f" · due {date_text(d.deadline, year=True)}" if d.deadline else "")
                   + (f" · {names.get(d.use_case, d.use_case)}" if d.use_case else ""))
        click.echo(textwrap.fill(d.question, width=100, initial_indent="    ", subsequent_indent="    "))
        if d.outcome:
            click.echo(textwrap.fill(f"Outcome: {d.outcome}", width=100, initial_indent="    ", subsequent_indent="    "))


# --- milestones ----------------------------------------------------------------------------------


@click.group()
def milestone() -> None:
    """A use case's delivery milestones: set."""


@milestone.command("set")
@click.argument("use_case", type=FILLED)
@click.argument("name", metavar="MILESTONE", type=FILLED)
@click.argument("status", metavar="STATUS", type=Words(["pending", "met", "missed", "at_risk"]))
@_PROGRAM
@_JSON
def milestone_set(use_case, name, status, program_id, as_json) -> None:
    """Set a milestone's STATUS (pending, met, missed or "at risk"), e.g. `compel milestone set "Spot pricing" "integration testing passed" met`."""
    _write(program_id, "milestone", {"title": use_case, "milestone": name, "status": status}, as_json)
