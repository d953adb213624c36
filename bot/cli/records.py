"""`compel records import|export|list` and `compel demo load`."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from bot.cli.output import emit
from bot.cli.params import Words
from knowledge.text import plural

from bot.errors import InputError, NotFoundError
from bot.prose import date_text

log = logging.getLogger(__name__)

DEMO_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "demo" / "program.yaml"


def _services():
    from bot.services import Services

    return Services()


# Each record kind as a count says it: '1 risk', '8 data quality findings' (store/models.py KINDS, and the program).
_NOUNS: dict[str, tuple[str, str]] = {
    "program": ("program", "programs"), "workstreams": ("workstream", "workstreams"), "use_cases": ("use case", "use cases"),
    "sprints": ("sprint", "sprints"), "updates": ("stand-up update", "stand-up updates"),
    "data_quality": ("data quality finding", "data quality findings"), "access_requests": ("access request", "access requests"),
    "procurement": ("procurement item", "procurement items"), "dependencies": ("dependency", "dependencies"),
    "risks": ("risk", "risks"), "escalations": ("escalation", "escalations"), "debt": ("debt item", "debt items"),
    "decisions": ("decision", "decisions"), "environments": ("environment", "environments"),
    "pipeline_runs": ("pipeline run summary", "pipeline run summaries"), "costs": ("monthly cost", "monthly costs"),
    "vendor_tickets": ("vendor ticket", "vendor tickets"), "platform_milestones": ("platform milestone", "platform milestones"),
    "platform_controls": ("platform control", "platform controls"), "quality_gates": ("quality gate", "quality gates"),
}


def _print_report(report, source: str, as_json: bool, name: str) -> None:
    """What an import did; `name` is the program's as people read it (the id stays in --json)."""
    if as_json:
        emit(report.model_dump())
        return
    if not report.changed:
        click.echo(f"{source}: nothing changed in {name} ({report.unchanged} records already up to date).")
        return
    counts = f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged"
    if report.removed:
        counts += f", {report.removed} removed"
    click.echo(f"{source}: {name}: {counts}.")
    for outcome in ("created", "updated", "removed"):
        kinds = [plural(per[outcome], *_NOUNS.get(kind, (kind.replace("_", " "),))) for kind, per in report.kinds.items() if per.get(outcome)]
        if kinds:
            click.echo(f"  {outcome}: " + ", ".join(kinds))


def _read_ahead(services, program: str) -> None:
    """Read the newest stand-up updates now and keep what was read, so the next summary (any process) is quick."""
    try:
        services.standups.read_ahead(program)
    except Exception:  # noqa: BLE001 - the records are saved; the summary reads the updates itself if need be
        log.warning("could not read the imported updates ahead", exc_info=True)


def _into_retrieval(services, program_id: str, changed: bool, as_json: bool) -> None:
    """Put the program's records into retrieval when the import changed them or retrieval lacks them; the records
    stay saved whatever happens here (a failure only says how to retry)."""
    from bot.errors import UserFacingError
    try:
        n = services.records_sync.sync_if_needed(program_id, changed)
    except UserFacingError as exc:
        click.echo(f"warning: records saved, but not put into retrieval: {exc.message}", err=True)
        return
    except Exception:  # noqa: BLE001 - the import is committed; retrieval catches up on the next import
        log.warning("records of %s saved but not indexed", program_id, exc_info=True)
        click.echo(
            "warning: records saved, but putting them into retrieval failed (details in the log); "
            "import the file again to retry.", err=True,
        )
        return
    if n is not None and not as_json:
        click.echo(f"Put {n} record passages into retrieval: `compel ask --program {program_id} \"...\"` cites them.")


_NO_INDEX = click.option(
    "--no-index", is_flag=True, help="Only save the records; the next import puts them into retrieval (for bulk loads)."
)


@click.group()
def records() -> None:
    """Import, export and list program records."""


@records.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--program", "program_id", help="Program the CSV's records belong to (CSV only; default: the only one).")
@click.option("--kind", type=Words(["updates", "debt", "environments", "pipeline_runs", "costs", "procurement", "vendor_tickets",
                                           "platform_milestones", "platform_controls"]), help="What the CSV holds (default: told from its columns).")
@click.option("--replace", is_flag=True, help="Make the stored program exactly the file: records not in it are removed.")
@_NO_INDEX
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def import_(file: Path, program_id: str | None, kind: str | None, replace: bool, no_index: bool, as_json: bool) -> None:
    """Import a whole program (YAML or JSON), or one kind of record from a CSV (stand-up updates, debt items, environments,
    pipeline runs, costs, procurement, vendor tickets, platform milestones, platform governance checks); invalid files change nothing."""
    from store.io import read_csv, read_program

    services = _services()
    try:
        if file.suffix.lower() == ".csv":
            if replace:
                raise InputError("--replace applies to whole-program files (YAML or JSON), not to a CSV.")
            kind, items = read_csv(file, kind)
            store = services.records
            report = store.import_records(store.resolve_program(program_id), kind, items, source=file.name)
        else:
            if kind:
                raise InputError("--kind applies to CSV files; a YAML or JSON file holds a whole program.")
            data = read_program(file)
            if program_id and program_id != data.program.id:
                raise InputError(f"{file.name} holds program {data.program.id!r}, not {program_id!r}; drop --program or fix the file.")
            report = services.records.import_program(data, replace=replace, source=file.name)
        _print_report(report, file.name, as_json, services.records.program_name(report.program))
        if not no_index:
            _into_retrieval(services, report.program, report.changed, as_json)
            _read_ahead(services, report.program)
    finally:
        services.close()


@records.command("export")
@click.option("--program", "program_id", help="Program to export (default: COMPEL_PROGRAM or the only one).")
@click.option("--format", "fmt", type=Words(["yaml", "json"]), help="Output format (default: from -o's suffix, else yaml).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file instead of stdout.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json: the program file itself, which `records import` reads back.")
def export(program_id: str | None, fmt: str | None, output: Path | None, as_json: bool) -> None:
    """Export a whole program as YAML or JSON that `compel records import` reads back unchanged."""
    from store.io import dump_program

    fmt = "json" if as_json else fmt or ("json" if output and output.suffix.lower() == ".json" else "yaml")
    services = _services()
    try:
        store = services.records
        data = store.program(store.resolve_program(program_id))
    finally:
        services.close()
    text = dump_program(data, fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    _write_whole(output, text)
    click.echo(f"Wrote {data.program.name} to {output}.", err=True)


def _write_whole(path: Path, text: str) -> None:
    """Write the file whole or not at all: an export that fails (or is stopped) leaves an earlier file as it was."""
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        why = "a part of the path is a file, not a folder" if isinstance(exc, (FileExistsError, NotADirectoryError)) else exc.strerror or exc
        raise InputError(f"Cannot write {path} ({why}); give -o a file in a folder you can write to.") from None
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as a plain write would make it, not mkstemp's owner-only mode
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@records.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the programs as JSON.")
def list_(as_json: bool) -> None:
    """The programs stored, with how many records of each kind."""
    services = _services()
    try:
        store = services.records
        rows = [{**p.model_dump(mode="json", include={"id", "name", "stage", "current_sprint"}), "counts": store.counts(p.id)}
                for p in store.programs()]
    finally:
        services.close()
    if as_json:
        emit({"programs": rows})
        return
    if not rows:
        click.echo("No programs yet; load one with `compel demo load` or `compel records import FILE`.")
        return
    for row in rows:
        c = row["counts"]
        click.echo(f"{row['id']}  {row['name']}  ({row['stage']}, sprint {row['current_sprint']})")
        click.echo(
            f"  {c['workstreams']} workstreams, {c['use_cases']} use cases, {c['sprints']} sprints, "
            f"{c['updates']} updates, {c['debt']} debt items, {c['decisions']} decisions"
        )


@click.group()
def demo() -> None:
    """The demo program shipped with compel-bot."""


@demo.command("load")
@_NO_INDEX
@click.option("--current", is_flag=True, help="Move every date so the demo's last stand-up is today (its last sprint is then the current one).")
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def load(no_index: bool, current: bool, as_json: bool) -> None:
    """Import the demo program (a fictional freight company) and put its records into retrieval; loading it again changes nothing."""
    from store.io import read_program

    if not DEMO_FILE.is_file():
        raise NotFoundError(f"The demo program is missing at {DEMO_FILE}; reinstall compel-bot (pip install -e .).")
    data = read_program(DEMO_FILE)
    if current:
        from datetime import date

        from bot.reports.shift import days_to_current, shift_program

        days = days_to_current(data, date.today())
        data = shift_program(data, days)
        if not as_json:
            click.echo(f"Dates moved {days} days so the demo's last stand-up is {date_text(max(u.date for u in data.updates), year=True, weekday=True)}.")
    services = _services()
    try:
        report = services.records.import_program(data, source=DEMO_FILE.name)
        _print_report(report, "demo", as_json, data.program.name)
        if not no_index:
            _into_retrieval(services, report.program, report.changed, as_json)
            _read_ahead(services, report.program)
    finally:
        services.close()
    if not as_json:
        click.echo(f"Try `compel status --program {data.program.id}` or `compel risks --program {data.program.id}`.")
