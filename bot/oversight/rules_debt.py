"""The debt register kept honest: operational risk and compliance are not debt; budget and plans for the rest."""

from __future__ import annotations

from collections.abc import Iterator

from bot.config import Settings
from bot.oversight.findings import Finding, ev
from bot.oversight.sources import cite
from bot.oversight.view import ProgramView
from knowledge.text import plural

_DEPLOYED = "production"


def _mentions(item, word: str) -> bool:
    return word in f"{item.description} {item.risk_implication}".lower()


def operational_risk(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """A model in production without monitoring, or an operational risk parked on the register as deferrable."""
    for uc in view.data.use_cases:
        items = [d for d in view.debt_by_use_case.get(uc.id, []) if d.status == "open"]
        unmonitored = uc.stage == _DEPLOYED and not uc.mlops.monitoring
        deferred = [d for d in items if d.category == "operational_risk" and (d.planned_sprint is None or d.planned_sprint > view.current_sprint)]
        mislabelled = [d for d in items if d.category == "debt" and _mentions(d, "monitor")] if unmonitored else []
        if not (unmonitored or deferred):
            continue
        evidence = [ev("use_case", uc.id, None, "in production; monitoring: no")] if unmonitored else []
        evidence += [ev("debt", d.id, view.sprint_for(d.raised), f"{d.category}, planned sprint {d.planned_sprint}: {d.description}") for d in deferred + mislabelled]
        what = f"{uc.name} runs in production with no model monitoring" if unmonitored else f"{uc.name} has operational risks on the register planned for later sprints"
        note = " The register lists it as ordinary debt; it is an operational risk." if mislabelled else ""
        yield Finding(
            rule="operational_risk",
            title="Operational risk deferred as debt",
            severity="high",
            subject=uc.id,
            subject_name=uc.name,
            explanation=(
                f"{what}.{note} A deployed model nobody watches can degrade or drift unnoticed: that is an operational "
                "risk to fix now, not debt to schedule for later."
            ),
            evidence=evidence,
            citation=cite("operational_risk"),
            questions=[
                f"Who will know, and how fast, if {uc.name}'s predictions degrade or its input data drifts?",
                "What is the date monitoring goes live, and should the model stay in production until it does?",
            ],
        )


def compliance_violation(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """A model in production without governance approval, or a compliance violation carried on the register."""
    for uc in view.data.use_cases:
        unapproved = uc.stage == _DEPLOYED and not uc.governance_approved
        on_register = [d for d in view.debt_by_use_case.get(uc.id, []) if d.status == "open" and d.category == "compliance_violation"]
        if not (unapproved or on_register):
            continue
        evidence = [ev("use_case", uc.id, None, "in production; governance approval: no")] if unapproved else []
        evidence += [ev("debt", d.id, view.sprint_for(d.raised), f"compliance_violation: {d.description}") for d in on_register]
        yield Finding(
            rule="compliance_violation",
            title="Compliance violation",
            severity="high",
            subject=uc.id,
            subject_name=uc.name,
            explanation=(
                f"{uc.name} {'is in production without governance approval' if unapproved else 'carries a compliance violation on the debt register'}. "
                "A model deployed without approval is a compliance violation: it is never acceptable as debt and must be escalated."
            ),
            evidence=evidence,
            citation=cite("compliance_violation"),
            questions=[
                f"Who authorised {uc.name} to run without governance approval, and has the governance lead been told?",
                "Do we withdraw the model until it is approved, or can approval be completed this week?",
            ],
        )


def debt_budget(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """The share of sprint capacity spent on debt remediation below the budget in the latest sprints."""
    recorded = [s for s in sorted(view.data.sprints, key=lambda s: s.number) if s.debt_capacity_share is not None and s.number < view.current_sprint]
    if not recorded or recorded[-1].debt_capacity_share >= settings.debt_budget_min:
        return
    run = []
    for sprint in reversed(recorded):
        if sprint.debt_capacity_share >= settings.debt_budget_min:
            break
        run.append(sprint)
    run.reverse()
    low, high = settings.debt_budget_min, settings.debt_budget_max
    yield Finding(
        rule="debt_budget",
        title="Debt remediation under budget",
        severity="high" if len(run) >= 3 else "medium",
        subject=view.program.id,
        subject_kind="program",
        subject_name=view.program.name,
        explanation=(
            f"The last {plural(len(run), 'sprint')} spent {', '.join(f'{s.debt_capacity_share:.0%}' for s in run)} of capacity on "
            f"technical-debt remediation, under the {low:.0%} to {high:.0%} the roadmap should protect. Debt left alone "
            "slows delivery more than the remediation would have cost."
        ),
        evidence=[ev("sprint", s.number, s.number, f"debt remediation {s.debt_capacity_share:.0%} of capacity") for s in run],
        citation=cite("debt_budget"),
        questions=[
            f"Who moved remediation capacity to feature work, and how do we get back to at least {low:.0%} next sprint?",
            "Which debt items on the register are growing riskier while they wait?",
        ],
    )


def debt_unplanned(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Open debt with no remediation sprint, or whose planned sprint has passed."""
    for subject, items in view.debt_by_use_case.items():
        bad = []
        for d in items:
            if d.status != "open" or d.category != "debt":
                continue
            if d.planned_sprint is None:
                bad.append((d, "no remediation sprint planned"))
            elif d.planned_sprint < view.current_sprint:
                bad.append((d, f"planned for sprint {d.planned_sprint}, still open"))
        if not bad:
            continue
        lapsed = any(d.planned_sprint is not None for d, _ in bad)
        name = view.name_of(subject) if subject else view.program.name
        yield Finding(
            rule="debt_unplanned",
            title="Debt without a remediation plan",
            severity="medium" if lapsed else "low",
            subject=subject or view.program.id,
            subject_kind="use_case" if subject else "program",
            subject_name=name,
            explanation=(
                f"{plural(len(bad), 'debt item')} for {name} {'has' if len(bad) == 1 else 'have'} no live remediation plan. Debt is an acceptable trade-off only "
                "while it is recorded, visible and scheduled for repair; unplanned debt accumulates out of sight."
            ),
            evidence=[ev("debt", d.id, view.sprint_for(d.raised), f"{why}: {d.description}") for d, why in bad],
            citation=cite("debt"),
            questions=[
                f"In which sprint will {name}'s open debt be paid down, and who owns it?",
                "What happens if it is not: what is the risk of carrying it another quarter?",
            ],
        )
