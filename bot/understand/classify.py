"""Filing clauses by meaning: each situation scores by its nearest labelled examples and a linear model over them.

The nearest examples (cosine) say how close a clause is to anything in the bank; a softmax regression fitted on the
bank (scikit-learn, offline; its weights ship beside the vectors) weighs every example of a situation at once, which
reads new wordings better than any single neighbour (5-fold CV on the bank: see bench_translate).
"""

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
                 fallback: str = "note", linear: "Linear | None" = None, weight: float = 0.0) -> None:
        self.labels = sorted(set(labels))
        self.weight = weight if linear is not None else 0.0
        self._linear = linear.aligned(self.labels) if linear is not None and weight else None
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
        near = top.mean(axis=2)
        if self._linear is None:
            return near
        return near + self.weight * self._linear.proba(vectors)

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


@dataclass(frozen=True)
class Linear:
    """Softmax regression weights over clause vectors: proba = softmax(x @ coef.T + intercept)."""

    coef: np.ndarray
    intercept: np.ndarray
    labels: tuple[str, ...]

    def aligned(self, labels: list[str]) -> "Linear":
        """The same model with its columns in `labels` order (a label it never saw scores nothing)."""
        at = {lab: i for i, lab in enumerate(self.labels)}
        coef = np.zeros((len(labels), self.coef.shape[1]), dtype=np.float32)
        intercept = np.full(len(labels), -1e4, dtype=np.float32)
        for j, lab in enumerate(labels):
            if lab in at:
                coef[j], intercept[j] = self.coef[at[lab]], self.intercept[at[lab]]
        return Linear(coef, intercept, tuple(labels))

    def proba(self, vectors: np.ndarray) -> np.ndarray:
        """Per-row class probabilities, columns in `self.labels` order."""
        z = np.asarray(vectors, dtype=np.float32) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def fit_linear(vectors: np.ndarray, labels: list[str] | tuple[str, ...], c: float = 4.0) -> Linear:
    """Fit the softmax regression on labelled vectors (scikit-learn, imported here: only fitting needs it)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=2000).fit(np.asarray(vectors, dtype=np.float32), list(labels))
    return Linear(model.coef_.astype(np.float32), model.intercept_.astype(np.float32), tuple(str(x) for x in model.classes_))
