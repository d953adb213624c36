"""The oversight engine: every rule over one program, from a registry (name -> function)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date as Date

from bot.config import Settings
from bot.errors import InputError
from bot.oversight import rules_debt, rules_platform, rules_readiness, rules_risks, rules_schedule, rules_signals
from bot.oversight.findings import Finding
from bot.oversight.view import ProgramView
from store.models import ProgramData
from store.memory import paused_gc

log = logging.getLogger(__name__)

Rule = Callable[[ProgramView, Settings], Iterable[Finding]]

RULES: dict[str, Rule] = {
    "feasibility_risk": rules_signals.feasibility_risk,
    "unrealistic_data_assumptions": rules_signals.unrealistic_data_assumptions,
    "integration_complexity": rules_signals.integration_complexity,
    "progress_without_advancement": rules_signals.progress_without_advancement,
    "missed_milestone_unescalated": rules_schedule.missed_milestone_unescalated,
    "source_access": rules_schedule.source_access,
    "procurement_blocking": rules_schedule.procurement_blocking,
    "sprint_completion": rules_schedule.sprint_completion,
    "cross_pillar_impact": rules_schedule.cross_pillar_impact,
    "operational_risk": rules_debt.operational_risk,
    "compliance_violation": rules_debt.compliance_violation,
    "debt_budget": rules_debt.debt_budget,
    "debt_unplanned": rules_debt.debt_unplanned,
    "debt_overdue": rules_debt.debt_overdue,
    "open_risk": rules_risks.open_risk,
    "risk_register_gap": rules_risks.risk_register_gap,
    "environment_isolation": rules_platform.environment_isolation,
    "pipeline_reliability": rules_platform.pipeline_reliability,
    "infrastructure_cost": rules_platform.infrastructure_cost,
    "procurement_started_late": rules_platform.procurement_started_late,
    "vendor_ticket_age": rules_platform.vendor_ticket_age,
    "platform_milestone_late": rules_platform.platform_milestone_late,
    "platform_governance": rules_platform.platform_governance,
    "quality_gate_unmet": rules_platform.quality_gate_unmet,
    "readiness_gap": rules_readiness.readiness_gap,
    "mlops_gap": rules_readiness.mlops_gap,
    "pillar_after_go_live": rules_readiness.pillar_after_go_live,
}


def evaluate(
    data: ProgramData | ProgramView,
    settings: Settings,
    *,
    rules: Iterable[str] | None = None,
    as_of: Date | None = None,
) -> list[Finding]:
    """Run the named rules (all by default) over a program: findings, most severe first."""
    view = data if isinstance(data, ProgramView) else ProgramView(data, as_of=as_of)
    names = list(rules) if rules is not None else list(RULES)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise InputError(f"unknown rule {unknown[0]!r}; known rules: {', '.join(RULES)}")
    findings: list[Finding] = []
    with paused_gc():  # rules build acyclic objects; full GC passes over 100k loaded records would double the time
        for name in names:
            findings.extend(RULES[name](view, settings))
    findings.sort(key=Finding.sort_key)
    log.debug("%d findings over program %s", len(findings), view.program.id)
    return findings
