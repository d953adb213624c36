"""Where an issue falls on the debt line: managed debt, operational risk, or a compliance violation."""

from __future__ import annotations

from bot.understand.bank import Situation

# Most serious first: a violation is never acceptable as debt, an operational risk needs action, debt is managed.
LINES = ("compliance_violation", "operational_risk", "debt")


def debt_line(sit: Situation, cues: set[str]) -> str | None:
    """The line an issue falls on: its situation's, made more serious where the exact cues say so.

    A shortcut taken without the approval its use needs, or one that treats groups unfairly, is a compliance
    violation, not debt; a fault in the live service is an operational risk, a fragile job kept going by hand is debt.
    """
    line = sit.debt
    if sit.polarity != "open":
        return None
    if cues & {"unapproved", "fairness"} and line in {None, "debt", "operational_risk"} and sit.name in {"shortcut_debt", "governance_gap"}:
        return "compliance_violation"
    if line is None and sit.name == "reliability":
        # A fault in the live service is a risk to operations; a job that is merely fragile (rerun, retried
        # by hand or by a script) is debt to schedule.
        return "operational_risk" if cues & {"outage", "live"} else "debt"
    return line


def most_serious(lines: list[str | None]) -> str | None:
    """The most serious of several lines (None when none applies)."""
    present = [line for line in LINES if line in lines]
    return present[0] if present else None
