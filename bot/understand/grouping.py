"""Issues after filing: the same situation raised twice is one issue; good news read as a problem; pillar cue examples;
the use-case stage."""

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


# What leaves the business something to settle, said anywhere in the update: an ask, options laid out, a risk named;
# and the exact signs that a problem still stands: a negation, "still", a figure on the wrong side of its bound, a date
# moved, a slip, a shortfall.
_UNSETTLED = frozenset({"asks", "option", "risk", "negated", "still", "compared_worse", "date_moved", "slip", "short", "for_now"})
# Exact signs of good news: a figure better than before or inside its bound, a step done, a fix made, a measure steady.
GOOD_CUES = frozenset({"better", "compared_better", "done", "resolved", "steady", "on_track", "no_problem"})


def near_good(pick, known: dict[str, Situation], gap: float | None) -> bool:
    """True when the pick, if filed under an open situation, scores less than `gap` above its best good-news situation
    (a step done or a fix made): the nearness reads_good asks of every clause of an update."""
    if gap is None:
        return False
    if known[pick.label].polarity != "open":
        return True
    good = [lab for lab, sit in known.items() if sit.polarity in {"done", "resolved"}]
    return pick.scores[pick.label] - max(pick.scores.get(lab, -9.0) for lab in good) < gap


def reads_good(clauses, picks, known: dict[str, Situation], gap: float | None, traded=frozenset()) -> bool:
    """True when the update is good news whose work goes on, though meaning filed part of it under a problem.

    It carries good news (a clause filed as a step done or a fix made, or an exact sign of one), every clause filed
    under an open situation scores less than `gap` above its best good-news situation, and nothing in it leaves the
    business something to settle (`_UNSETTLED`, or a trade-off laid out). Such an update ("the churn model beat its
    baseline by six points; we move on to the retention offers") puts nothing to the business.
    """
    if gap is None or traded or any(_UNSETTLED & set(c.cues) for c in clauses):
        return False
    if not any(known[p.label].polarity in {"done", "resolved"} or GOOD_CUES & set(c.cues) for c, p in zip(clauses, picks)):
        return False
    return all(near_good(p, known, gap) for p in picks)


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
