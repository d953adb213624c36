"""The weekly integration review (pure): who waits on whom across workstreams, what moved, and how fast waits clear."""

from __future__ import annotations

from datetime import date as Date
from datetime import timedelta

from bot.config import Settings
from bot.oversight.view import ProgramView
from bot.oversight.wording import join_words, milestone_noun
from bot.standup.freshness import freshness
from bot.reports.model import IntegrationReview, Line, Wait
from knowledge.text import plural
from store.models import ProgramData
from bot.prose import date_text

# How far back a reported blocker is followed: older ones are either cleared or escalated already.
BLOCKER_DAYS = 28


def _name(view: ProgramView, node: str) -> str:
    return view.name_of(node)


def _upstream_clear(view: ProgramView, node: str) -> bool:
    """A use case no longer holds others up once none of its milestones is late; a workstream once none of its use cases is."""
    ucs = [view.use_cases[node]] if node in view.use_cases else [u for u in view.data.use_cases if u.workstream == node]
    return not any(view.late_milestones(uc) for uc in ucs)


def dependency_waits(view: ProgramView, as_of: Date) -> tuple[list[Line], list[Wait]]:
    """Every cross-workstream dependency in words, and the blocking ones still waiting (on the upstream's late milestone)."""
    lines, waits = [], []
    for dep in view.data.dependencies:
        up, down = _name(view, dep.upstream), _name(view, dep.downstream)
        clear = _upstream_clear(view, dep.upstream)
        # Said as a whole clause: "cannot move until X (clear)" left the reader to guess what X must do first.
        if dep.kind != "blocks":
            relation = f"{down} takes input from {up}"
        elif clear:
            relation = f"{down} depends on {up}, which is not late"
        else:
            relation = f"{down} is waiting on {up}, which is late"
        what = f": {dep.description.rstrip('.')}" if dep.description else ""
        lines.append(Line(text=f"{relation}{what}.", sources=[dep.id]))
        if dep.kind == "blocks" and not clear:
            late = [ms.planned for uc in ([view.use_cases[dep.upstream]] if dep.upstream in view.use_cases else
                    [u for u in view.data.use_cases if u.workstream == dep.upstream]) for _, ms in view.late_milestones(uc) if ms.planned]
            since = min(late, default=None)
            waits.append(Wait(what=down, on=up, since=since, days=(as_of - since).days if since else None, kind="dependency", sources=[dep.id]))
    return lines, waits


def record_waits(data: ProgramData, as_of: Date) -> tuple[list[Wait], list[tuple[Date, Date | None, str]]]:
    """Open access requests and purchases (waits on other teams), and every such wait as (raised, cleared, id) for the rate."""
    names = {uc.id: uc.name for uc in data.use_cases}
    open_waits, spans = [], []
    for ar in data.access_requests:
        if ar.requested > as_of:
            continue
        cleared = ar.granted if ar.granted and ar.granted <= as_of else None
        spans.append((ar.requested, cleared, ar.id))
        if cleared is None and ar.status != "denied":
            # "X's access to S", not "X (access to S)": a system named with a bracket of its own nested them.
            open_waits.append(Wait(what=f"{names.get(ar.use_case, ar.use_case)}'s access to {ar.system}", on="the system's owners",
                                   since=ar.requested, days=(as_of - ar.requested).days, kind="access", sources=[ar.id]))
    for pr in data.procurement:
        if pr.requested is None or pr.requested > as_of or pr.status == "cancelled":
            continue
        cleared = pr.delivered if pr.delivered and pr.delivered <= as_of else None
        spans.append((pr.requested, cleared, pr.id))
        if cleared is None:
            who = join_words([names.get(b, b) for b in pr.blocking]) or "The program"
            open_waits.append(Wait(what=f"{who} ({pr.item})" if "(" not in pr.item else f"{who}, for {pr.item},", on="purchasing and the supplier", since=pr.requested,
                                   days=(as_of - pr.requested).days, kind="purchase", sources=[pr.id]))
    return open_waits, spans


def reported_blockers(data: ProgramData, as_of: Date, names: dict[str, str] | None = None, updates: list | None = None) -> list[Wait]:
    """Blockers people still report: per use case (or workstream), since the first of an unbroken run of blocked updates.

    The blockers are the ones each update recorded when it was collected: reading every text again is slow on a
    large program and would judge yesterday's words by today's rules.
    """
    names = names if names is not None else {**{w.id: w.name for w in data.workstreams}, **{uc.id: uc.name for uc in data.use_cases}}
    start = as_of - timedelta(days=BLOCKER_DAYS)
    by_key: dict[str, list] = {}
    for u in data.updates if updates is None else updates:
        if start <= u.date <= as_of:
            key = u.use_cases[0] if u.use_cases else (u.workstream or u.author)
            by_key.setdefault(key, []).append(u)
    out = []
    for key, updates in by_key.items():
        run: list = []
        for u in sorted(updates, key=lambda u: (u.date, u.id)):
            run = [*run, u] if u.blockers else []
        if not run:
            continue
        first, latest = run[0], run[-1]
        out.append(Wait(what=names.get(key, key), on=latest.blockers[0].rstrip("."), since=first.date, days=(as_of - first.date).days,
                        kind="blocker", sources=[u.id for u in run]))
    return sorted(out, key=lambda w: -(w.days or 0))


def build_integration(data: ProgramData, as_of: Date, settings: Settings, days: int = 7) -> IntegrationReview:
    """The integration review for the week ending `as_of`."""
    start = as_of - timedelta(days=days - 1)
    upto = data.model_copy(update={"updates": [u for u in data.updates if u.date <= as_of]})
    view = ProgramView(upto, as_of=as_of)
    deps, dep_waits = dependency_waits(view, as_of)
    waits, spans = record_waits(data, as_of)
    moved = []
    for ar in data.access_requests:
        if ar.granted and start <= ar.granted <= as_of:
            moved.append(Line(text=f"Access to {ar.system} granted for {view.name_of(ar.use_case)} after {plural((ar.granted - ar.requested).days, 'day')}.", sources=[ar.id]))
    for pr in data.procurement:
        if pr.delivered and start <= pr.delivered <= as_of:
            moved.append(Line(text=f"{pr.item} delivered.", sources=[pr.id]))
    for uc in data.use_cases:
        for key, ms in uc.milestones.items():
            if ms.status == "met" and ms.actual and start <= ms.actual <= as_of:
                moved.append(Line(text=f"{uc.name} reached its {milestone_noun(key)} on {date_text(ms.actual)}.", sources=[uc.id]))
    resolved = sum(1 for _, cleared, _ in spans if cleared is not None)
    this_week = sum(1 for _, cleared, _ in spans if cleared is not None and start <= cleared <= as_of)
    total = len(spans)
    return IntegrationReview(
        program=data.program.id, program_name=data.program.name, start=start, as_of=as_of,
        notice=freshness(data, as_of, settings.stale_after_days).notice,
        dependencies=deps, moved=moved, waiting=sorted([*dep_waits, *waits], key=lambda w: -(w.days or 0)),
        resolved=resolved, open=total - resolved, resolved_this_week=this_week,
        resolution_rate=resolved / total if total else None,
        blockers=reported_blockers(upto, as_of),
    )


def resolution_rate(data: ProgramData, day: Date) -> float | None:
    """Share of waits on other teams (access, purchases) raised by `day` that had cleared by then."""
    _, spans = record_waits(data, day)
    return sum(1 for _, c, _ in spans if c is not None) / len(spans) if spans else None
