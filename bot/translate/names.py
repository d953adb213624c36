"""The names a program's records give its things and people, which the translator keeps whole (Glossary.protecting)."""

from __future__ import annotations

from typing import Any


def program_names(data: Any) -> tuple[str, ...]:
    """The program's, workstreams', use cases' and their integration points' names, and the people the records name
    as leads and owners: a glossary term written inside one ("Delivery ETA prediction") is part of the name.

    `data` is a store.models.ProgramData (read by attribute, so this module needs nothing from the store).
    """
    names = [data.program.name]
    for w in data.workstreams:
        names += [w.name, w.lead]
    for uc in data.use_cases:
        names += [uc.name, uc.owner, *(p.name for p in uc.integration_points)]
    return tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))
