"""The cadence reports as readable text (terminal, console): sections with nothing in them are left out, no record ids."""

from __future__ import annotations

from bot.reports.model import DebtRegister, IntegrationReview, Line, MilestoneLine, RetroReport, SprintReview, SteeringUpdate, Wait
from bot.oversight.wording import milestone_title, state_word
from bot.reports.sprint import pct
from knowledge.text import plural
from bot.prose import date_text

_RAG = {"red": "RED", "amber": "AMBER", "green": "GREEN"}


def _block(out: list[str], title: str, lines: list[str]) -> None:
    if lines:
        out += ["", title, *(f"  - {line}" for line in lines)]


def _milestone(m: MilestoneLine, *, state: bool = True) -> str:
    when = f"planned {date_text(m.planned)}" if m.planned else "no planned date"
    got = f", reached {date_text(m.actual)}" if m.actual else ""
    if not state:  # under "Milestones missed" or "… due": "…, due (planned 13 Nov)" said it twice
        return f"{m.name}: {milestone_title(m.milestone)}, {when}{got}"
    return f"{m.name}: {milestone_title(m.milestone)}, {state_word(m.state)} ({when}{got})"


def _texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def _head(out: list[str], notice: str | None) -> None:
    if notice:
        out += ["", f"NOTE: {notice}"]


def review_text(r: SprintReview) -> str:
    """The sprint review as text."""
    out = [f"Sprint review · {r.program_name} · sprint {r.sprint} ({date_text(r.start)} to {date_text(r.end, year=True)})" + (", still running" if r.current else "")]
    _head(out, r.notice)
    if not r.committed:
        done = "Nothing was committed for this sprint."
    elif r.current:
        done = f"Completed {r.completed:g} of {r.committed:g} committed points so far ({pct(r.completion)}); the sprint ends {date_text(r.end)}."
    else:
        side = "at or above" if r.completion is not None and r.completion >= r.completion_line else "under"
        done = f"Completed {r.completed:g} of {r.committed:g} committed points ({pct(r.completion)}), {side} the {pct(r.completion_line)} line."
    if r.calibration:
        done += " This is a calibration sprint: the team is still learning what it can deliver."
    out += ["", done]
    share = r.debt
    if share.share is None:
        out.append(f"Debt remediation share: not recorded (budget {pct(share.low)} to {pct(share.high)} of capacity).")
    else:
        out.append(f"Debt remediation took {pct(share.share)} of capacity, {share.verdict} the {pct(share.low)} to {pct(share.high)} budget.")
    _block(out, "Milestones", [_milestone(m) for m in r.milestones])
    if r.demos:
        out += ["", f"Demos: {', '.join(r.demos)}."]
    _block(out, "Debt resolved", _texts(r.debt_resolved))
    _block(out, "Debt added to the register", _texts(r.debt_raised))
    _block(out, "Retro action items due this sprint", _texts(r.actions_due))
    if r.trend_text:
        out += ["", f"Completion trend: {r.trend_text}"]
    return "\n".join(out)


CLI_RETRO = '`compel sprint retro --action "..." --owner ... --due N`'


def retro_text(r: RetroReport, record_with: str | None = CLI_RETRO) -> str:
    """The retrospective as text; `record_with` is how the face it is shown in records an action item (None where
    the face shows its own controls beside the text, as Slack's buttons)."""
    out = [f"Sprint retrospective · {r.program_name} · sprint {r.sprint}"]
    if not r.held:
        how = f"; record one with {record_with}" if record_with else ""
        out += ["", f"No retrospective recorded for sprint {r.sprint} yet{how}."]
    items = [f"{a.number}. {a.text} — {a.owner}, due sprint {a.due_sprint}: {'done' if a.status == 'done' else 'OVERDUE' if a.overdue else 'open'}"
             for a in r.items]
    _block(out, "Action items", items)
    if not r.items:
        out += ["", "No action items recorded."]
    _block(out, "Needs attention", _texts(r.findings))
    if r.debt is not None:
        _debt(out, r.debt)
    return "\n".join(out)


def _wait(w: Wait) -> str:
    since = f" since {date_text(w.since)} ({plural(w.days, 'day')})" if w.since and w.days is not None else ""
    return f"{w.what} waits on {w.on}{since}"


def integration_text(r: IntegrationReview) -> str:
    """The weekly integration review as text."""
    out = [f"Integration review · {r.program_name} · week {date_text(r.start)} to {date_text(r.as_of, year=True)}"]
    _head(out, r.notice)
    total = r.resolved + r.open
    rate = (f"Dependency resolution: {r.resolved} of {plural(total, 'wait')} on other teams cleared ({pct(r.resolution_rate)}); "
            f"{r.resolved_this_week} cleared this week, {r.open} still open.") if total else "No waits on other teams recorded."
    out += ["", rate]
    _block(out, "What moved this week", _texts(r.moved))
    _block(out, "Waiting, longest first", [_wait(w) for w in r.waiting])
    _block(out, "Blockers people report, oldest first", [f"{w.what}: {w.on} (reported since {date_text(w.since)}, {plural(w.days or 0, 'day')})"
                                                         for w in r.blockers if w.since])
    _block(out, "Cross-workstream dependencies", _texts(r.dependencies))
    return "\n".join(out)


def _debt(out: list[str], d: DebtRegister) -> None:
    counts = ", ".join(plural(n, name) for name, n in sorted(d.open_by_category.items(), key=lambda kv: -kv[1])) or "nothing open"
    share = (f"remediation took {pct(d.share.share)} of capacity in the last recorded sprint, {d.share.verdict} the "
             f"{pct(d.share.low)} to {pct(d.share.high)} budget") if d.share.share is not None else "remediation share not recorded"
    out += ["", "Debt register", f"  Open: {counts}; {share}."]
    out += [f"  Now a risk, not debt: {line.text}" for line in d.crossed]
    out += [f"  {line.text}" for line in d.past_plan]


def steering_text(s: SteeringUpdate) -> str:
    """The monthly steering update as text."""
    out = [f"Steering update · {s.program_name} · {date_text(s.start)} to {date_text(s.as_of, year=True)}"]
    _head(out, s.notice)
    out += ["", f"Overall: {_RAG[s.rag]}"]
    for w in s.workstreams:
        was = f" (was {w.before})" if w.before and w.before != w.rag else ""
        out.append(f"  {_RAG[w.rag]:<5} {w.name}{was}")
        out += [f"        - {reason}" for reason in w.reasons]
    _block(out, "Milestones missed", [_milestone(m, state=False) for m in s.milestones_missed])
    _block(out, "Milestones due in the next month", [_milestone(m, state=False) for m in s.milestones_due])
    _block(out, "Decisions needed", [f"{d.text} — {d.who}" + (f" by {date_text(d.by, year=True)}" if d.by else "") + (" (overdue)" if d.overdue else "")
                                     for d in s.decisions])
    _block(out, "Escalations open", _texts(s.escalations))
    _debt(out, s.debt)
    _block(out, "Retro action items overdue", _texts(s.actions_overdue))
    _block(out, "Leading indicators", [f"{i.name}: {i.trend}." for i in s.indicators])
    _block(out, "What changed this month", _texts(s.changes))
    return "\n".join(out)
