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
        # One padded block per situation, so every clause against every example is one product and one partition.
        rows = {lab: np.asarray([v for v, l in zip(vectors, labels) if l == lab], dtype=np.float32) for lab in self.labels}
        width = max(len(r) for r in rows.values())
        self._k = min(k, min(len(r) for r in rows.values()))
        self._all = np.zeros((len(self.labels) * width, np.asarray(vectors).shape[1]), dtype=np.float32)
        self._pad = np.zeros(len(self.labels) * width, dtype=bool)
        for j, lab in enumerate(self.labels):
            self._all[j * width : j * width + len(rows[lab])] = rows[lab]
            self._pad[j * width + len(rows[lab]) : (j + 1) * width] = True
        self._width = width

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """Rows of per-situation scores (columns in `self.labels` order)."""
        sims = np.asarray(vectors, dtype=np.float32) @ self._all.T
        sims[:, self._pad] = -2.0  # padding never counts among the nearest
        sims = sims.reshape(sims.shape[0], len(self.labels), self._width)
        top = np.partition(sims, self._width - self._k, axis=2)[:, :, -self._k :]
        return top.mean(axis=2)

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
