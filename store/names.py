"""Finding records by what people call them: the closest names to a miss, and a use case by id, name or alias."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.errors import NotFoundError

if TYPE_CHECKING:
    from store.models import UseCase


def closest(word: str, names: dict[str, str], n: int = 3, cutoff: float = 0.4) -> list[str]:
    """Display names of the candidates closest to `word` (names maps a lower-case alias to a display name)."""
    hits = difflib.get_close_matches(word.lower(), list(names), n=n * 2, cutoff=cutoff)
    out: list[str] = []
    for hit in hits:
        if names[hit] not in out:
            out.append(names[hit])
    return out[:n]


def find_use_case(cases: Iterable["UseCase"], program_id: str, id_or_name: str) -> "UseCase":
    """A use case by id, name or alias (any case); unknown names raise NotFoundError naming the closest."""
    cases = list(cases)
    wanted = id_or_name.strip().lower()
    names: dict[str, str] = {}
    for uc in cases:
        for alias in (uc.id, uc.name, *uc.aliases):
            if alias.lower() == wanted:
                return uc
            names.setdefault(alias.lower(), uc.id if uc.name == uc.id else f"{uc.id} ({uc.name})")
    close = closest(wanted, names)
    hint = f" Closest: {', '.join(close)}." if close else f" Known: {', '.join(uc.id for uc in cases) or 'none'}."
    raise NotFoundError(f"No use case {id_or_name!r} in program {program_id!r}.{hint}")
