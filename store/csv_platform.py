"""CSV for the platform and data-infrastructure kinds: which columns each needs, and cells that hold a list."""

from __future__ import annotations

import re

from store.models import ProcurementItem
from store.platform_models import CostMonth, Environment, PipelineRuns, PlatformControl, PlatformMilestone, VendorTicket

# kind -> (record class, required columns, columns holding lists separated by ";")
PLATFORM_CSV_KINDS = {
    "environments": (Environment, ("id", "name"), ()),
    "pipeline_runs": (PipelineRuns, ("id", "pipeline", "sprint", "runs"), ()),
    "costs": (CostMonth, ("id", "month", "budget", "actual"), ()),
    "procurement": (ProcurementItem, ("id", "item"), ("blocking",)),
    "vendor_tickets": (VendorTicket, ("id", "vendor", "subject", "opened"), ()),
    "platform_milestones": (PlatformMilestone, ("id", "name", "planned"), ("depends_on",)),
    "platform_controls": (PlatformControl, ("id", "area"), ()),
}
PLATFORM_CSV_NAMES = {
    "environments": "environments", "pipeline_runs": "pipeline runs", "costs": "monthly infrastructure costs",
    "procurement": "procurement items", "vendor_tickets": "vendor tickets", "platform_milestones": "platform milestones",
    "platform_controls": "platform governance checks",
}
# Columns that tell a file of the kind when some required ones are missing (the error then names those).
PLATFORM_CSV_HINTS = {
    "environments": ("promotes_to", "promotion_defined", "isolated"), "pipeline_runs": ("pipeline", "failures"),
    "costs": ("budget",), "procurement": ("item", "interim"), "vendor_tickets": ("vendor",),
    "platform_milestones": ("depends_on",), "platform_controls": ("area", "satisfied"),
}
DEPENDENCY_FORMAT = "TEAM: WHAT, N days[, requested YYYY-MM-DD][, done]"
_DAYS = re.compile(r"(\d+)\s*days?", re.IGNORECASE)
_REQUESTED = re.compile(r"requested\s+(\S+)", re.IGNORECASE)


def dependency(cell: str) -> dict:
    """'IT network: open the firewall to the registry, 10 days, requested 2026-10-01, done' -> ExternalDependency fields.

    The tail parts (lead time, request date, done) are read from the right, so the work itself may hold commas."""
    parts = [p.strip() for p in cell.split(",")]
    fields: dict = {}
    while len(parts) > 1:
        last = parts[-1]
        if (m := _DAYS.fullmatch(last)) and "lead_time_days" not in fields:
            fields["lead_time_days"] = int(m.group(1))
        elif (m := _REQUESTED.fullmatch(last)) and "requested" not in fields:
            fields["requested"] = m.group(1)
        elif last.lower() == "done":
            fields["done"] = True
        else:
            break
        parts.pop()
    team, sep, what = ", ".join(parts).partition(":")
    if not sep or "lead_time_days" not in fields:
        raise ValueError(f"dependency {cell!r} is not written as {DEPENDENCY_FORMAT}")
    return {"team": team.strip(), "what": what.strip(), **fields}


CELL_PARSERS = {("platform_milestones", "depends_on"): dependency}
