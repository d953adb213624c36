"""`compel standup ...`: summaries, schedules, absences and the cron-style poster."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

import click

from bot.cli.output import emit
from bot.cli.params import DAY, Words

from bot.engines import AwayRequest, SummaryRequest
from bot.errors import InputError
from bot.prose import counted, date_text, time_text
from bot.standup.posts import days_words, post_name, result_words

log = logging.getLogger(__name__)

_JSON = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
_DATE = DAY


def _engines():
    from bot.engines import Engines

    return Engines.from_settings()


def _one(programs: set[str]) -> str | None:
    """The program of a --json output that may span several (null then: each item names its own)."""
    return next(iter(programs)) if len(programs) == 1 else None


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _time(value: str, what: str):
    try:
        return datetime.strptime(value.strip(), "%H:%M").time()
    except ValueError:
        raise InputError(f"{what} {value!r} is not a time; write HH:MM in the channel's time zone, e.g. 09:30.") from None


def _now(value: str | None) -> datetime:
    if not value:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"--now {value!r} is not a date and time; write e.g. 2026-11-03T09:30+01:00.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@click.group()
def standup() -> None:
    """Stand-ups: the summary, schedules per channel, skip/ooo, and posting due prompts, reminders and summaries."""


@standup.command()
@click.option("--date", "day", type=_DATE, help="Stand-up day (YYYY-MM-DD); default the latest day with updates.")
@click.option("--audience", type=Words(["team", "sponsor", "steering"]), default="team", show_default=True)
@click.option("--program", "program_id", help="Program (default: COMPEL_PROGRAM or the only one stored).")
@click.option("--channel", help="Use this channel's schedule for participants and absences.")
@_JSON
def summary(day, audience, program_id, channel, as_json) -> None:
    """The stand-up summary: RAG headline, workstreams, risks, impacts, decisions, technical items, who did not report."""
    from bot.standup.render import summary_text
    from store.memory import paused_gc

    engines = _engines()
    try:
        with paused_gc():
            result = engines.standup_summary(SummaryRequest(program=program_id, day=day.date() if day else None, audience=audience, channel=channel))
    finally:
        engines.close()
    if as_json:
        emit(result.model_dump(mode="json"))  # the summary names its program
    else:
        click.echo(summary_text(result))


def _from_file(path: str, engines) -> list:
    """Schedules from a YAML file: a list of mappings with the `setup` fields (channel, program, timezone, days, ...)."""
    import yaml
    from pydantic import ValidationError

    from bot.standup.schedule import Schedule, parse_days
    from store.calendar import parse_days as parse_dates

    try:
        with open(path, encoding="utf-8") as fh:
            items = yaml.safe_load(fh) or []
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror}. Give a YAML file listing the schedules.") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path} is not valid YAML ({str(exc).splitlines()[0]}); fix it and run setup again.") from None
    if not isinstance(items, list):
        raise InputError(f"{path} must hold a list of schedules (one mapping per channel).")
    out, calendars = [], []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise InputError(f"{path}: schedule {i} is not a mapping of fields.")
        item = dict(item)
        if isinstance(item.get("days"), str):
            item["days"] = parse_days(item["days"])
        item["program"] = engines.resolve_program(item.get("program"))
        holidays = item.pop("holidays", None) or []  # kept in the program's calendar now, not in the schedule
        holidays = holidays if isinstance(holidays, list) else [holidays]
        days_off = parse_dates([str(d) for d in holidays], f"{path}: schedule {i}, holidays:")
        try:
            out.append(Schedule(**item))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "schedule"
            raise InputError(f"{path}: schedule {i} ({item.get('channel', '?')}), field {field}: {err['msg'].removeprefix('Value error, ')}.") from None
        calendars.append((item["program"], days_off))
    for program, days in calendars:  # every schedule checked first, so a bad one adds no days off
        if days:
            engines.add_days_off(program, days, "stand-up holiday")
    return out


@standup.command()
@click.option("--file", "path", type=click.Path(dir_okay=False), help="Set up every schedule listed in a YAML file (other options ignored).")
@click.option("--channel", help="Slack channel id of the stand-up.")
@click.option("--program", "program_id", help="Program the channel reports on (default: the only one stored).")
@click.option("--timezone", "tz", default="UTC", show_default=True, help="IANA time zone, e.g. Europe/Oslo.")
@click.option("--days", default="mon-fri", show_default=True, help="Stand-up days: mon-fri, or mon,wed,fri.")
@click.option("--prompt", "prompt_at", default="09:30", show_default=True, help="Prompt time (HH:MM, local).")
@click.option("--summary", "summary_at", default="16:00", show_default=True, help="Summary time (HH:MM, local).")
@click.option("--reminder", "reminder_before", default=60, show_default=True, type=int, help="Minutes before the summary to remind; 0 for none.")
@click.option("--participants", help="Slack user ids, comma-separated.")
@click.option("--holidays", help="Days off (YYYY-MM-DD), comma-separated: added to the program's calendar (`compel calendar`).")
@click.option("--audience", type=Words(["team", "sponsor", "steering"]), default="team", show_default=True)
@click.option("--summary-in", type=Words(["thread", "channel", "both"]), default="thread", show_default=True)
@_JSON
def setup(path, channel, program_id, tz, days, prompt_at, summary_at, reminder_before, participants, holidays, audience, summary_in, as_json) -> None:
    """Schedule (or re-schedule) a channel's stand-up, or every stand-up in a YAML file."""
    from pydantic import ValidationError

    from bot.standup.schedule import Schedule, next_posts, parse_days

    engines = _engines()
    if path:
        try:
            saved = [engines.standup_setup(s) for s in _from_file(path, engines)]
        finally:
            engines.close()
        now = datetime.now(timezone.utc)
        rows = [{"schedule": s.model_dump(mode="json"), "next": next_posts(s, now).model_dump(mode="json")} for s in saved]
        emit({"program": _one({s.program for s in saved}), "schedules": rows}) if as_json else click.echo(f"{counted(len(saved), 'stand-up')} scheduled from {path}: {', '.join(s.channel for s in saved)}.")
        return
    if not channel:
        engines.close()
        raise InputError("Give --channel CHANNEL_ID (or --file schedules.yaml).")
    try:
        from store.calendar import parse_days as parse_dates

        holiday_days = parse_dates(_list(holidays), "--holidays")
        try:
            schedule = Schedule(
                channel=channel, program=engines.resolve_program(program_id), timezone=tz, days=parse_days(days),
                prompt_at=_time(prompt_at, "--prompt"), summary_at=_time(summary_at, "--summary"), reminder_before=reminder_before,
                participants=_list(participants), audience=audience, summary_in=summary_in,
            )
        except (ValidationError, ValueError) as exc:
            msg = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            raise InputError(f"Stand-up not scheduled: {msg.removeprefix('Value error, ')}.") from None
        if holiday_days:
            engines.add_days_off(schedule.program, holiday_days, "stand-up holiday")
        schedule = engines.standup_setup(schedule)
        upcoming = next_posts(engines.schedule(channel), datetime.now(timezone.utc))
        name = engines.program_name(schedule.program)
    finally:
        engines.close()
    if as_json:
        emit({"program": schedule.program, "schedules": [{"schedule": schedule.model_dump(mode="json"), "next": upcoming.model_dump(mode="json")}]})
    else:
        click.echo(f"Stand-up scheduled in {channel} for {name}: {days_words(schedule.days)} at {schedule.prompt_at:%H:%M}, "
                   f"summary at {schedule.summary_at:%H:%M} ({schedule.timezone}).")
        if upcoming.prompt:
            click.echo(f"Next prompt: {time_text(upcoming.prompt.astimezone(schedule.zone), zone=True)}")


@standup.command(name="list")
@_JSON
def list_schedules(as_json) -> None:
    """Scheduled stand-ups and their next prompt and summary."""
    from bot.standup.schedule import next_posts

    engines = _engines()
    try:
        schedules = engines.schedules()
        names = {p: engines.program_name(p) for p in {s.program for s in schedules}}
    finally:
        engines.close()
    now = datetime.now(timezone.utc)
    upcoming = [next_posts(s, now) for s in schedules]
    if as_json:
        emit({"schedules": [{"schedule": s.model_dump(mode="json"), "next": n.model_dump(mode="json")} for s, n in zip(schedules, upcoming)]})
        return
    if not schedules:
        click.echo("No stand-ups scheduled; add one with `compel standup setup --channel C`.")
    for s, n in zip(schedules, upcoming):
        when = f"{time_text(n.prompt.astimezone(s.zone))}" if n.prompt else "none"
        click.echo(f"{s.channel}  {names[s.program]}: {days_words(s.days)}, prompt {s.prompt_at:%H:%M}, summary {s.summary_at:%H:%M} "
                   f"({s.timezone}); next prompt {when}")


@standup.command()
@click.option("--channel", required=True)
@click.option("--user", required=True, help="Slack user id (or name) skipping.")
@click.option("--date", "day", type=_DATE, help="The day to skip (default today in the channel's time zone).")
@_JSON
def skip(channel, user, day, as_json) -> None:
    """Skip one stand-up: not reminded, not listed as missing."""
    engines = _engines()
    try:
        item = engines.standup_away(AwayRequest(channel=channel, user=user, start=day.date() if day else None))
    finally:
        engines.close()
    emit(item.model_dump(mode="json")) if as_json else click.echo(f"{user} skips the stand-up in {channel} on {date_text(item.start, year=True, weekday=True)}.")


@standup.command()
@click.argument("days", type=int)
@click.option("--channel", required=True)
@click.option("--user", required=True, help="Slack user id (or name) away.")
@click.option("--from", "start", type=_DATE, help="First day away (default today).")
@_JSON
def ooo(days, channel, user, start, as_json) -> None:
    """Out of office for DAYS stand-up days (weekends and holidays not counted)."""
    engines = _engines()
    try:
        item = engines.standup_away(AwayRequest(channel=channel, user=user, days=days, start=start.date() if start else None))
    finally:
        engines.close()
    emit(item.model_dump(mode="json")) if as_json else click.echo(
        f"{user} is away from the stand-up in {channel} from {date_text(item.start, weekday=True)} to {date_text(item.end, year=True, weekday=True)}.")


@standup.command()
@click.option("--dry-run", is_flag=True, help="Show what is due without posting or claiming anything.")
@click.option("--now", "now_text", help="Pretend it is this moment (ISO 8601), e.g. to catch up after downtime.")
@click.option("--every", type=click.FloatRange(min=5), help="Keep running, posting what is due every N seconds (a scheduler process).")
@_JSON
def post(dry_run, now_text, every, as_json) -> None:
    """Post the prompts, reminders, summaries and scheduled reports now due, each once even with several replicas (for cron)."""
    if every is not None:
        _loop(every)
        return
    now = _now(now_text)
    engines = _engines()
    try:
        if dry_run:
            # The scheduler's own reading of what is due (nothing is posted or claimed): what a tick now would make.
            scheduler = engines.standup_scheduler(poster=None)
            posts, _ = scheduler.due_posts(now)
            due = [(s, day, kind, at, scheduler.too_late(kind, at, times, now)) for s, day, kind, at, times in posts]
            due += [(s, day, s.report, at, scheduler.too_late(s.report, at, None, now)) for s, day, at in scheduler.due_reports(now)]
            outcomes = [{"channel": s.channel, "day": day.isoformat(), "kind": kind, "due": at.isoformat(), "too_late": late}
                        for s, day, kind, at, late in due]
            # A post past its deadline is not made late: the next run marks it missed (as `compel standup runs` shows).
            lines = [f"{s.channel}  {post_name(kind)}, due {time_text(at.astimezone(s.zone), zone=True)}"
                     + (": too late now, it will be marked missed" if late else "") for s, _, kind, at, late in due]
        else:
            from bot.slack.app import build_client
            from bot.slack.poster import SlackPoster

            client = build_client(engines.settings)
            scheduler = engines.standup_scheduler(SlackPoster(client, engines), clock=lambda: now)
            done = scheduler.tick(now)
            outcomes = [o.model_dump(mode="json") for o in done]
            lines = [f"{o.channel}  {post_name(o.kind)} of {date_text(o.day, weekday=True)}: {result_words(o.result, o.note)}" for o in done]
    finally:
        engines.close()
    if as_json:
        emit({"posts": outcomes})
        return
    if not lines:
        click.echo("Nothing due.")
    elif dry_run:
        click.echo("Due and not posted yet (a dry run: nothing was posted or claimed):")
    for line in lines:
        click.echo(line)


def _loop(every: float) -> None:
    import threading

    from bot.slack.app import build_client
    from bot.slack.poster import SlackPoster
    from bot.standup.runner import run_loop

    engines = _engines()
    stop = threading.Event()
    try:
        scheduler = engines.standup_scheduler(SlackPoster(build_client(engines.settings), engines))
        click.echo(f"Posting due stand-ups every {every:g} s as replica {scheduler.replica}; Ctrl-C stops.", err=True)
        run_loop(scheduler, stop, every)
    finally:
        stop.set()
        engines.close()


@standup.command()
@click.option("--channel", help="Only this channel.")
@_JSON
def runs(channel, as_json) -> None:
    """What happened to each scheduled post: posted, missed, failed, or claimed by a replica."""
    engines = _engines()
    try:
        items = engines.standup_runs(channel)
    finally:
        engines.close()
    if as_json:
        emit({"runs": [r.model_dump(mode="json") for r in items]})
        return
    for r in items:  # the Slack message ts and the replica stay in --json
        click.echo(f"{r.channel}  {post_name(r.kind)} of {date_text(r.day, year=True, weekday=True)}: {result_words(r.status, r.note)}")
    if not items:
        click.echo("No stand-up posts yet.")
