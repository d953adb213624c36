"""The debt register kept honest: operational risk and compliance are not debt; budget and plans for the rest."""

from __future__ import annotations

from collections.abc import Iterator

from bot.config import Settings
from bot.oversight.findings import Finding, ev
from bot.oversight.sources import cite
from bot.oversight.view import ProgramView
from bot.oversight.wording import category_label, join_words
from knowledge.text import plural
from bot.prose import counted

_DEPLOYED = "production"


def _escalated(view: ProgramView, item) -> bool:
    """True when a decision or an escalation on the item's use case is open: someone owns the call."""
    if item.use_case is None:
        return False
    decisions = [d for d in view.data.decisions if d.use_case == item.use_case and d.status == "open"]
    escalations = [e for e in view.escalations_by_use_case.get(item.use_case, []) if e.status == "open"]
    return bool(decisions or escalations)


def _item_evidence(view: ProgramView, d) -> object:
    plan = f"remediation planned for sprint {d.planned_sprint}" if d.planned_sprint is not None else "no remediation sprint"
    return ev("debt", d.id, view.sprint_for(d.raised), f"{category_label(d.category, capital=True)}, {plan}: {d.description}")


def operational_risk(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """A model in production without monitoring, or an open operational risk on the register (never deferrable)."""
    for uc in view.data.use_cases:
        items = [d for d in view.debt_by_use_case.get(uc.id, []) if d.status == "open"]
        unmonitored = uc.stage == _DEPLOYED and not uc.mlops.monitoring
        # Being fixed in the current sprint is the one acceptable plan; later, none, or a lapsed one is a deferral.
        risks = [d for d in items if d.category == "operational_risk" and d.planned_sprint != view.current_sprint]
        # Filed as debt but, by what its words mean, the missing watch over a live system: judged by the shared
        # analysis (the view's debt judge), not by a keyword.
        mislabelled = [d for d in items if d.category == "debt" and view.judged_line(d) == "operational_risk"] if unmonitored else []
        if not (unmonitored or risks):
            continue
        evidence = [ev("use_case", uc.id, None, "In production with no model monitoring")] if unmonitored else []
        evidence += [_item_evidence(view, d) for d in risks + mislabelled]
        if unmonitored:
            what = f"{uc.name} runs in production with no model monitoring"
        else:
            what = f"{uc.name} has {plural(len(risks), 'open operational risk')} on the register"
        note = " The register lists it as ordinary debt; it is an operational risk." if mislabelled else ""
        unowned = [d for d in risks if not _escalated(view, d)]
        owner = " Nobody owns the decision on it yet: it has not been escalated." if unowned else ""
        yield Finding(
            rule="operational_risk",
            title="Operational risk",
            severity="high",
            subject=uc.id,
            subject_name=uc.name,
            explanation=(
                f"{what}.{note}{owner} A live system that nobody watches, or that has no safety net, can fail or drift "
                "unnoticed: that is an operational risk to fix now, not debt to schedule for later."
            ),
            evidence=evidence,
            citation=cite("operational_risk"),
            questions=[
                f"Who will know, and how fast, if {uc.name} fails or its predictions drift?",
                "By what date is the gap closed, and should the system stay live until it is?",
            ],
        )


def compliance_violation(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """A model in production without governance approval, or a compliance violation carried on the register."""
    for uc in view.data.use_cases:
        unapproved = uc.stage == _DEPLOYED and not uc.governance_approved
        on_register = [d for d in view.debt_by_use_case.get(uc.id, []) if d.status == "open" and d.category == "compliance_violation"]
        if not (unapproved or on_register):
            continue
        evidence = [ev("use_case", uc.id, None, "In production without governance approval")] if unapproved else []
        evidence += [_item_evidence(view, d) for d in on_register]
        unowned = [d for d in on_register if not _escalated(view, d)]
        owner = " Nobody owns the decision on it yet: it has not been escalated." if unowned else ""
        yield Finding(
            rule="compliance_violation",
            title="Compliance violation",
            severity="high",
            subject=uc.id,
            subject_name=uc.name,
            explanation=(
                f"{uc.name} {'is in production without governance approval' if unapproved else 'carries a compliance violation on the debt register'}.{owner} "
                "Running without the approval governance requires is a compliance violation: it is never acceptable as debt and must be escalated."
            ),
            evidence=evidence,
            citation=cite("compliance_violation"),
            questions=[
                f"Who authorised {uc.name} to go ahead without the approval it needs, and has the governance lead been told?",
                "Do we withdraw it until it is approved, or can the approval be completed this week?",
            ],
        )


def _shares(run: list) -> str:
    """'11% of sprint 5's capacity and 9% of sprint 6's': each sprint's debt share said against its own capacity."""
    parts = [f"{s.debt_capacity_share:.0%} of sprint {s.number}'s" for s in run]
    parts[0] += " capacity"
    return join_words(parts)


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
        **view.subject(),
        explanation=(
            f"Technical-debt remediation took {_shares(run)}, {'each ' if len(run) > 1 else ''}below the budget of "
            f"{low:.0%} to {high:.0%} of capacity the roadmap should protect. Debt left alone "
            "slows delivery more than the remediation would have cost."
        ),
        evidence=[ev("sprint", s.number, s.number, f"debt remediation {s.debt_capacity_share:.0%} of capacity") for s in run],
        citation=cite("debt_budget"),
        questions=[
            f"Who moved remediation capacity to feature work, and how do we get back to at least {low:.0%} next sprint?",
            "Which debt items on the register are growing riskier while they wait?",
        ],
    )


def _open_debt(items, keep) -> list:
    return [d for d in items if d.status == "open" and d.category == "debt" and keep(d)]


def debt_unplanned(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Open debt with no remediation sprint at all."""
    for subject, items in view.debt_by_use_case.items():
        bad = _open_debt(items, lambda d: d.planned_sprint is None)
        if not bad:
            continue
        about = view.subject(subject)
        name = about["subject_name"]
        yield Finding(
            rule="debt_unplanned",
            title="Debt without a remediation plan",
            severity="low",
            **about,
            explanation=(
                f"{counted(len(bad), 'debt item')} for {name} {'has' if len(bad) == 1 else 'have'} no sprint planned for the repair. "
                "Debt is an acceptable trade-off only while it is recorded, visible and scheduled for repair; unplanned "
                "debt accumulates out of sight."
            ),
            evidence=[ev("debt", d.id, view.sprint_for(d.raised), f"No remediation sprint planned: {d.description}") for d in bad],
            citation=cite("debt"),
            questions=[
                f"In which sprint will {name}'s open debt be paid down, and who owns it?",
                "What happens if it is not: what is the risk of carrying it another quarter?",
            ],
        )


def debt_overdue(view: ProgramView, settings: Settings) -> Iterator[Finding]:
    """Open debt whose planned remediation sprint has passed: planned, but the plan has lapsed."""
    for subject, items in view.debt_by_use_case.items():
        bad = _open_debt(items, lambda d: d.planned_sprint is not None and d.planned_sprint < view.current_sprint)
        if not bad:
            continue
        about = view.subject(subject)
        name = about["subject_name"]
        sprints = sorted({d.planned_sprint for d in bad})
        yield Finding(
            rule="debt_overdue",
            title="Debt remediation overdue",
            severity="medium",
            **about,
            explanation=(
                f"{counted(len(bad), 'debt item')} for {name} {'was' if len(bad) == 1 else 'were'} planned for repair in "
                f"sprint {', '.join(map(str, sprints))} and {'is' if len(bad) == 1 else 'are'} still open in sprint "
                f"{view.current_sprint}. A repair plan that keeps slipping is debt accumulating while it looks managed."
            ),
            evidence=[
                ev("debt", d.id, view.sprint_for(d.raised), f"Planned for sprint {d.planned_sprint}, still open: {d.description}")
                for d in bad
            ],
            citation=cite("debt"),
            questions=[
                f"What pushed the repair of {name}'s debt out of its planned sprint, and which sprint will it really land in?",
                "Is remediation capacity being spent on feature work instead?",
            ],
        )
