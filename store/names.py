"""Finding records by what people call them: the closest names to a miss, and a use case by id, name or alias."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from bot.errors import UseCaseNotFound


class _Named(Protocol):
    """What finding a record by name reads (a UseCase has it); typed so, this module needs no import of the models,
    which import the checks that import it."""

    id: str
    name: str
    aliases: Sequence[str]


NamedRecord = TypeVar("NamedRecord", bound=_Named)

KNOWN_SHOWN = 10  # a refusal is one line: a program of 200 use cases names ten and says where the rest are


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`: optimal string alignment."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def is_close(word: str, candidate: str) -> bool:
    """A slip of the keyboard: about one edit in three letters (at least one), or one name starting the other (2+ letters)."""
    word, candidate = word.lower().strip(), candidate.lower().strip()
    if not word or not candidate:
        return False
    shorter, longer = sorted((word, candidate), key=len)
    if len(shorter) >= 2 and longer.startswith(shorter):  # "stat" for status, "ws-9" for ws
        return True
    return edit_distance(word, candidate) <= max(1, len(word) // 3)


def closest(word: str, names: dict[str, str], n: int = 3) -> list[str]:
    """Display names of the candidates that are close to `word` (names maps a lower-case alias to a display name).

    Only real near-misses are offered: a suggestion that is not close misleads more than no suggestion.
    """
    wanted = word.lower().strip()
    hits = sorted((k for k in names if is_close(wanted, k)), key=lambda k: (edit_distance(wanted, k), -difflib.SequenceMatcher(None, wanted, k).ratio()))
    out: list[str] = []
    for hit in hits:
        if names[hit] not in out:
            out.append(names[hit])
    return out[:n]


def _containing(wanted: str, names: dict[str, str], n: int = 3) -> list[str]:
    """Display names of the candidates holding `wanted` as whole words ("photo triage" in "damage claim photo triage")."""
    if len(wanted.replace(" ", "")) < 4:
        return []
    out: list[str] = []
    for key, shown in names.items():
        if f" {wanted} " in f" {key} " and shown not in out:
            out.append(shown)
    return out[:n]


def find_use_case(cases: Iterable[NamedRecord], program_name: str, id_or_name: str) -> NamedRecord:
    """A use case by id, name or alias (any case); unknown names raise NotFoundError naming the closest, by name
    (every command takes a use case by its name, so the id a person never reads stays out of the text)."""
    cases = list(cases)
    wanted = id_or_name.strip().lower()
    names: dict[str, str] = {}
    for uc in cases:
        for alias in (uc.id, uc.name, *uc.aliases):
            if alias.lower() == wanted:
                return uc
            names.setdefault(alias.lower(), uc.name)
    close = closest(wanted, names) or _containing(wanted, names)
    shown = list(dict.fromkeys(uc.name for uc in cases))
    known = ", ".join(shown[:KNOWN_SHOWN]) or "none"
    if len(shown) > KNOWN_SHOWN:
        known += f" and {len(shown) - KNOWN_SHOWN} more (`compel status` lists them all)"
    hint = f" Closest: {', '.join(close)}." if close else f" Known: {known}."
    raise UseCaseNotFound(f"No use case {id_or_name!r} in {program_name}.{hint}")
