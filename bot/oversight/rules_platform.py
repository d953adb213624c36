"""Platform and data-infrastructure oversight: environments, pipelines in production, cost, procurement, vendors,
platform milestones and their outside lead times, and the platform's governance controls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from bot.config import Settings
from bot.oversight.findings import Finding, ev
from bot.oversight.sources import cite
from bot.oversight.view import ProgramView
from bot.oversight.wording import PURCHASE_STATES, clip, join_words, state_word
from knowledge.text import plural
from bot.prose import counted, date_text

_AREA_LABELS = {"security_configuration": "security configuration", "access_controls": "access controls", "audit": "audit capability"}


def _program(view: ProgramView, **fields) -> Finding:
    return Finding(**view.subject(), **fields)


def environment_isolation(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Environments that are not isolated, or without a defined path to promote work to the next one."""
    bad = [(e, [w for w, ok in (("is not isolated", e.isolated), ("has no defined promotion path", e.promotion_defined or e.promotes_to is None)) if not ok])
           for e in view.data.environments]
    bad = [(e, why) for e, why in bad if why]
    if not bad:
        return
    yield _program(
        view, rule="environment_isolation", title="Environments not separated", severity="high" if any(not e.isolated for e, _ in bad) else "medium",
        explanation=(
            f"{join_words([f'The {e.name} environment {join_words(why)}' for e, why in bad])}. "
            "Development, staging and production need to be kept apart, with a defined way to move work between them, "
            "or untested changes reach the live service."
        ),
        evidence=[ev("environment", e.id, None, f"{e.name}: {', '.join(why)}") for e, why in bad],
        citation=cite("data_platform"),
        questions=[
            "What stops a change made in development from reaching production without passing staging?",
            "Who owns the promotion path between environments, and is it written down?",
        ],
    )


def pipeline_reliability(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Production pipelines failing more than the floor allows in their latest sprint, or failing silently."""
    latest: dict[str, object] = {}
    for run in view.data.pipeline_runs:
        if run.environment.lower() == "production" and run.runs and (run.pipeline not in latest or run.sprint > latest[run.pipeline].sprint):
            latest[run.pipeline] = run
    for run in latest.values():
        rate = 1 - run.failures / run.runs
        problems = []
        if rate < settings.pipeline_success_min:
            problems.append(f"{run.failures} of {run.runs} runs failed in sprint {run.sprint} ({rate:.0%} succeeded, under {settings.pipeline_success_min:.0%})")
        if not run.alerting and run.failures:
            problems.append("failures alert nobody")
        if not problems:
            continue
        yield Finding(
            rule="pipeline_reliability", title="Pipeline unreliable in production",
            severity="high" if not run.alerting or rate < settings.pipeline_success_min - 0.1 else "medium",
            **view.subject(run.use_case),
            explanation=(
                f"The {run.pipeline} pipeline in production: {'; '.join(problems)}. A live pipeline that breaks without "
                "warning cannot count as delivered: running dependably is part of the delivery, not a finishing touch."
            ),
            evidence=[ev("pipeline_runs", run.id, run.sprint, f"{run.pipeline}: {run.failures} failures in {run.runs} runs")],
            citation=cite("pipeline_reliability"),
            questions=[
                f"What makes the {run.pipeline} pipeline fail, and who is fixing it this sprint?",
                "When it fails, who is told and how fast, and what do the people relying on its data see meanwhile?",
            ],
        )


def infrastructure_cost(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """The latest month's infrastructure spend above budget by more than the tolerance."""
    if not view.data.costs:
        return
    latest = max(view.data.costs, key=lambda c: c.month)
    over = latest.actual / latest.budget - 1
    if over <= settings.cost_overrun_max:
        return
    months = sorted((c for c in view.data.costs if c.actual > c.budget), key=lambda c: c.month)
    yield _program(
        view, rule="infrastructure_cost", title="Infrastructure cost above budget", severity="high" if over > 2 * settings.cost_overrun_max else "medium",
        explanation=(
            f"Infrastructure spend in {latest.month:%B %Y} was {latest.actual:,.0f} against a budget of {latest.budget:,.0f}, "
            f"{over:.0%} over (the tolerance is {settings.cost_overrun_max:.0%}); {plural(len(months), 'month')} ran above budget. "
            "Elastic cloud consumption is easy to underestimate, and it needs acting on while the trend is young."
        ),
        evidence=[ev("cost", c.id, view.sprint_for(c.month), f"{c.month:%B %Y}: {c.actual:,.0f} of {c.budget:,.0f}") for c in months[-4:]],
        citation=cite("data_platform"),
        questions=[
            "What is driving the spend above plan, and what can be switched off or reserved?",
            "Does the budget need to change, and who has to agree to that?",
        ],
    )


def procurement_started_late(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Platform procurement started after the first Produce sprint, still not delivered, with no interim solution."""
    for item in view.data.procurement:
        if not item.platform or item.status in ("delivered", "cancelled"):
            continue
        late = item.started_sprint is None or item.started_sprint > settings.procurement_start_sprint
        if not late or item.interim.strip():
            continue
        when = f"started in sprint {item.started_sprint}" if item.started_sprint is not None else "has no recorded start"
        yield _program(
            view, rule="procurement_started_late", title="Platform procurement late, no interim", severity="medium",
            explanation=(
                f"Procurement of {item.item} {when} (it should start in sprint {settings.procurement_start_sprint} of Produce); "
                f"it is {PURCHASE_STATES[item.status]}, and no interim solution is recorded. Enterprise buying is slow; without a "
                "sandbox, trial or development environment meanwhile, use-case work waits on it."
            ),
            evidence=[ev("procurement", item.id, item.started_sprint, f"{item.item}: {item.status}, no interim solution")],
            citation=cite("procurement"),
            questions=[
                f"What can the teams use until {item.item} arrives: a sandbox, a trial licence, a development environment?",
                "Who is chasing the procurement, and when does a delay get escalated?",
            ],
        )


def vendor_ticket_age(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Vendor tickets open longer than the limit without an escalation."""
    old = [t for t in view.data.vendor_tickets
           if t.status == "open" and not t.escalated and (view.as_of - t.opened).days > settings.vendor_ticket_days]
    if not old:
        return
    yield _program(
        view, rule="vendor_ticket_age", title="Vendor issues waiting, not escalated", severity="medium",
        explanation=(
            f"{counted(len(old), 'vendor ticket')} {'has' if len(old) == 1 else 'have'} been open more than "
            f"{settings.vendor_ticket_days} days without an escalation: "
            f"{join_words([f'{t.vendor}, {clip(t.subject, 80)} ({(view.as_of - t.opened).days} days)' for t in old])}. "
            "Vendor support and escalation are part of managing the platform work, not something to wait out."
        ),
        evidence=[ev("vendor_ticket", t.id, view.sprint_for(t.opened), f"{t.vendor}: open {(view.as_of - t.opened).days} days") for t in old],
        citation=cite("platform_implementation"),
        questions=[
            "Who holds the vendor relationship, and what does the contract say about response times?",
            "What is blocked while these tickets wait, and should they be escalated today?",
        ],
    )


def platform_milestone_late(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """A platform milestone past its date, or outside work it needs requested too late for its lead time."""
    for ms in view.data.platform_milestones:
        if ms.status == "met":
            continue
        problems = []
        if ms.status == "missed" or ms.planned < view.as_of:
            problems.append(f"planned for {date_text(ms.planned, year=True)} and not met")
        for dep in ms.depends_on:
            if dep.done:
                continue
            latest_start = ms.planned - timedelta(days=dep.lead_time_days)
            if dep.requested is None and view.as_of > latest_start:
                problems.append(f"{dep.what} from the {dep.team} is not requested though it takes {dep.lead_time_days} days")
            elif dep.requested is not None and dep.requested > latest_start:
                problems.append(f"{dep.what} from the {dep.team} was requested {date_text(dep.requested, year=True)}, later than its {dep.lead_time_days}-day lead time allows")
        if not problems:
            continue
        yield _program(
            view, rule="platform_milestone_late", title="Platform milestone at risk",
            severity="high" if ms.planned < view.as_of else "medium",
            explanation=(
                f"The platform milestone '{ms.name}' is at risk: {'; '.join(problems)}. Provisioning, network and security work "
                "by teams outside the program has lead times that must be planned well ahead, or the milestone slips with them."
            ),
            evidence=[ev("platform_milestone", ms.id, view.sprint_for(ms.planned), f"{ms.name}: planned {date_text(ms.planned, year=True)}, {state_word(ms.status)}")],
            citation=cite("platform_implementation"),
            questions=[
                f"What date does '{ms.name}' really land on, given the outside teams' lead times?",
                "Which use cases wait on it, and who has told IT operations what we need and by when?",
            ],
        )


def platform_governance(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Security settings, access control or audit of the platform not checked against governance, or falling short."""
    recorded = {c.area: c for c in view.data.platform_controls}
    if not recorded:
        return  # no platform on the records: nothing to check
    gaps = []
    for area, label in _AREA_LABELS.items():
        c = recorded.get(area)
        if c is None or not c.checked:
            gaps.append((area, label, "not checked against the governance requirements"))
        elif not c.satisfied:
            gaps.append((area, label, "checked and short of the governance requirements" + (f" ({clip(c.note, 80)})" if c.note else "")))
    if not gaps:
        return
    yield _program(
        view, rule="platform_governance", title="Platform not aligned with governance", severity="high" if any("short" in g[2] for g in gaps) else "medium",
        explanation=(
            f"The platform's {join_words([f'{label} is {why}' for _, label, why in gaps])}. Its security configuration, access "
            "controls and audit capability have to satisfy the governance framework before models run on it."
        ),
        evidence=[ev("platform_control", recorded[a].id if a in recorded else a, None, f"{label}: {why}") for a, label, why in gaps],
        citation=cite("platform_implementation"),
        questions=[
            "Who from governance has reviewed the platform's controls, and when will the gaps be closed?",
            "Should models keep being deployed on the platform until they are?",
        ],
    )


def quality_gate_unmet(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """A deliverable marked complete while a criterion of its quality gate is unmet."""
    for gate in view.data.quality_gates:
        unmet = gate.unmet()
        if not gate.complete or not unmet:
            continue
        yield Finding(
            rule="quality_gate_unmet", title="Complete with a quality gate unmet", severity="high" if gate.level == "cycle" else "medium",
            **view.subject(gate.use_case, gate.workstream),
            explanation=(
                f"'{gate.deliverable}' is marked complete, but its {gate.level}-level quality gate is not met: "
                f"{join_words(unmet)}. A deliverable that has not passed its gate is incomplete, and it carries its gaps into "
                "the work that builds on it."
            ),
            evidence=[ev("quality_gate", gate.id, gate.sprint, f"{gate.deliverable}: unmet {', '.join(unmet)}")],
            citation=cite("quality_gates"),
            questions=[
                f"Who marked '{gate.deliverable}' complete, and when will {join_words(unmet)} be met?",
                "What downstream work has already started on it, and does it need to wait?",
            ],
        )
