"""Filing clauses by meaning: each situation scores by its nearest labelled examples (cosine, NumPy only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Scored:
    """A clause's best situation, how well it matched, and every situation's score."""

    label: str
    score: float
    margin: float
    scores: dict[str, float]


class NearestExamples:
    """Per-situation mean similarity of the k nearest examples; below `floor` a clause is a plain note."""

    def __init__(self, vectors: np.ndarray, labels: tuple[str, ...] | list[str], *, k: int = 3, floor: float = 0.3,
                 fallback: str = "note") -> None:
        self.labels = sorted(set(labels))
        self.k = k
        self.floor = floor
        self.fallback = fallback
        # One matrix per situation: a clause's similarity to all of them is one product.
        self._rows = {lab: np.asarray([v for v, l in zip(vectors, labels) if l == lab], dtype=np.float32) for lab in self.labels}
        self._all = np.concatenate([self._rows[lab] for lab in self.labels])
        self._bounds = np.cumsum([0] + [len(self._rows[lab]) for lab in self.labels])

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """Rows of per-situation scores (columns in `self.labels` order)."""
        sims = np.asarray(vectors, dtype=np.float32) @ self._all.T
        out = np.empty((sims.shape[0], len(self.labels)), dtype=np.float32)
        for j in range(len(self.labels)):
            part = sims[:, self._bounds[j] : self._bounds[j + 1]]
            k = min(self.k, part.shape[1])
            top = np.partition(part, part.shape[1] - k, axis=1)[:, -k:]
            out[:, j] = top.mean(axis=1)
        return out

    def pick(self, row: np.ndarray, boosts: dict[str, float] | None = None) -> Scored:
        """The best situation for one row of scores, after the exact rules' boosts."""
        values = {lab: float(row[j]) for j, lab in enumerate(self.labels)}
        for lab, add in (boosts or {}).items():
            if lab in values:
                values[lab] += add
        ranked = sorted(values.items(), key=lambda kv: -kv[1])
        (best, top), second = ranked[0], ranked[1][1] if len(ranked) > 1 else 0.0
        if top < self.floor:
            return Scored(self.fallback, top, top - second, values)
        return Scored(best, top, top - second, values)
