"""Issues after filing: the same situation raised twice is one issue; pillar cue examples; the use-case stage."""

from __future__ import annotations

from collections import Counter

import numpy as np

from bot.understand.bank import PILLAR_PREFIX, Situation, situations
from bot.understand.model import Issue


def merge_same(groups: list[list]) -> list[list]:
    """One issue per situation: the same problem raised in two places of an update is one issue with both clauses."""
    out: list[list] = []
    for group in groups:
        same = next((g for g in out if g[0].name == group[0].name), None)
        if same is None:
            out.append(group)
        else:
            same[1] = [*same[1], *group[1]]
            same[2], same[3] = max(same[2], group[2]), max(same[3], group[3])
    return out


def pillar_examples(vectors: np.ndarray, labels: list[str]) -> tuple[np.ndarray, list[str]]:
    """Pillar cue examples: the "pillar:" ones, plus each situation example under its situation's own pillars.

    A situation of technology alone is plain technical work ("pillar:none"); one without technology lends its
    examples to each pillar it names. A wait for access is left out: it is often a governance step, often not.
    """
    known = situations()
    rows, names = [], []
    for v, lab in zip(vectors, labels):
        if lab.startswith(PILLAR_PREFIX):
            rows.append(v), names.append(lab)
            continue
        sit = known.get(lab)
        if sit is None or sit.name in {"note", "access_wait"}:
            continue
        if set(sit.pillars) == {"technology"}:
            rows.append(v), names.append(PILLAR_PREFIX + "none")
        elif "technology" not in sit.pillars:
            for p in sit.pillars:
                rows.append(v), names.append(PILLAR_PREFIX + p)
    return (np.asarray(rows, dtype=np.float32) if rows else np.zeros((0, vectors.shape[1]), np.float32)), names


def stage_of(matches, issues: list[Issue], known: dict[str, Situation]) -> str | None:
    """The use-case stage: the glossary terms' stage when they agree, else the leading issue's."""
    votes = Counter(m.entry.stage for m in matches if m.entry.stage)
    ranked = votes.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return known[issues[0].situation].stage if issues else None
