"""`compel sprint review|retro` and `compel report integration|steering`: the EATP's cadence beyond the stand-up."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.output import about, emit
from bot.cli.params import DAY, Words

from bot.errors import InputError
from bot.standup.posts import post_name

_DATE = DAY
_AS_OF = click.option("--as-of", "as_of", type=_DATE, help="Report as of this day (YYYY-MM-DD); default today.")
_PROGRAM = click.option("--program", "program_id", help="Program (default: COMPEL_PROGRAM or the only one stored).")
_JSON = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON (with the record ids each line rests on).")
_CHART = click.option("--chart", "chart", type=click.Path(dir_okay=False, writable=True), help="Also write the chart as a PNG to this file.")


def _engines():
    from bot.engines import Engines

    return Engines.from_settings()


def _show(result, text: str, as_json: bool) -> None:
    if as_json:
        emit(result.model_dump(mode="json"))  # each report names its program
    else:
        click.echo(text)


def _write_chart(path: str | None, make) -> None:
    if not path:
        return
    target = Path(path)
    if target.suffix.lower() != ".png":
        raise InputError(f"--chart {path!r} must name a .png file, e.g. --chart sprint.png.")
    target.write_bytes(make())
    click.echo(f"Chart written to {target}.", err=True)


def _day(value):
    return value.date() if value else None


@click.group()
def sprint() -> None:
    """The bi-weekly sprint ceremonies: the review and the retrospective."""


@sprint.command()
@click.argument("number", type=int, required=False)
@_AS_OF
@_PROGRAM
@_CHART
@_JSON
def review(number, as_of, program_id, chart, as_json) -> None:
    """Sprint NUMBER (default: the running one): committed vs completed, milestones, demos, debt share, the trend."""
    from bot.reports.render import review_text

    from bot.engines import ReportRequest

    engines = _engines()
    try:
        result = engines.sprint_review(ReportRequest(program=program_id, sprint=number, as_of=_day(as_of)))
    finally:
        engines.close()
    _show(result, review_text(result), as_json)

    def make() -> bytes:
        from bot.reports.charts import review_chart

        return review_chart(result)

    _write_chart(chart, make)


@sprint.command()
@click.option("--sprint", "number", type=int, help="The sprint whose retro this is (default: the running one).")
@click.option("--action", "actions", multiple=True, help="An action item agreed (repeat with --owner and --due for each).")
@click.option("--owner", "owners", multiple=True, help="Who owns the action item given in the same position.")
@click.option("--due", "dues", multiple=True, type=int, help="The sprint the action item is due in.")
@click.option("--record", is_flag=True, help="Record that the retro was held, even with no action items (it is then flagged).")
@click.option("--done", "done", type=int, help="Mark action item N done.")
@_AS_OF
@_PROGRAM
@_JSON
def retro(number, actions, owners, dues, record, done, as_of, program_id, as_json) -> None:
    """The retrospective: record action items (owner, due sprint), mark them done, and see which are overdue."""
    from bot.reports.render import retro_text

    if not (len(actions) == len(owners) == len(dues)):
        raise InputError("Give each --action its own --owner and --due, in the same order "
                         "(e.g. --action \"Split stories\" --owner \"Priya Raman\" --due 8).")
    from bot.engines import ReportRequest, RetroActions

    engines = _engines()
    try:
        if done is not None:
            result = engines.retro_done(program_id, done, _day(as_of))
        elif actions or record:
            result = engines.retro_add(RetroActions(program=program_id, actions=list(zip(actions, owners, dues)), sprint=number, as_of=_day(as_of)))
        else:
            result = engines.sprint_retro(ReportRequest(program=program_id, sprint=number, as_of=_day(as_of)))
    finally:
        engines.close()
    _show(result, retro_text(result), as_json)


@click.group()
def report() -> None:
    """Reports to forward: the weekly integration review and the monthly steering update."""


@report.command()
@_AS_OF
@_PROGRAM
@_JSON
def integration(as_of, program_id, as_json) -> None:
    """The weekly integration review: dependencies, what moved, who waits on whom and how long, blockers by age."""
    from bot.reports.render import integration_text

    from bot.engines import ReportRequest

    engines = _engines()
    try:
        result = engines.integration_review(ReportRequest(program=program_id, as_of=_day(as_of)))
    finally:
        engines.close()
    _show(result, integration_text(result), as_json)


@report.command()
@_AS_OF
@_PROGRAM
@_CHART
@_JSON
def steering(as_of, program_id, chart, as_json) -> None:
    """The monthly steering update: status with reasons, milestones, decisions, escalations, debt register, indicators."""
    from bot.reports.render import steering_text

    from store.memory import paused_gc

    from bot.engines import ReportRequest

    engines = _engines()
    try:
        with paused_gc():  # the report builds many small acyclic objects over a large program
            result = engines.steering_update(ReportRequest(program=program_id, as_of=_day(as_of)), history=bool(chart))
        line = engines.settings.sprint_completion_min
    finally:
        engines.close()
    _show(result, steering_text(result), as_json)

    def make() -> bytes:
        from bot.reports.charts import steering_chart

        return steering_chart(result, line)

    _write_chart(chart, make)


_REPORTS = Words(["integration", "steering"])


@report.command(name="schedule")
@click.argument("which", metavar="REPORT", type=_REPORTS)
@click.option("--channel", required=True, help="Slack channel id the report is posted in.")
@_PROGRAM
@click.option("--cadence", type=Words(["weekly", "monthly"]), help="Default: weekly for integration, monthly for steering.")
@click.option("--on", "on", help="Weekly: the weekday (mon..sun, default mon). Monthly: the day of the month (1-31, default 1; "
                                 "past the month's end means its last day).")
@click.option("--at", "at", default="10:00", show_default=True, help="Local time it is posted (HH:MM).")
@click.option("--timezone", "tz", default="UTC", show_default=True, help="IANA time zone, e.g. Europe/Oslo.")
@click.option("--skip", "skips", help="Days off (YYYY-MM-DD), comma-separated: added to the program's calendar (`compel calendar`).")
@click.option("--remove", is_flag=True, help="Stop posting this report in the channel.")
@_JSON
def schedule(which, channel, program_id, cadence, on, at, tz, skips, remove, as_json) -> None:
    """Schedule WHICH report (integration or steering) in a channel; the stand-up scheduler posts it once across replicas."""
    from bot.standup.cadence import make_schedule

    engines = _engines()
    try:
        if remove:
            before = next((s.program for s in engines.report_schedules(channel) if s.report == which), None)
            gone = engines.report_unschedule(channel, which)
            if as_json:
                emit({"program": before, "channel": channel, "report": which, "removed": gone})
            else:
                click.echo(f"The {post_name(which)} is no longer posted in {channel}." if gone else f"No {post_name(which)} was scheduled in {channel}.")
            return
        from store.calendar import days_off_text, parse_days

        program = engines.resolve_program(program_id)
        days_off = parse_days([skips] if skips else [], "--skip")
        try:
            schedule = make_schedule(channel, program, which, cadence=cadence, on=on, at=at, tz=tz)
        except ValueError as exc:  # pydantic's ValidationError is one
            raise InputError(f"Report not scheduled: {_first_error(exc)}.") from None
        if days_off:
            engines.add_days_off(program, days_off, f"{which} report skipped")
        engines.report_schedule(schedule)
        saved = next(s for s in engines.report_schedules(channel) if s.report == which)  # with the program's days off
        name = engines.program_name(program)
    finally:
        engines.close()
    if as_json:
        emit(about(saved.program, {**saved.model_dump(mode="json"), "days_off": sorted(d.isoformat() for d in saved.days_off)}))
        return
    skipped = f"; not on the program's days off ({days_off_text(saved.days_off)}; see `compel calendar list`)" if saved.days_off else ""
    click.echo(f"The {post_name(which)} of {name} is posted in {channel} {saved.when}{skipped}. "
               "`compel standup post` (or the scheduler beside `compel serve`) posts it when due.")


@report.command(name="schedules")
@_JSON
def schedules(as_json) -> None:
    """The scheduled reports, by channel."""
    engines = _engines()
    try:
        items = engines.report_schedules()
        names = {p: engines.program_name(p) for p in {s.program for s in items}}
    finally:
        engines.close()
    if as_json:
        emit({"schedules": [s.model_dump(mode="json") for s in items]})
        return
    if not items:
        click.echo("No reports scheduled; add one with `compel report schedule integration --channel C`.")
    for s in items:
        click.echo(f"{s.channel}: the {post_name(s.report)} of {names[s.program]}, {s.when}")


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return errors()[0]["msg"].removeprefix("Value error, ")
    return str(exc)
