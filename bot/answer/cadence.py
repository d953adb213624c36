"""The program's cadence as its schedules hold it: when the next stand-up, integration review, steering update or sprint
end (its review and retrospective) is, and what falls in a week, each line cited to the schedule or record it rests on.

Which of those a question asks about is read from the events' own names ("stand-up", "steering", "retro"); the topic
itself is chosen by meaning (bot/answer/intents.yaml, `cadence`). Nothing scheduled is said as such, with the command
that schedules it. Dates are read against the real clock in the schedule's own time zone: the schedulers post by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime, timedelta

from bot.answer.claims import Claim, RecordRef
from bot.oversight.sources import cite
from bot.prose import date_text
from bot.standup.cadence import ReportSchedule, is_report_day, next_report
from bot.standup.schedule import WEEKDAYS, Schedule, next_posts

EVENTS = ("standup", "integration", "steering", "sprint")
# The events' own names, as people write them (whole words; the question is already about the cadence).
_WORDS: dict[str, tuple[str, ...]] = {
    "standup": ("stand up", "standup", "stand ups", "standups", "daily", "dailies", "scrum", "check in", "huddle"),
    "integration": ("integration", "integrations", "dependency review", "weekly review"),
    "steering": ("steering", "steerco", "steer co", "sponsor", "sponsors", "monthly update", "monthly report"),
    "sprint": ("sprint", "sprints", "retro", "retros", "retrospective", "retrospectives", "demo", "demos", "showcase",
               "iteration"),
}
_EVENT_NAME = {"standup": "stand-up", "integration": "integration review", "steering": "steering update", "sprint": "sprint end"}
_PLAIN_REVIEW = re.compile(r"\breview\b")  # "the next review" with no other name: the sprint review


@dataclass
class Schedules:
    """What one program has scheduled: its stand-ups, its reports, and its calendar of days off."""

    standups: list[Schedule] = field(default_factory=list)
    reports: list[ReportSchedule] = field(default_factory=list)
    days_off: list = field(default_factory=list)  # store.calendar.DayOff, in date order


def _low(question: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", question.lower().replace("’", "'")))


def asked_events(question: str) -> list[str]:
    """The events a question names, in EVENTS order; none named means all of them."""
    low = _low(question)
    found = [e for e in EVENTS if any(re.search(rf"\b{re.escape(w)}\b", low) for w in _WORDS[e])]
    if not found and _PLAIN_REVIEW.search(low):
        found = ["sprint"]
    return found or list(EVENTS)


def asked_window(question: str, today: Date) -> tuple[Date, Date, str] | None:
    """The days a question asks about ('this week', 'next week', 'today', 'tomorrow'), both ends included, and how to
    say them; None when it asks for the next occurrence."""
    low = _low(question)
    monday = today - timedelta(days=today.weekday())
    if re.search(r"\bnext week\b", low):
        return monday + timedelta(days=7), monday + timedelta(days=13), "next week"
    if re.search(r"\b(?:this|the) week\b|\bweek ahead\b|\brest of the week\b", low):
        return today, monday + timedelta(days=6), "this week"
    if re.search(r"\btomorrow\b", low):
        return today + timedelta(days=1), today + timedelta(days=1), "tomorrow"
    if re.search(r"\btoday\b|\btonight\b", low):
        return today, today, "today"
    return None


def _days_text(days: list[str]) -> str:
    """['mon', ..., 'fri'] -> 'Mon-Fri'; ['mon', 'wed'] -> 'Mon and Wed'."""
    idx = sorted(WEEKDAYS.index(d) for d in days)
    names = [WEEKDAYS[i].capitalize() for i in idx]
    if len(idx) > 2 and idx == list(range(idx[0], idx[-1] + 1)):
        return f"{names[0]}–{names[-1]}"
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def _when(moment: datetime, zone: str) -> str:
    """'Thu 3 Dec 2026 at 09:30 (Europe/Oslo)' for an instant, in the schedule's own zone."""
    return f"{date_text(moment.date(), year=True, weekday=True)} at {moment:%H:%M} ({zone})"


def standup_ref(s: Schedule) -> RecordRef:
    return RecordRef("standup_schedule", s.channel, f"Stand-up in {s.channel}: {_days_text(s.days)}, prompt {s.prompt_at:%H:%M}, "
                                                    f"summary {s.summary_at:%H:%M} ({s.timezone}).")


def report_ref(s: ReportSchedule) -> RecordRef:
    return RecordRef("report_schedule", f"{s.channel}/{s.report}", f"The {_REPORT_NAME[s.report]} in {s.channel}, {s.when}.")


_REPORT_NAME = {"integration": "weekly integration review", "steering": "monthly steering update"}


def _day_off_refs(days_off: list, days: list[Date]) -> list[RecordRef]:
    notes = {d.day: d.note for d in days_off}
    return [RecordRef("day_off", d.isoformat(), f"Day off {date_text(d, year=True)}" + (f": {notes[d]}." if notes.get(d) else "."))
            for d in days]


def _skipped(days_off: list, start: Date, end: Date, falls_on) -> list[Date]:
    """The program's days off from start to before end on which the event would otherwise have fallen."""
    return [d.day for d in days_off if start <= d.day < end and falls_on(d.day)]


def _skip_note(days: list[Date]) -> str:
    if not days:
        return ""
    named = [date_text(d, weekday=True) for d in days[:3]] + ([f"{len(days) - 3} more"] if len(days) > 3 else [])
    said = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
    return f" ({said} {'is a day' if len(days) == 1 else 'are days'} off in the program calendar, so skipped)"


def _setup_standup(pid: str) -> str:
    return f"`compel standup setup --channel <channel id> --program {pid}`"


def _setup_report(report: str, pid: str) -> str:
    return f"`compel report schedule {report} --channel <channel id> --program {pid}`"


# --- the next occurrence ---------------------------------------------------------------------------------------------
def next_standups(name: str, pid: str, sched: Schedules, now: datetime) -> list[Claim]:
    if not sched.standups:
        return [Claim(f"No stand-up is scheduled for {name}; schedule one with {_setup_standup(pid)}.", bok=[cite("sprint_cadence")])]
    upcoming = []
    for s in sched.standups:
        nxt = next_posts(s, now)
        upcoming.append((nxt.prompt, s, nxt))
    claims = []
    for prompt, s, nxt in sorted(upcoming, key=lambda x: (x[0] is None, x[0] or now, x[1].channel)):
        if prompt is None:
            claims.append(Claim(f"The stand-up in channel {s.channel} has no day left to run within a year: every "
                                f"{_days_text(s.days)} is a day off in the program calendar.", [standup_ref(s)]))
            continue
        local = prompt.astimezone(s.zone)
        today = now.astimezone(s.zone).date()
        skipped = _skipped(sched.days_off, today, local.date(), lambda d, s=s: WEEKDAYS[d.weekday()] in s.days)
        lead = "The next stand-up" if len(claims) == 0 else "The next one"
        claims.append(Claim(f"{lead} is on {_when(local, s.timezone)} in channel {s.channel}: the prompt is posted then and the "
                            f"summary at {s.summary_at:%H:%M}{_skip_note(skipped)}; it runs {_days_text(s.days)}.",
                            [standup_ref(s), *_day_off_refs(sched.days_off, skipped)], [cite("sprint_cadence")]))
    return claims


def next_reports(report: str, name: str, pid: str, sched: Schedules, now: datetime) -> list[Claim]:
    mine = [s for s in sched.reports if s.report == report]
    what = _REPORT_NAME[report]
    if not mine:
        return [Claim(f"No {what} is scheduled for {name}; schedule it with {_setup_report(report, pid)}.", bok=[cite("sprint_cadence")])]
    claims = []
    found = [(next_report(s, now), s) for s in mine]
    for due, s in sorted(found, key=lambda x: (x[0] is None, x[0] or now, x[1].channel)):
        if due is None:
            claims.append(Claim(f"The {what} in channel {s.channel} has no day left within a year: each falls on a day off "
                                f"in the program calendar.", [report_ref(s)]))
            continue
        local = due.astimezone(s.zone)
        today = now.astimezone(s.zone).date()
        plain = s.model_copy(update={"days_off": frozenset()})
        skipped = _skipped(sched.days_off, today, local.date(), lambda d, p=plain: is_report_day(p, d))
        lead = f"The next {what}" if not claims else "The next one"
        claims.append(Claim(f"{lead} is due on {_when(local, s.timezone)}, posted in channel {s.channel}{_skip_note(skipped)}; "
                            f"it is scheduled {s.when.rsplit(' at ', 1)[0]}.",
                            [report_ref(s), *_day_off_refs(sched.days_off, skipped)], [cite("sprint_cadence")]))
    return claims


def next_sprint(ctx, today: Date, question: str) -> list[Claim]:
    """The running (or next) sprint's end, where its review and retrospective fall, from the sprint records."""
    d = ctx.data
    which = _ceremony(question)
    name, pid = d.program.name, d.program.id
    if not d.sprints:
        return [Claim(f"The records of {name} hold no sprint dates, so no sprint {which} can be placed; add the sprints to "
                      f"the program file and load it with `compel records import <file>`.")]
    ahead = sorted((s for s in d.sprints if s.end >= today), key=lambda s: s.end)
    if not ahead:
        last = max(d.sprints, key=lambda s: s.end)
        return [Claim(f"The records of {name} hold no sprint running on or after {date_text(today, year=True)}: the latest, "
                      f"sprint {last.number}, ended on {date_text(last.end, year=True, weekday=True)}, its {which} due then. "
                      f"Add the next sprint's dates to the program file and load it with `compel records import <file>`; "
                      f"`compel sprint review` and `compel sprint retro --program {pid}` run the ceremonies when you hold them.",
                      [ctx.ref("sprint", str(last.number))], [cite("sprint_cadence")])]
    s = ahead[0]
    running = s.start <= today
    state = f"runs from {date_text(s.start)} to" if running else f"is the next, from {date_text(s.start)} to"
    claims = [Claim(f"Sprint {s.number} {state} {date_text(s.end, year=True, weekday=True)}: its {which} "
                    f"{'falls' if which.endswith('retrospective') else 'fall'} at its end.",
                    [ctx.ref("sprint", str(s.number))], [cite("sprint_cadence")])]
    if len(ahead) > 1:
        n = ahead[1]
        claims.append(Claim(f"After it, sprint {n.number} ends on {date_text(n.end, year=True, weekday=True)}.", [ctx.ref("sprint", str(n.number))]))
    return claims


def _ceremony(question: str) -> str:
    low = _low(question)
    retro = bool(re.search(r"\bretro(?:spective)?s?\b", low))
    review = bool(re.search(r"\b(?:review|demo|showcase)s?\b", low))
    if retro and not review:
        return "retrospective"
    if review and not retro:
        return "review"
    return "review and retrospective"


# --- a window of days ------------------------------------------------------------------------------------------------
def window(ctx, sched: Schedules, events: list[str], start: Date, end: Date, said: str, now: datetime) -> list[Claim]:
    """Everything asked about that falls from start to end, in date order, with the days off in it."""
    d = ctx.data
    name, pid = d.program.name, d.program.id
    rows: list[tuple[Date, str, Claim]] = []
    if "standup" in events:
        for s in sched.standups:
            days = [x for x in _span(start, end) if WEEKDAYS[x.weekday()] in s.days and x not in s.days_off]
            if days:
                rows.append((days[0], s.channel, Claim(f"Stand-ups in channel {s.channel} on {_dates(days)}, prompt at "
                                                        f"{s.prompt_at:%H:%M} and summary at {s.summary_at:%H:%M} ({s.timezone}).",
                                                        [standup_ref(s)], item=True)))
    for report in ("integration", "steering"):
        if report not in events:
            continue
        for s in (x for x in sched.reports if x.report == report):
            for x in _span(start, end):
                if is_report_day(s, x):
                    at = datetime.combine(x, s.at)
                    rows.append((x, s.channel, Claim(f"The {_REPORT_NAME[report]} on {date_text(x, weekday=True)} at {at:%H:%M} "
                                                      f"({s.timezone}) in channel {s.channel}.", [report_ref(s)], item=True)))
    if "sprint" in events:
        for sp in d.sprints:
            if start <= sp.end <= end:
                rows.append((sp.end, "", Claim(f"Sprint {sp.number} ends on {date_text(sp.end, weekday=True)}: its review and "
                                               f"retrospective.", [ctx.ref("sprint", str(sp.number))], item=True)))
    off = [x for x in sched.days_off if start <= x.day <= end]
    span = date_text(start, year=True) if start == end else f"{date_text(start)} to {date_text(end, year=True)}"
    claims: list[Claim] = []
    if rows:
        claims.append(Claim(f"Scheduled for {name} {said} ({span}):", bok=[cite("sprint_cadence")]))
        claims += [c for _, _, c in sorted(rows, key=lambda r: (r[0], r[1]))]
    else:
        what = "Nothing" if events == list(EVENTS) else "No " + " or ".join(_EVENT_NAME[e] for e in events)
        claims.append(Claim(f"{what} is scheduled for {name} {said} ({span}).", bok=[cite("sprint_cadence")]))
    if off:
        claims.append(Claim(f"Days off in the program calendar {said}: {_dates([x.day for x in off])}.",
                            _day_off_refs(sched.days_off, [x.day for x in off])))
    if not rows and events != list(EVENTS):  # "is there a stand-up tomorrow?": no, and when the next one is
        claims += [c for e in events for c in _next(ctx, sched, e, now)]
        return claims
    claims += _missing(name, pid, sched, events)
    return claims


def _missing(name: str, pid: str, sched: Schedules, events: list[str]) -> list[Claim]:
    """What is asked about but not scheduled at all, with the command that schedules it."""
    out = []
    if "standup" in events and not sched.standups:
        out.append(Claim(f"No stand-up is scheduled for {name}; schedule one with {_setup_standup(pid)}."))
    for report in ("integration", "steering"):
        if report in events and not any(s.report == report for s in sched.reports):
            out.append(Claim(f"No {_REPORT_NAME[report]} is scheduled; schedule it with {_setup_report(report, pid)}."))
    return out


def _span(start: Date, end: Date) -> list[Date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _dates(days: list[Date]) -> str:
    named = [date_text(d, weekday=True) for d in days]
    return ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]


# --- the topic -------------------------------------------------------------------------------------------------------
def cadence(ctx, sched: Schedules, now: datetime) -> list[Claim]:
    """The answer to a cadence question: the next occurrence of each event asked about, or what falls in the days asked."""
    question = ctx.question
    d = ctx.data
    zone = next((s.zone for s in [*sched.standups, *sched.reports]), None)
    today = now.astimezone(zone).date() if zone else now.date()
    events = asked_events(question)
    days = asked_window(question, today)
    if days is not None:
        return window(ctx, sched, events, *days, now)
    return [c for event in events for c in _next(ctx, sched, event, now)]


def _next(ctx, sched: Schedules, event: str, now: datetime) -> list[Claim]:
    """The next occurrence of one event, or that none is scheduled and how to schedule it."""
    d = ctx.data
    name, pid = d.program.name, d.program.id
    if event == "standup":
        return next_standups(name, pid, sched, now)
    if event == "sprint":
        zone = next((s.zone for s in [*sched.standups, *sched.reports]), None)
        return next_sprint(ctx, now.astimezone(zone).date() if zone else now.date(), ctx.question)
    return next_reports(event, name, pid, sched, now)
