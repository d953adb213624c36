"""`/compel standup [setup|skip|ooo N|summary|when]`: parsed here, run by the stand-up engine, rendered by its builder."""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import datetime, timezone

from pydantic import ValidationError

from bot.engines import AwayRequest, ReplyRequest, SummaryRequest
from bot.errors import InputError
from bot.slack.deps import SlackDeps
from bot.slack.listeners.commands.parse import CommandRequest
from bot.slack.scope import require_program
from bot.slack.views import standup_builder as sb
from bot.slack.views.blocks import actions, button, message, section
from bot.slack.views.common_builder import build_notice
from bot.slack.views.limits import Message
from bot.prose import date_text, time_text
from bot.standup.posts import days_words

SETUP_USAGE = "`/compel standup setup [days=mon-fri] [tz=Europe/Oslo] [prompt=09:30] [summary=16:00] [people=@a,@b]` (admins)"
USAGE = ("`/compel standup` (write your update), `standup update TEXT` (give it in one line), `standup summary [team|sponsor|steering] [YYYY-MM-DD]`, `standup skip [YYYY-MM-DD]`, "
         "`standup ooo N`, `standup when`, `standup days-off [add|remove YYYY-MM-DD …]` (the program's calendar; admins change it), "
         + SETUP_USAGE.replace("/compel ", ""))
_OPTION = re.compile(r"\b(days|tz|prompt|summary|reminder|people|holidays|audience|in)=(\S+)", re.I)
_USER = re.compile(r"@?(U[A-Z0-9]{2,})")


def is_admin_action(arg: str) -> bool:
    """Scheduling a channel's stand-up and changing the program's days off are for admins; everything else is for everyone."""
    words = arg.strip().lower().split()
    return bool(words) and (words[0] == "setup" or (words[0] == "days-off" and len(words) > 1 and words[1] in ("add", "remove")))


def _date(text: str) -> Date:
    try:
        return Date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date; write YYYY-MM-DD.") from None


def run(deps: SlackDeps, req: CommandRequest) -> list[Message]:
    """Route `/compel standup ...` to its action."""
    action, _, rest = req.arg.strip().partition(" ")
    handler = ACTIONS.get(action.lower())
    if handler is None:
        if len(req.arg.split()) >= _UPDATE_WORDS:  # "/compel standup Finished the backtest..." is an update, not an action
            return _update(deps, req, req.arg.strip())
        raise InputError(f"Unknown stand-up action {action!r}. Use {USAGE}.")
    return handler(deps, req, rest.strip())


# An unknown first word followed by this many words is a sentence someone means as their update.
_UPDATE_WORDS = 4


def _update(deps: SlackDeps, req: CommandRequest, rest: str) -> list[Message]:
    """`/compel standup update TEXT`: the update recorded as a reply would be (the console has no modal)."""
    from time import time

    from bot.slack.lookup import author_name
    from bot.standup.schedule import local_day
    from bot.standup.scheduler import utc_now

    if not rest.strip():
        raise InputError("Write the update after the command, e.g. `/compel standup update Finished the data check; next the load test`.")
    program = require_program(deps, req.channel, req.user, req.channel_type)
    schedule = deps.engines.find_schedule(req.channel)
    now = utc_now()
    day = local_day(schedule, now) if schedule is not None else now.date()
    client = deps.extra.get("client")
    author = author_name(client, req.user) if client is not None else req.user
    update = deps.engines.standup_reply(ReplyRequest(channel=req.channel, ts=f"cmd-{time():.6f}", user=req.user, author=author,
                                                     text=rest, day=day, program=program, admin=deps.is_admin(req.user)))
    names = deps.engines.record_names(program)
    where = ", ".join(names.get(u, u) for u in update.use_cases) or names.get(update.workstream or "", "no use case named")
    blockers = f"; {len(update.blockers)} blocker noted" if len(update.blockers) == 1 else (f"; {len(update.blockers)} blockers noted" if update.blockers else "")
    return build_notice(f"Stand-up update recorded for {date_text(day, weekday=True)} ({where}{blockers}). It will be in today's summary "
                        "(`/compel standup summary`).", ":white_check_mark:")


def _write(deps: SlackDeps, req: CommandRequest, rest: str) -> list[Message]:
    program = require_program(deps, req.channel, req.user, req.channel_type)
    blocks = [section("Write today's stand-up update: what you finished, what is next, what blocks you. "
                      "Or give it in one line: `/compel standup update Finished the data check; next the load test`."),
              actions(button("Write my update", "standup_open", f"{req.channel}|{program}", style="primary"))]
    return message(blocks, "Write today's stand-up update.")


def _summary(deps: SlackDeps, req: CommandRequest, rest: str) -> list[Message]:
    program = require_program(deps, req.channel, req.user, req.channel_type)
    audience, day = "team", None
    for word in rest.split():
        if word.lower() in ("team", "sponsor", "steering"):
            audience = word.lower()
        else:
            day = _date(word)
    channel = req.channel if deps.engines.find_schedule(req.channel) is not None else None
    return sb.build_summary(deps.engines.standup_summary(SummaryRequest(program=program, day=day, audience=audience, channel=channel)))


def _skip(deps: SlackDeps, req: CommandRequest, rest: str) -> list[Message]:
    item = deps.engines.standup_away(AwayRequest(channel=req.channel, user=req.user, start=_date(rest) if rest else None))
    return build_notice(f"You skip the stand-up on {date_text(item.start, weekday=True)}: no reminder, and you are not listed as missing.", ":palm_tree:")


def _ooo(deps: SlackDeps, req: CommandRequest, rest: str) -> list[Message]:
    if not rest.split() or not rest.split()[0].isdigit():
        raise InputError("Say for how many stand-up days you are away, e.g. `/compel standup ooo 3`.")
    item = deps.engines.standup_away(AwayRequest(channel=req.channel, user=req.user, days=int(rest.split()[0])))
    return build_notice(f"You are away from the stand-up from {date_text(item.start, weekday=True)} to {date_text(item.end, weekday=True)}.", ":palm_tree:")


def _when(deps: SlackDeps, req: CommandRequest, rest: str) -> list[Message]:
    from bot.standup.schedule import next_posts

    schedule = deps.engines.schedule(req.channel)
    nxt = next_posts(schedule, datetime.now(timezone.utc))
    when = f"{time_text(nxt.prompt.astimezone(schedule.zone))} ({schedule.timezone})" if nxt.prompt else "not scheduled"
    return build_notice(f"Next stand-up prompt: {when}; summary at {schedule.summary_at:%H:%M}.", ":calendar:")


def _setup(deps: SlackDeps, req: CommandRequest, rest: str) -> list[Message]:
    from bot.standup.schedule import Schedule, parse_days
    from store.calendar import parse_days as parse_dates

    program = require_program(deps, req.channel, req.user, req.channel_type)
    opts = {k.lower(): v for k, v in _OPTION.findall(rest)}
    values: dict = {"channel": req.channel, "program": program}
    try:
        if "days" in opts:
            values["days"] = parse_days(opts["days"])
        if "tz" in opts:
            values["timezone"] = opts["tz"]
        for key, field in (("prompt", "prompt_at"), ("summary", "summary_at")):
            if key in opts:
                values[field] = datetime.strptime(opts[key], "%H:%M").time()
        if "reminder" in opts:
            values["reminder_before"] = int(opts["reminder"])
        if "people" in opts:
            values["participants"] = _USER.findall(opts["people"])
        days_off = parse_dates([opts["holidays"]], "holidays=") if "holidays" in opts else []
        if "audience" in opts:
            values["audience"] = opts["audience"].lower()
        if "in" in opts:
            values["summary_in"] = opts["in"].lower()
        schedule = Schedule(**values)
    except ValidationError as exc:
        raise InputError(f"Stand-up not scheduled: {exc.errors()[0]['msg'].removeprefix('Value error, ')}. Usage: {SETUP_USAGE}") from None
    except ValueError as exc:
        raise InputError(f"Stand-up not scheduled: {exc}. Usage: {SETUP_USAGE}") from None
    if days_off:  # one calendar per program: the days off hold for its reports too
        deps.engines.add_days_off(program, days_off, "stand-up holiday")
    deps.engines.standup_setup(schedule)
    # Plain Slack ids: build_notice escapes its text and the last guard before posting defuses mentions, so
    # <@U…> markup would show as literal &lt;@U…&gt; (and a confirmation should not ping people anyway).
    people = ", ".join(schedule.participants) or "nobody yet (add people=@a,@b)"
    return build_notice(
        f"Stand-up scheduled here for {deps.engines.program_name(program)}: {days_words(schedule.days)}, prompt {schedule.prompt_at:%H:%M}, "
        f"summary {schedule.summary_at:%H:%M} ({schedule.timezone}). Participants: {people}.", ":calendar:")


def _days_off(deps: SlackDeps, req: CommandRequest, rest: str) -> list[Message]:
    """`standup days-off`, `… add DATE [DATE …] [note=…]`, `… remove DATE …`: the program's calendar."""
    from store.calendar import parse_days as parse_dates

    program = require_program(deps, req.channel, req.user, req.channel_type)
    verb, _, dates = rest.partition(" ")
    verb = verb.lower()
    if verb in ("", "list"):
        _, days = deps.engines.days_off(program)
        return build_notice(_days_text(days), ":calendar:")
    if verb not in ("add", "remove"):
        raise InputError(f"{verb!r} is not a days-off action; use `/compel standup days-off`, `… add YYYY-MM-DD` or `… remove YYYY-MM-DD`.")
    note = ""
    if "note=" in dates:
        dates, _, note = dates.partition("note=")
    days = parse_dates(dates.split())
    if not days:
        raise InputError(f"Give the dates to {verb}, e.g. `/compel standup days-off {verb} 2026-12-24 2026-12-31`.")
    if verb == "add":
        _, left = deps.engines.add_days_off(program, days, note.strip())
        head = f"Added {_dates(days)} to the days off."
    else:
        _, absent, left = deps.engines.remove_days_off(program, days)
        gone = [d for d in days if d not in absent]
        head = (f"Removed {_dates(gone)} from the days off." if gone else "") + (f" Not days off already: {_dates(absent)}." if absent else "")
    return build_notice(f"{head.strip()} {_days_text(left)}", ":calendar:")


def _dates(days) -> str:
    from bot.oversight.wording import join_words

    return join_words([f"{date_text(d, year=True, weekday=True)}" for d in days])


def _days_text(days) -> str:
    if not days:
        return "The program has no days off; an admin adds one with `/compel standup days-off add YYYY-MM-DD`."
    listed = "; ".join(f"{date_text(d.day, year=True, weekday=True)}" + (f" ({d.note})" if d.note else "") for d in days)
    return f"Days off (no stand-up, reminder or scheduled report): {listed}."


ACTIONS = {"": _write, "write": _write, "update": _update, "summary": _summary, "skip": _skip, "ooo": _ooo, "when": _when, "setup": _setup, "days-off": _days_off}
