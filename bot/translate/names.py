"""The names a program's records give its things and people, which the translator keeps whole (Glossary.protecting)."""

from __future__ import annotations

from typing import Any

# The record kinds whose names are read: the program itself, its workstreams and its use cases.
KINDS = ("workstreams", "use_cases")


def program_names(records: dict[str, list[dict[str, Any]]]) -> tuple[str, ...]:
    """The program's, workstreams', use cases' and their integration points' names, and the people the records name
    as leads and owners: a glossary term written inside one ("Delivery ETA prediction") is part of the name.

    `records`: the program's record under "program" and its KINDS records, as stored (plain dicts).
    """
    names = [p.get("name") for p in records.get("program", [])]
    for w in records.get("workstreams", []):
        names += [w.get("name"), w.get("lead")]
    for uc in records.get("use_cases", []):
        names += [uc.get("name"), uc.get("owner"), *(p.get("name") for p in uc.get("integration_points") or [])]
    return tuple(dict.fromkeys(n.strip() for n in names if isinstance(n, str) and n.strip()))
