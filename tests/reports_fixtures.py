"""A generated program for the report tests: the demo's structure, new stand-up updates in our own words with figures and dates."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from pathlib import Path

from store.io import read_program
from store.models import ProgramData, StandupUpdate

DEMO = Path(__file__).resolve().parents[1] / "knowledge" / "demo" / "program.yaml"

# Our own wording, one kind of news each: progress, a wait, a quality shortfall, a choice, a cost overrun, a plan.
TEMPLATES = [
    "Reconciliation job now finishes in {n} minutes instead of {m}; depot leads have the numbers by {day}.",
    "Still no answer from the vendor on the {thing} licence; they promised it for {date}.",
    "Hit rate on last month's parcels is {p} percent against a goal of {q}, so the pilot cannot widen yet.",
    "Either we keep the nightly batch or we pay about {money} a month for hourly scoring; the sponsor has to pick by {date}.",
    "Cloud bill came in at {money}, roughly {p} percent over what finance planned for the quarter.",
    "Walked {n} dispatchers through the new screen; {m} asked for a printed guide before {day}.",
    "Waiting on the security team to approve the {thing} connection, requested {n} days ago.",
    "Labelled {n} more claim photos; about {p} percent were too dark to use.",
]
THINGS = ["mapping", "telemetry", "invoice archive", "warehouse feed", "scanner"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _fill(template: str, rng: random.Random, day: date) -> str:
    return template.format(
        n=rng.randint(3, 90), m=rng.randint(91, 240), p=rng.randint(2, 79), q=rng.randint(80, 95),
        day=rng.choice(DAYS), thing=rng.choice(THINGS), money=f"${rng.randint(2, 40)},{rng.randint(100, 999)}",
        date=f"{(day + timedelta(days=rng.randint(3, 30))):%d %B}",
    )


def generated_program(day: date = date(2026, 11, 4), per_day: int = 6, days: int = 3, seed: int = 11) -> ProgramData:
    """The demo with `per_day` generated updates on each of the `days` weekdays up to `day`, by its own people and use cases."""
    demo = read_program(DEMO)
    rng = random.Random(seed)
    people = sorted({u.author for u in demo.updates})
    owners = {uc.id: uc.owner for uc in demo.use_cases}
    new, when, n = [], day, 0
    for _ in range(days):
        for _ in range(per_day):
            uc = rng.choice(demo.use_cases)
            text = _fill(rng.choice(TEMPLATES), rng, when)
            new.append(StandupUpdate(id=f"g-{n:03d}", date=when, author=owners.get(uc.id) or rng.choice(people), workstream=uc.workstream,
                                     use_cases=[uc.id], text=text, progress=True))
            n += 1
        when -= timedelta(days=1)
        while when.weekday() >= 5:
            when -= timedelta(days=1)
    kept = [u for u in demo.updates if u.date < when]
    return demo.model_copy(update={"updates": [*kept, *new]})


def record_ids(data: ProgramData) -> set[str]:
    """Every record id the program holds: none of them belongs in text a person reads."""
    ids = {w.id for w in data.workstreams} | {uc.id for uc in data.use_cases} | {u.id for u in data.updates}
    for kind in ("data_quality", "access_requests", "procurement", "dependencies", "risks", "escalations", "debt", "decisions"):
        ids |= {r.id for r in getattr(data, kind)}
    return ids


def ids_in(text: str, ids: set[str]) -> list[str]:
    """The record ids and rule names that appear in a text as whole tokens."""
    from bot.oversight.engine import RULES

    found = []
    for token in set(re.findall(r"[A-Za-z0-9_:.-]+", text)):
        token = token.strip(".:,;")
        if token in ids or token in RULES or any(token.startswith(f"{rule}:") for rule in RULES):
            found.append(token)
    return sorted(found)
