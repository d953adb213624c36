"""The records as they stood on an earlier day: what was dated after it is taken out or set back, so status can be judged then."""

from __future__ import annotations

from datetime import date as Date

from store.models import ProgramData, UseCase


def _use_case_then(uc: UseCase, day: Date, sprint: int | None) -> UseCase:
    changes: dict = {}
    milestones = {}
    for key, ms in uc.milestones.items():
        if ms.status == "met" and ms.actual is not None and ms.actual > day:
            # Met later: on the day it was still open (the view judges it late from its planned date, as it does today).
            milestones[key] = ms.model_copy(update={"status": "pending", "actual": None})
    if milestones:
        changes["milestones"] = uc.milestones.model_copy(update=milestones)
    points = [p for p in uc.integration_points if p.added <= day]
    if len(points) != len(uc.integration_points):
        changes["integration_points"] = points
    if sprint is not None and uc.stage_history:
        history = [e for e in uc.stage_history if e.sprint <= sprint]
        if len(history) != len(uc.stage_history):
            changes["stage_history"] = history
            if history:
                changes["stage"] = max(history, key=lambda e: e.sprint).stage
    return uc.model_copy(update=changes) if changes else uc


def records_as_of(data: ProgramData, day: Date) -> ProgramData:
    """The program as its records stood at the end of `day`: later updates, raised items and met dates are not yet there.

    Records without a date (a decision, a risk with no raised date) are kept as they are now: nothing says they were not.
    """
    sprint = data.sprint_for(day)
    after = lambda d: d is not None and d > day  # noqa: E731 - one rule for every dated field
    return data.model_copy(update={
        "updates": [u for u in data.updates if u.date <= day],
        "use_cases": [_use_case_then(uc, day, sprint) for uc in data.use_cases],
        "data_quality": [f for f in data.data_quality if not after(f.found) and (sprint is None or f.sprint <= sprint)],
        "access_requests": [a if not after(a.granted) else a.model_copy(update={"status": "pending", "granted": None})
                            for a in data.access_requests if not after(a.requested)],
        "procurement": [p if not after(p.delivered) else p.model_copy(update={"status": "ordered", "delivered": None})
                        for p in data.procurement if not after(p.requested)],
        "risks": [r for r in data.risks if not after(r.raised)],
        "escalations": [e for e in data.escalations if not after(e.raised)],
        "debt": [d if not after(d.resolved) else d.model_copy(update={"status": "open", "resolved": None})
                 for d in data.debt if not after(d.raised)],
    })
