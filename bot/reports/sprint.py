"""The sprint review and the retrospective (pure): sprint records, milestones, debt and action items -> result models."""

from __future__ import annotations

from datetime import date as Date

from bot.config import Settings
from bot.errors import InputError
from bot.oversight.view import MILESTONE_LABELS
from bot.standup.freshness import freshness
from bot.reports.model import ActionLine, Band, Line, MilestoneLine, RetroReport, SprintPoint, SprintReview
from bot.reports.store import ActionItem, Retro
from knowledge.text import plural
from store.models import ProgramData, Sprint
from bot.prose import date_text, percent


def pct(share: float | None) -> str:
    """0.814 -> '81%'; None -> 'not recorded'."""
    return "not recorded" if share is None else percent(share)


def sprint_at(data: ProgramData, day: Date) -> Sprint | None:
    """The sprint running on a day, else the last one ended before it."""
    ordered = sorted(data.sprints, key=lambda s: s.start)
    running = [s for s in ordered if s.start <= day <= s.end]
    if running:
        return running[0]
    ended = [s for s in ordered if s.end < day]
    return ended[-1] if ended else None


def pick_sprint(data: ProgramData, number: int | None, as_of: Date) -> Sprint:
    """The sprint asked for, else the one running on `as_of`; a clear error when there is none."""
    known = {s.number: s for s in data.sprints}
    if number is not None:
        if number not in known:
            listed = ", ".join(str(n) for n in sorted(known)) or "none"
            raise InputError(f"Sprint {number} is not in {data.program.name}'s records (sprints: {listed}); give one of those.")
        return known[number]
    found = sprint_at(data, as_of)
    if found is None:
        raise InputError(f"No sprint of {data.program.name} has started by {date_text(as_of, year=True)}; import its sprints or give a later --as-of.")
    return found


def milestone_lines(data: ProgramData, start: Date, end: Date, as_of: Date) -> list[MilestoneLine]:
    """Milestones planned or reached between start and end: met, met late, missed (past planned, not met) or still due."""
    out = []
    for uc in data.use_cases:
        for key, ms in uc.milestones.items():
            planned_in = ms.planned is not None and start <= ms.planned <= end
            met_in = ms.status == "met" and ms.actual is not None and start <= ms.actual <= end
            if not (planned_in or met_in):
                continue
            if ms.status == "met" and ms.actual is not None and ms.actual <= as_of:
                state = "met late" if ms.planned and ms.actual > ms.planned else "met"
            elif ms.status == "missed" or (ms.planned is not None and ms.planned < as_of):
                state = "missed"
            else:
                state = "due"
            out.append(MilestoneLine(use_case=uc.id, name=uc.name, milestone=MILESTONE_LABELS[key], planned=ms.planned,
                                     actual=ms.actual if state.startswith("met") else None, state=state))  # type: ignore[arg-type]
    return sorted(out, key=lambda m: (m.planned or m.actual or Date.max, m.name))


def trend_points(data: ProgramData, upto: int) -> list[SprintPoint]:
    """Completion and debt share of every sprint up to `upto`, oldest first."""
    return [SprintPoint(sprint=s.number, committed=s.committed, completed=s.completed, completion=s.completion, debt_share=s.debt_capacity_share)
            for s in sorted(data.sprints, key=lambda s: s.number) if s.number <= upto]


def trend_words(points: list[SprintPoint], line: float, calibration: int) -> str:
    """The completion trend in one or two sentences: calibration sprints first, then the direction since."""
    done = [p for p in points if p.completion is not None]
    if not done:
        return "No sprint has recorded its commitment yet."
    early = [p for p in done if p.sprint <= calibration]
    later = [p for p in done if p.sprint > calibration]
    parts = []
    if early:
        parts.append(f"Calibration ({plural(len(early), 'sprint')}): completion {', '.join(pct(p.completion) for p in early)}, "
                     "while the team learns what it can deliver.")
    if later:
        first, last = later[0], later[-1]
        under = sum(1 for p in later if p.completion < line)
        if len(later) == 1:
            parts.append(f"Since then: {pct(last.completion)} in sprint {last.sprint}.")
        else:
            way = "up" if last.completion > first.completion + 0.02 else "down" if last.completion < first.completion - 0.02 else "flat"
            parts.append(f"Since then completion went {way} from {pct(first.completion)} (sprint {first.sprint}) to "
                         f"{pct(last.completion)} (sprint {last.sprint}); {under} of {plural(len(later), 'sprint')} under the {pct(line)} line.")
    return " ".join(parts)


def build_review(data: ProgramData, number: int | None, as_of: Date, settings: Settings,
                 actions: list[ActionItem] = ()) -> SprintReview:  # type: ignore[assignment]
    """The review of one sprint (the running one by default) as of a day."""
    sprint = pick_sprint(data, number, as_of)
    upto = min(sprint.end, as_of)
    debt_resolved = [Line(text=f"{d.description} (resolved {date_text(d.resolved)})", sources=[d.id]) for d in data.debt
                     if d.status == "resolved" and d.resolved and sprint.start <= d.resolved <= upto]
    debt_raised = [Line(text=d.description, sources=[d.id]) for d in data.debt if d.raised and sprint.start <= d.raised <= upto]
    due = [Line(text=f"{a.text} — {a.owner} ({'done' if a.status == 'done' else 'open'})", sources=[f"action-{a.number}"])
           for a in actions if a.due_sprint == sprint.number]
    lines = milestone_lines(data, sprint.start, sprint.end, as_of)
    current = sprint.start <= as_of <= sprint.end
    return SprintReview(
        program=data.program.id, program_name=data.program.name, sprint=sprint.number, start=sprint.start, end=sprint.end,
        as_of=as_of, current=current, notice=freshness(data, as_of, settings.stale_after_days).notice if current else None,
        committed=sprint.committed, completed=sprint.completed, completion=sprint.completion,
        completion_line=settings.sprint_completion_min, calibration=sprint.number <= settings.calibration_sprints,
        milestones=lines,
        demos=sorted({m.name for m in lines if m.milestone == MILESTONE_LABELS["model_viability_demonstrated"] and m.state.startswith("met")}),
        debt=Band(share=sprint.debt_capacity_share, low=settings.debt_budget_min, high=settings.debt_budget_max),
        debt_resolved=debt_resolved, debt_raised=debt_raised,
        trend=(points := trend_points(data, sprint.number)),
        # A sprint still running has not finished what it will: its share so far is no point of the trend.
        trend_text=trend_words([p for p in points if not (current and p.sprint == sprint.number)], settings.sprint_completion_min,
                               settings.calibration_sprints),
        actions_due=due,
    )


def build_retro(data: ProgramData, as_of: Date, retros: list[Retro], actions: list[ActionItem], sprint: int | None = None) -> RetroReport:
    """The retro of a sprint (the running one by default): its action items, those overdue, and retros that agreed none."""
    current = pick_sprint(data, sprint, as_of)
    ends = {s.number: s.end for s in data.sprints}
    now = sprint_at(data, as_of)
    now_number = now.number if now is not None else current.number

    def past_due(a: ActionItem) -> bool:
        # Overdue once its sprint has ended; a sprint not in the records yet is past when a later one runs.
        return ends[a.due_sprint] < as_of if a.due_sprint in ends else a.due_sprint < now_number

    lines = [ActionLine(number=a.number, text=a.text, owner=a.owner, due_sprint=a.due_sprint, status=a.status,
                        overdue=a.status != "done" and past_due(a)) for a in actions]
    findings = [Line(text=f"Action item {a.number} ({a.text}, {a.owner}) was due in sprint {a.due_sprint} and is still open.",
                     sources=[f"action-{a.number}"]) for a in lines if a.overdue]
    per_sprint = {a.sprint for a in actions}
    for r in retros:
        if r.sprint not in per_sprint:
            findings.append(Line(text=f"The sprint {r.sprint} retrospective agreed no action items: without one, nothing it raised will change.",
                                 sources=[f"retro-{r.sprint}"]))
    return RetroReport(program=data.program.id, program_name=data.program.name, sprint=current.number, as_of=as_of,
                       held=any(r.sprint == current.number for r in retros), items=lines, findings=findings)
