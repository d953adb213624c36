"""A generated program of any size, deterministic from its seed, for benchmarks and tests."""

from __future__ import annotations

import random
from datetime import date, timedelta

from store.models import PILLARS, STAGES, ProgramData


def generate_program(
    use_cases: int = 200, sprints: int = 26, updates_per_sprint: int = 20, *, program_id: str = "bench", seed: int = 7
) -> ProgramData:
    """A valid program: use cases over four workstreams, sprints, and `updates_per_sprint` updates per use case per sprint."""
    rng = random.Random(seed)
    start = date(2026, 1, 5)
    workstreams = [{"id": f"ws-{p}", "name": f"{p.title()} workstream", "pillar": p, "lead": f"lead-{p}"} for p in PILLARS]
    sprint_rows = [
        {
            "number": n,
            "start": start + timedelta(days=14 * (n - 1)),
            "end": start + timedelta(days=14 * n - 1),
            "committed": 40,
            "completed": rng.randint(20, 40),
            "debt_capacity_share": round(rng.uniform(0.05, 0.25), 2),
        }
        for n in range(1, sprints + 1)
    ]
    cases = []
    for i in range(use_cases):
        stage = STAGES[i % len(STAGES)]
        entered = [(n, s) for n, s in zip(range(1, sprints + 1, 3), STAGES[: STAGES.index(stage) + 1])]
        cases.append(
            {
                "id": f"uc-{i:03d}",
                "name": f"Use case {i}",
                "owner": f"owner-{i % 17}",
                "workstream": workstreams[i % len(workstreams)]["id"],
                "stage": stage,
                "stage_history": [{"sprint": n, "stage": s} for n, s in entered],
                "success_criteria": [
                    {"metric": "f1", "target": 0.8, "latest": round(rng.uniform(0.5, 0.9), 2), "measured_sprint": sprints}
                ],
                "integration_points": [
                    {"name": f"system-{j}", "added": start + timedelta(days=7 * j), "added_sprint": j // 2 + 1}
                    for j in range(rng.randint(0, 4))
                ],
            }
        )
    updates = []
    for sprint in sprint_rows:
        for k in range(updates_per_sprint * use_cases):  # `updates_per_sprint` per use case
            uc = cases[k % use_cases]
            updates.append(
                {
                    "id": f"u-{sprint['number']}-{k}",
                    "date": sprint["start"] + timedelta(days=k % 10),
                    "sprint": sprint["number"],
                    "author": uc["owner"],
                    "workstream": uc["workstream"],
                    "use_cases": [uc["id"]],
                    "text": f"Worked on {uc['name']}: step {k} of the plan, sprint {sprint['number']}.",
                    "blockers": ["waiting on data access"] if k % 13 == 0 else [],
                    "progress": k % 3 != 0,
                }
            )
    findings = [
        {"id": f"dq-{i}", "use_case": cases[i % use_cases]["id"], "sprint": 1 + i % sprints, "description": "nulls in a key column"}
        for i in range(use_cases // 2)
    ]
    debt = [
        {"id": f"debt-{i + 1:03d}", "description": f"shortcut {i}", "use_case": cases[i % use_cases]["id"], "planned_sprint": None if i % 4 == 0 else sprints}
        for i in range(use_cases // 4)
    ]
    return ProgramData.model_validate(
        {
            "program": {"id": program_id, "name": "Generated program", "current_sprint": sprints},
            "workstreams": workstreams,
            "use_cases": cases,
            "sprints": sprint_rows,
            "updates": updates,
            "data_quality": findings,
            "debt": debt,
        }
    )
