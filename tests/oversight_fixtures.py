"""Small programs for oversight tests: a base of four workstreams and seven sprints, plus what each test adds."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.commands.records import DEMO_FILE
from store.models import ProgramData

START = date(2026, 1, 5)


def sprint_start(n: int) -> date:
    """First day of sprint n (two-week sprints from START)."""
    return START + timedelta(days=14 * (n - 1))


def day(sprint: int, offset: int = 1) -> date:
    """A date inside sprint n."""
    return sprint_start(sprint) + timedelta(days=offset)


def sprints(current: int = 7, **overrides: dict[str, Any]) -> list[dict[str, Any]]:
    """Sprints 1..current with healthy completion and debt share unless overridden (key 's<n>')."""
    out = []
    for n in range(1, current + 1):
        row = {"number": n, "start": sprint_start(n), "end": sprint_start(n) + timedelta(days=13),
               "committed": 10, "completed": 9, "debt_capacity_share": 0.18}
        row.update(overrides.get(f"s{n}", {}))
        out.append(row)
    return out


def use_case(uc_id: str, stage: str, **fields: Any) -> dict[str, Any]:
    """A use case in the technology workstream at a stage; fields override."""
    row: dict[str, Any] = {"id": uc_id, "name": uc_id.replace("-", " ").title(), "workstream": "ws-tech", "stage": stage}
    row.update(fields)
    return row


def program(current: int = 7, sprint_overrides: dict[str, Any] | None = None, **kinds: Any) -> ProgramData:
    """A validated ProgramData with the base workstreams and sprints and the given records."""
    raw: dict[str, Any] = {
        "program": {"id": "p1", "name": "Test Program", "current_sprint": current},
        "workstreams": [
            {"id": "ws-tech", "name": "Platform", "pillar": "technology", "lead": "Tech Lead"},
            {"id": "ws-gov", "name": "Governance", "pillar": "governance"},
            {"id": "ws-people", "name": "Training", "pillar": "people"},
            {"id": "ws-process", "name": "Process", "pillar": "process"},
        ],
        "sprints": sprints(current, **(sprint_overrides or {})),
    }
    raw.update(kinds)
    return ProgramData.model_validate(raw)


def update(uid: str, sprint: int, use_cases: list[str], progress: bool = True, text: str = "worked on it") -> dict[str, Any]:
    """A stand-up update inside a sprint."""
    return {"id": uid, "date": day(sprint), "author": "Sam", "use_cases": use_cases, "text": text, "progress": progress}


def load_demo() -> str:
    """Import the demo program into the test's data dir straight through the store (no index sync); its id."""
    from bot.services import Services
    from store.io import read_program

    services = Services()
    try:
        data = read_program(DEMO_FILE)
        services.records.import_program(data)
        return data.program.id
    finally:
        services.close()
