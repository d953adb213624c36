"""A program without its stand-up bodies: every other record, plus what the updates add up to, aggregated in SQL.

Reading 100k stand-up updates back costs more than a second; what the oversight rules need from them is small:
per use case and sprint, the first update that claims progress, and the date of the latest update. The queries are
plain SQL that SQLite and PostgreSQL both run, so the same text serves SQLAlchemy and the stdlib reader
(store/sqlite_read.py) that answers `compel risks` without importing SQLAlchemy.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

from pydantic import TypeAdapter

from store.models import KINDS, ProgramData, StandupUpdate
from store.sql import KIND_SQL, REVISION_SQL

# (sql, params) -> rows as tuples; every query uses named parameters (:name).
Run = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]

_UPDATES = TypeAdapter(list[StandupUpdate])

SPAN_SQL = "SELECT MAX(day), COUNT(*) FROM records WHERE program_id = :p AND kind = 'updates'"
# The earliest progress claim per (use-case list, sprint), "YYYY-MM-DD key", read from its partial index, joined to
# its record (the key starts at the 12th character).
CLAIMS_SQL = """
SELECT g.use_cases, g.sprint, g.first, r.data
FROM (
    SELECT use_cases, sprint, MIN(CAST(day AS VARCHAR(10)) || ' ' || key) AS first
    FROM records
    WHERE program_id = :p AND kind = 'updates' AND progress = 1 AND sprint IS NOT NULL
    GROUP BY use_cases, sprint
) g
JOIN records r ON r.program_id = :p AND r.kind = 'updates' AND r.key = SUBSTR(g.first, 12)
"""


@dataclass(frozen=True)
class ProgramOutline:
    """A program's records except the update bodies (`data.updates` is empty), with the updates' aggregates."""

    revision: int
    data: ProgramData
    first_claims: dict[str, dict[int, StandupUpdate]] = field(default_factory=dict)
    last_update: Date | None = None
    update_count: int = 0


def read_outline(run: Run, program_id: str) -> ProgramOutline | None:
    """The outline of one program (None when there is no such program); run all queries in one read transaction."""
    head = run(REVISION_SQL, {"p": program_id})
    if not head:
        return None
    revision, program_json = head[0]
    parts = [f'"program":{program_json}']
    for kind in KINDS:
        if kind != "updates":
            rows = run(KIND_SQL, {"p": program_id, "k": kind})
            parts.append(f'"{kind}":[{",".join(r[0] for r in rows)}]')
    data = ProgramData.model_validate_json("{" + ",".join(parts) + "}", context={"trusted": True})
    last, count = run(SPAN_SQL, {"p": program_id})[0]
    if isinstance(last, str):  # SQLite hands back the stored ISO text
        last = Date.fromisoformat(last)
    claims = first_claims(run(CLAIMS_SQL, {"p": program_id})) if count else {}
    return ProgramOutline(int(revision), data, claims, last, int(count))


def first_claims(rows: Sequence[Sequence[Any]]) -> dict[str, dict[int, StandupUpdate]]:
    """Use case -> sprint -> the earliest update (by date, then id) that sprint claiming progress on it.

    An update about several use cases counts for each, so the per-list winners are merged: the earliest of the
    earliest is the earliest.
    """
    best: dict[tuple[str, int], tuple[str, str]] = {}
    links_of: dict[str, list[str]] = {}
    for links, sprint, day_key, data in rows:
        ucs = links_of.get(links)
        if ucs is None:
            ucs = links_of[links] = json.loads(links or "[]")
        for uc in ucs:
            seen = best.get((uc, sprint))
            if seen is None or day_key < seen[0]:
                best[(uc, sprint)] = (day_key, data)
    winners = {day_key: data for day_key, data in best.values()}
    order = list(winners)
    updates = dict(zip(order, _UPDATES.validate_json("[" + ",".join(winners[k] for k in order) + "]")))
    claims: dict[str, dict[int, StandupUpdate]] = {}
    for (uc, sprint), (day_key, _) in best.items():
        claims.setdefault(uc, {})[int(sprint)] = updates[day_key]
    return claims
