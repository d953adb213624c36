"""The monthly steering update (pure): status with reasons, milestones, decisions, escalations, debt, indicators, changes."""

from __future__ import annotations

from collections import Counter
from datetime import date as Date
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.oversight.engine import evaluate
from bot.oversight.status import program_status
from bot.oversight.view import MILESTONE_LABELS, ProgramView
from bot.oversight.wording import in_sentence, milestone_noun
from bot.standup.freshness import freshness
from bot.reports.integration import BLOCKER_DAYS, reported_blockers, resolution_rate
from bot.reports.history import records_as_of
from bot.reports.model import Band, DebtRegister, DecisionLine, Indicator, Line, MilestoneLine, SprintPoint, SteeringUpdate, WorkstreamRag
from bot.reports.sprint import pct, sprint_at
from bot.standup.summary import AudienceWords
from knowledge.text import plural
from store.models import ProgramData
from bot.prose import date_text

if TYPE_CHECKING:
    from knowledge.glossary import Glossary

_RAG_ORDER = {"green": 0, "amber": 1, "red": 2}
_CATEGORY = {"debt": "technical debt item", "operational_risk": "operational risk", "compliance_violation": "compliance violation"}
# Rules whose findings mean a register item is a risk or a breach now, not debt to schedule.
_CROSSED_RULES = ("operational_risk", "compliance_violation")


def _addressee(to: str) -> str:
    """Whom an escalation went to, mid-sentence: a name as written ('Priya Raman'), a role with its article ('the steering committee')."""
    words = to.split()
    if all(w[:1].isupper() for w in words) or to.lower().startswith(("the ", "a ", "an ")):
        return to
    return f"the {in_sentence(to)}"

def _upto(data: ProgramData, day: Date) -> ProgramData:
    return data.model_copy(update={"updates": [u for u in data.updates if u.date <= day]})


def _judge(data: ProgramData, day: Date, settings: Settings, like: ProgramView | None = None):
    view = ProgramView(_upto(data, day), as_of=day)
    if like is not None and like.as_of >= day:
        # The earliest progress claim per sprint up to an earlier day is the later view's, where it falls by then:
        # derived, not regrouped from every update again (the slowest index on a large program).
        view.__dict__["progress_claims"] = {uc: kept for uc, per in like.progress_claims.items()
                                            if (kept := {n: u for n, u in per.items() if u.date <= day})}
    found = evaluate(view, settings)
    return view, found, program_status(view, found)


def _trend(values: list[tuple[int, float | None]], unit: str, better: str) -> str:
    known = [(s, v) for s, v in values if v is not None]
    if len(known) < 2:
        return "not enough sprints yet for a trend"
    (s0, first), (s1, last) = known[0], known[-1]
    step = 0.02 if unit == "percent" else 0.5
    shown = (lambda v: pct(v)) if unit == "percent" else (lambda v: f"{v:.0f} days")
    if abs(last - first) <= step:
        return f"steady at about {shown(last)} (sprints {s0} to {s1})"
    up = last > first
    good = up == (better == "up")
    return f"{'up' if up else 'down'} from {shown(first)} to {shown(last)} (sprints {s0} to {s1}), {'improving' if good else 'worsening'}"


def indicators(data: ProgramData, current: int, as_of: Date, sprints: int = 4) -> tuple[list[Indicator], list[SprintPoint]]:
    """Completion, dependency resolution, blocker age and stand-up participation over the last sprints."""
    ordered = [s for s in sorted(data.sprints, key=lambda s: s.number) if s.number <= current][-sprints:]
    names = {**{w.id: w.name for w in data.workstreams}, **{uc.id: uc.name for uc in data.use_cases}}
    # Only the updates the last sprints' blocker runs can reach: one pass over the program, not one per sprint.
    first = ordered[0].start - timedelta(days=BLOCKER_DAYS) if ordered else as_of
    recent = []
    authors_by_sprint: dict[int, set[str]] = {}
    for u in data.updates:
        if u.sprint is not None:
            authors_by_sprint.setdefault(u.sprint, set()).add(u.author)
        if first <= u.date <= as_of:
            recent.append(u)
    points = []
    for s in ordered:
        end = min(s.end, as_of)
        running = s.end > as_of  # what a running sprint has finished so far is no point of a trend
        seen = set().union(*(a for n, a in authors_by_sprint.items() if n <= s.number)) if authors_by_sprint else set()
        ages = [w.days for w in reported_blockers(data, end, names, recent) if w.days is not None]
        points.append(SprintPoint(
            sprint=s.number, committed=s.committed, completed=s.completed, completion=None if running else s.completion,
            debt_share=s.debt_capacity_share,
            dependency_resolution=resolution_rate(data, end), blocker_age_days=sum(ages) / len(ages) if ages else 0.0,
            participation=len(authors_by_sprint.get(s.number, set())) / len(seen) if seen else None,
        ))
    specs = [("Sprint completion", "completion", "percent", "up"), ("Dependency resolution rate", "dependency_resolution", "percent", "up"),
             ("Average age of reported blockers", "blocker_age_days", "days", "down"),
             ("Stand-up participation", "participation", "percent", "up")]
    out = []
    for name, field, unit, better in specs:
        values = [(p.sprint, getattr(p, field)) for p in points]
        out.append(Indicator(name=name, values=values, unit=unit, trend=_trend(values, unit, better)))  # type: ignore[arg-type]
    return out, points


def debt_register(data: ProgramData, as_of: Date, settings: Settings, words: AudienceWords, found: list | None = None,
                  view: ProgramView | None = None) -> DebtRegister:
    """The register as steering and the retro review it: open items by category, remediation share, risks, overdue plans."""
    found = found or []
    view = view or ProgramView(data, as_of=as_of)
    now_sprint = sprint_at(data, as_of)
    current = now_sprint.number if now_sprint else data.program.current_sprint
    open_debt = [d for d in data.debt if d.status == "open" and (d.raised is None or d.raised <= as_of)]
    shares = [s for s in sorted(data.sprints, key=lambda s: s.number) if s.debt_capacity_share is not None and s.number <= current]
    crossed = [Line(text=words.text(f"{d.description} ({_CATEGORY[d.category]}): {d.risk_implication or 'a risk now, not debt'}"), sources=[d.id])
               for d in open_debt if d.category != "debt"]
    listed = {s for line in crossed for s in line.sources}
    for f in found:
        if f.rule in _CROSSED_RULES and not any(e.id in listed for e in f.evidence):
            name, said = f.subject_name or view.name_of(f.subject), f.explanation.split(". ")[0].rstrip(".")
            crossed.append(Line(text=words.text(said if said.startswith(name) else f"{name}: {said}") + ".",
                                sources=[f"{f.rule}:{f.subject}"]))
    past = [Line(text=(f"Past its plan: {words.text(d.description)} (planned for sprint {d.planned_sprint})" if d.planned_sprint is not None
                       else f"No remediation plan: {words.text(d.description)}"),
                 sources=[d.id]) for d in open_debt if d.category == "debt" and (d.planned_sprint is None or d.planned_sprint < current)]
    debt = DebtRegister(open_by_category={_CATEGORY[c]: n for c, n in Counter(d.category for d in open_debt).items()},
                        share=Band(share=shares[-1].debt_capacity_share if shares else None, low=settings.debt_budget_min, high=settings.debt_budget_max),
                        crossed=crossed, past_plan=past)
    return debt


def build_steering(data: ProgramData, as_of: Date, settings: Settings, *, glossary: "Glossary | None" = None, days: int = 30,
                   history: bool = False) -> SteeringUpdate:
    """The steering update for the month ending `as_of`; `history` adds each workstream's status at each sprint's end (for the chart)."""
    start = as_of - timedelta(days=days - 1)
    words = AudienceWords(data, "steering", glossary)
    view, found, status = _judge(data, as_of, settings)
    _, before_found, before = _judge(data, start - timedelta(days=1), settings, like=view)
    before_rag = {w.id: w.rag for w in before.workstreams}
    workstreams = [WorkstreamRag(name=w.name, rag=w.rag, reasons=[words.label(r) for r in w.reasons], before=before_rag.get(w.id))
                   for w in status.workstreams]
    rag = max((w.rag for w in workstreams), key=_RAG_ORDER.__getitem__, default="green")

    missed, due = [], []
    for uc in data.use_cases:
        late = {k for k, _ in view.late_milestones(uc)}
        for key, ms in uc.milestones.items():
            line = dict(use_case=uc.id, name=uc.name, milestone=MILESTONE_LABELS[key], planned=ms.planned)
            if key in late:
                missed.append(MilestoneLine(**line, state="missed"))
            elif ms.status != "met" and ms.planned and as_of <= ms.planned <= as_of + timedelta(days=days):
                due.append(MilestoneLine(**line, state="due"))
    missed.sort(key=lambda m: (m.planned or Date.max, m.name))
    due.sort(key=lambda m: (m.planned or Date.max, m.name))

    decisions = [DecisionLine(text=words.text(d.question), who=words.who(d.owner), by=d.deadline, overdue=bool(d.deadline and d.deadline < as_of),
                              sources=[d.id]) for d in sorted((d for d in data.decisions if d.status == "open"), key=lambda d: (d.deadline or Date.max, d.id))]
    escalations = [Line(text=words.text(f"{e.subject}: escalated to {_addressee(e.to)} on {date_text(e.raised, year=True)}, open "
                                        f"{plural((as_of - e.raised).days, 'day')}"), sources=[e.id])
                   for e in data.escalations if e.status == "open" and e.raised <= as_of]

    now_sprint = sprint_at(data, as_of)
    current = now_sprint.number if now_sprint else data.program.current_sprint
    debt = debt_register(data, as_of, settings, words, found, view)

    inds, points = indicators(data, current, as_of)
    if history:
        for p in points:
            end = next(s.end for s in data.sprints if s.number == p.sprint)
            then = min(end, as_of)  # each sprint judged on the records dated up to its end, so the chart shows history
            _, _, st = _judge(records_as_of(data, then), then, settings, like=view)
            p.rag = {w.name: w.rag for w in st.workstreams}

    changes = []
    for w in workstreams:
        if w.before and w.before != w.rag:
            changes.append(Line(text=f"{w.name} went from {w.before} to {w.rag}.", sources=[]))
    old = {(f.rule, f.subject) for f in before_found}
    for f in found:
        if (f.rule, f.subject) not in old:
            changes.append(Line(text=words.label(f"New signal on {f.subject_name or view.name_of(f.subject)}: {in_sentence(f.title)}."), sources=[f"{f.rule}:{f.subject}"]))
    now_keys = {(f.rule, f.subject) for f in found}
    for f in before_found:
        if (f.rule, f.subject) not in now_keys:
            changes.append(Line(text=words.label(f"Cleared on {f.subject_name or view.name_of(f.subject)}: {in_sentence(f.title)}."), sources=[f"{f.rule}:{f.subject}"]))
    for uc in data.use_cases:
        for key, ms in uc.milestones.items():
            if ms.status == "met" and ms.actual and start <= ms.actual <= as_of:
                changes.append(Line(text=f"{uc.name} reached its {milestone_noun(key)} on {date_text(ms.actual)}.", sources=[uc.id]))

    return SteeringUpdate(
        program=data.program.id, program_name=data.program.name, start=start, as_of=as_of,
        notice=freshness(data, as_of, settings.stale_after_days).notice, rag=rag, workstreams=workstreams,
        milestones_missed=missed, milestones_due=due, decisions=decisions, escalations=escalations, debt=debt,
        indicators=inds, changes=changes, trend=points,
    )
