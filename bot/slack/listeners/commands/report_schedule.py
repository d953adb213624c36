"""`/compel report schedule integration|steering [weekly|monthly] [on=…] [at=…] [tz=…] [skip=…]`, `… off`, and the list."""

from __future__ import annotations

import re

from pydantic import ValidationError

from bot.errors import InputError
from bot.standup.posts import post_name
from bot.slack.deps import SlackDeps
from bot.slack.listeners.commands.parse import CommandRequest
from bot.slack.views.common_builder import build_notice
from bot.slack.views.limits import Message

USAGE = ("`/compel report schedule integration|steering [weekly|monthly] [on=mon|15] [at=10:00] [tz=Europe/Oslo] "
         "[skip=2026-12-28,2027-01-04]`, or `/compel report schedule steering off`")
_OPTION = re.compile(r"\b(on|at|tz|skip)=(\S+)", re.I)


def schedule(deps: SlackDeps, req: CommandRequest, program: str, rest: str) -> list[Message]:
    """Schedule (or stop) a report in this channel, or list what is scheduled here."""
    from bot.standup.cadence import REPORTS, make_schedule

    words = _OPTION.sub("", rest).split()
    if not words:
        return _listing(deps, req.channel)
    report = words[0].lower()
    if report not in REPORTS:
        raise InputError(f"{words[0]!r} is not a report to schedule. Use {USAGE}.")
    flags = [w.lower() for w in words[1:]]
    if flags in (["off"], ["stop"], ["remove"]):
        gone = deps.engines.report_unschedule(req.channel, report)
        return build_notice(f"The {post_name(report)} is no longer posted here." if gone else f"No {post_name(report)} was scheduled here.", ":calendar:")
    cadence = next((f for f in flags if f in ("weekly", "monthly")), None)
    unknown = [f for f in flags if f not in ("weekly", "monthly")]
    if unknown:
        raise InputError(f"Report not scheduled: {unknown[0]!r} is not an option. Use {USAGE}.")
    from store.calendar import days_off_text, parse_days

    opts = {k.lower(): v for k, v in _OPTION.findall(rest)}
    days_off = parse_days([opts["skip"]] if opts.get("skip") else [], "skip=")
    try:
        schedule = make_schedule(req.channel, program, report, cadence=cadence, on=opts.get("on"), at=opts.get("at"), tz=opts.get("tz"))
    except ValidationError as exc:
        raise InputError(f"Report not scheduled: {exc.errors()[0]['msg'].removeprefix('Value error, ')}. Use {USAGE}.") from None
    except ValueError as exc:
        raise InputError(f"Report not scheduled: {exc}. Use {USAGE}.") from None
    if days_off:  # one calendar: a skipped date is one of the program's days off, which stand-ups skip too
        deps.engines.add_days_off(program, days_off, f"{report} report skipped")
    deps.engines.report_schedule(schedule)
    saved = next(s for s in deps.engines.report_schedules(req.channel) if s.report == report)
    skipped = f"; not on the program's days off ({days_off_text(saved.days_off)}; see `/compel standup days-off`)" if saved.days_off else ""
    name = deps.engines.program_name(program)
    return build_notice(f"The {post_name(report)} of {name} will be posted here {saved.when}{skipped}.", ":calendar:")


def _listing(deps: SlackDeps, channel: str) -> list[Message]:
    items = deps.engines.report_schedules(channel)
    if not items:
        return build_notice(f"No reports are scheduled here. Use {USAGE}.", ":calendar:")
    lines = [f"the {post_name(s.report)}, {s.when}" for s in items]
    return build_notice("Scheduled here: " + "; ".join(lines) + ".", ":calendar:")
