"""Schedule signals: unescalated misses, source access, procurement, sprint completion, cross-pillar impact."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from bot.config import Settings
from bot.oversight.findings import Finding, ev
from bot.oversight.sources import cite
from bot.oversight.view import MILESTONE_LABELS, ProgramView
from bot.oversight.wording import PURCHASE_STATES, join_words, milestone_evidence, milestone_noun, state_word
from bot.prose import date_text


def missed_milestone_unescalated(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """A milestone missed (or past its planned date) with no escalation raised about it."""
    for uc in view.data.use_cases:
        late = view.late_milestones(uc)
        if not late:
            continue
        escalations = view.escalations_by_use_case.get(uc.id, [])
        covered = {e.milestone for e in escalations}
        silent = [(k, ms) for k, ms in late if k not in covered and None not in covered]
        if not silent:
            continue
        quoted = [f"'{MILESTONE_LABELS[k]}'" for k, _ in silent]
        names = f"the milestone {quoted[0]}" if len(quoted) == 1 else f"the milestones {', '.join(quoted)}"
        yield Finding(
            rule="missed_milestone_unescalated",
            title="Missed milestone, not escalated",
            severity="high",
            subject=uc.id,
            subject_name=uc.name,
            explanation=(
                f"{uc.name} has missed {names} and nobody has escalated it. Problems that stay unescalated compound; "
                "a missed milestone needs an owner, a root cause and a recovery plan in front of the people who can act."
            ),
            evidence=[
                ev("milestone", f"{uc.id}.{k}", view.sprint_for(ms.planned), milestone_evidence(k, ms.status, ms.planned))
                for k, ms in silent
            ],
            citation=cite("escalation"),
            questions=[
                f"Why did {uc.name} miss its {milestone_noun(silent[0][0])}, and what is the new date the team commits to?",
                "Who needs to hear about this slip (sponsor, steering committee), and what decision do we need from them?",
            ],
        )


def source_access(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Source-system access requested too late for when it is needed, or pending too long."""
    limit = settings.access_pending_days
    for req in view.data.access_requests:
        if req.status == "granted" and (req.needed_by is None or req.granted <= req.needed_by):
            continue
        problems = []
        if req.status == "pending" and (view.as_of - req.requested).days > limit:
            problems.append(f"pending {(view.as_of - req.requested).days} days (more than {limit})")
        if req.needed_by is not None and (req.needed_by - req.requested).days < limit:
            problems.append(f"requested {date_text(req.requested, year=True)}, only {(req.needed_by - req.requested).days} days before it was needed ({date_text(req.needed_by, year=True)})")
        if req.needed_by is not None and req.status != "granted" and view.as_of > req.needed_by:
            problems.append(f"still {req.status} after the date it was needed ({date_text(req.needed_by, year=True)})")
        if req.status == "denied":
            problems.append("denied")
        if not problems:
            continue
        uc = view.use_cases.get(req.use_case)
        overdue = req.needed_by is not None and req.status != "granted" and view.as_of > req.needed_by
        yield Finding(
            rule="source_access",
            title="Source-system access late",
            severity="high" if overdue or req.status == "denied" else "medium",
            subject=req.use_case,
            subject_name=uc.name if uc else req.use_case,
            explanation=(
                f"Access to {req.system} for {uc.name if uc else req.use_case}: {'; '.join(problems)}. Access to source "
                "systems involves security reviews and other teams, so it must start early in the sprint schedule, not "
                "surface as a blocker mid-sprint."
            ),
            evidence=[ev("access_request", req.id, view.sprint_for(req.requested), f"{req.system}: {req.status}, requested {date_text(req.requested, year=True)}")],
            citation=cite("source_access"),
            questions=[
                *_access_questions(req),
            ],
        )


def _access_questions(req) -> list[str]:
    """Questions that fit where the request stands: a granted one is asked about next time, not about its grant."""
    if req.status == "granted":
        return [
            f"Access to {req.system} came after it was needed: what held it up, and how much work did the wait cost?",
            "Which access requests for the next use cases should start now so the same wait does not repeat?",
        ]
    if req.status == "denied":
        return [
            f"Why was access to {req.system} refused, and who can take the request to the data owner again?",
            "Can the use case go ahead with another source, or does its scope have to change?",
        ]
    return [
        f"Who owns the {req.system} access request, what is it waiting on, and when will it be granted?",
        "What can the team do meanwhile (sample extracts, a sandbox copy), and do we need to escalate to the data owner?",
    ]


def procurement_blocking(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Procurement not delivered by the date use cases need it."""
    horizon = view.program.sprint_length_days
    for item in view.data.procurement:
        if item.status in ("delivered", "cancelled") or not item.blocking or item.needed_by is None:
            continue
        days_left = (item.needed_by - view.as_of).days
        if days_left > horizon:
            continue
        names = ", ".join(view.name_of(u) for u in item.blocking)
        when = f"was needed by {date_text(item.needed_by, year=True)}" if days_left < 0 else f"is needed by {date_text(item.needed_by, year=True)}, within a sprint"
        yield Finding(
            rule="procurement_blocking",
            title="Procurement holding up delivery",
            severity="high" if days_left < 0 else "medium",
            subject=item.blocking[0],
            subject_name=view.name_of(item.blocking[0]),
            explanation=(
                f"{item.item}, {PURCHASE_STATES.get(item.status, state_word(item.status))}, {when} and holds up {names}. Enterprise procurement is slow; "
                "a delay that threatens the schedule calls for escalation and an interim way to keep working."
            ),
            evidence=[ev("procurement", item.id, view.sprint_for(item.requested), f"{item.item}: {PURCHASE_STATES.get(item.status, state_word(item.status))}, needed by {date_text(item.needed_by, year=True)}")]
            + [ev("use_case", u, None, "waits on it") for u in item.blocking],
            citation=cite("procurement"),
            questions=[
                f"When will {item.item} actually arrive, and who is escalating the delay?",
                "Is there an interim option (trial licence, sandbox, development environment) so the work can go on meanwhile?",
            ],
        )


def sprint_completion(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Sprints completing under the minimum share of their commitment, two (or more) running, after calibration."""
    floor = settings.sprint_completion_min
    run: list = []
    runs: list[list] = []
    for sprint in sorted(view.data.sprints, key=lambda s: s.number):
        if sprint.number <= settings.calibration_sprints or sprint.number >= view.current_sprint:
            continue
        rate = sprint.completion
        if rate is not None and rate < floor:
            run.append(sprint)
            continue
        if len(run) >= 2:
            runs.append(run)
        run = []
    if len(run) >= 2:
        runs.append(run)
    for run in runs:
        numbers = [s.number for s in run]
        yield Finding(
            rule="sprint_completion",
            title="Sprints completing under commitment",
            severity="high" if len(run) > 2 else "medium",
            subject=view.program.id,
            subject_kind="program",
            subject_name=view.program.name,
            explanation=(
                f"{'Sprint' if len(numbers) == 1 else 'Sprints'} {join_words([str(n) for n in numbers])} completed under {floor:.0%} of what they committed, "
                f"after the {settings.calibration_sprints} calibration sprints. Repeated over-commitment costs the team "
                "morale and the program credibility; planning should reflect the throughput the organisation really has."
            ),
            evidence=[ev("sprint", s.number, s.number, f"completed {s.completed:g} of {s.committed:g} ({s.completion:.0%})") for s in run],
            citation=cite("sprint_cadence"),
            questions=[
                "What kept these sprints from finishing what they committed: estimates, interruptions, or dependencies outside the team?",
                "What will the next sprint commit to, based on the throughput the last sprints showed?",
            ],
        )


# pillar -> the work there that typically waits on a slipping use case.
_WAITING_WORK: dict[str, str] = {
    "governance": "the governance review",
    "people": "the training schedule",
    "process": "the process redesign",
    "technology": "the dependent technical work",
}


def _delayed(view: ProgramView) -> dict[str, list]:
    """Use cases with a milestone missed or at risk: id -> (key, milestone) pairs."""
    delayed = {}
    for uc in view.data.use_cases:
        late = view.late_milestones(uc)
        late += [(k, ms) for k, ms in uc.milestones.items() if ms.status == "at_risk" and (k, ms) not in late]
        if late:
            delayed[uc.id] = late
    return delayed


def _slipped(key: str, status: str) -> str:
    """One late milestone as a clause: 'it missed its model viability milestone' (was 'model viability demonstrated (missed)')."""
    noun = milestone_noun(key)
    if status == "missed":
        return f"it missed its {noun}"
    if status == "at_risk":
        return f"its {noun} is at risk"
    return f"its {noun} is past its planned date"


def cross_pillar_impact(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """A delay that moves work waiting on it in other pillars, following dependencies downstream."""
    for source, late in _delayed(view).items():
        if source not in view.downstream:
            continue
        pillar = view.pillar_of(source)
        reached: dict[str, list] = {}
        queue = deque([(source, [])])
        while queue:
            node, path = queue.popleft()
            for dep in view.downstream.get(node, []):
                if dep.kind != "blocks" or dep.downstream in reached or dep.downstream == source:
                    continue
                reached[dep.downstream] = path + [dep]
                queue.append((dep.downstream, path + [dep]))
        other = {n: p for n, p in reached.items() if view.pillar_of(n) not in (None, pillar)}
        if not other:
            continue
        uc = view.use_cases[source]
        pillars = sorted({view.pillar_of(n) for n in other})
        slip = join_words([_slipped(k, ms.status) for k, ms in late])
        moved = "; ".join(f"{view.name_of(n)} ({view.pillar_of(n)})" for n in other)
        yield Finding(
            rule="cross_pillar_impact",
            title="Delay crossing pillars",
            severity="high" if len(pillars) > 1 else "medium",
            subject=source,
            subject_name=uc.name,
            explanation=(
                f"{uc.name} ({pillar}) is slipping: {slip}. Work in other pillars waits on it: {moved}. "
                "Their plans move with it unless they are re-sequenced now."
            ),
            evidence=[ev("milestone", f"{source}.{k}", view.sprint_for(ms.planned), milestone_evidence(k, ms.status, ms.planned)) for k, ms in late]
            + [
                ev("dependency", p[-1].id, None, " holds up ".join(view.name_of(n) for n in [source] + [d.downstream for d in p]) + (f": {p[-1].description}" if p[-1].description else ""))
                for p in other.values()
            ],
            citation=cite("cross_pillar"),
            questions=[
                f"If {uc.name} slips further, what happens to {join_words([_WAITING_WORK.get(p, f'the {p} work') for p in pillars])} that wait on it?",
                "Which of those can go ahead without it, and who re-plans the ones that cannot?",
            ],
        )
