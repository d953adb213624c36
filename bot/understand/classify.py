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
        # The product runs over the real examples only (padding was ~2/3 of the block); padding scores -2 as before.
        self._real = np.flatnonzero(~self._pad)
        self._real_rows = np.ascontiguousarray(self._all[self._real])

    def scores(self, vectors: np.ndarray, feats: np.ndarray | None = None) -> np.ndarray:
        """Rows of per-situation scores (columns in `self.labels` order)."""
        near = self.near(vectors)
        if self._linear is None:
            return near
        return near + self.weight * self._linear.proba(vectors, feats)

    @property
    def linear(self) -> "Linear | None":
        """The situation model, rows in `self.labels` order (None when the nearest examples score alone)."""
        return self._linear

    def near(self, vectors: np.ndarray) -> np.ndarray:
        """Rows of per-situation mean similarity of the k nearest examples."""
        vectors = np.asarray(vectors, dtype=np.float32)
        sims = np.full((vectors.shape[0], len(self._pad)), -2.0, dtype=np.float32)  # padding never counts among the nearest
        sims[:, self._real] = vectors @ self._real_rows.T
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


@dataclass(frozen=True)
class Linear:
    """Softmax regression over clause vectors and exact cue features: proba = softmax(x @ coef.T + f @ fcoef.T + intercept)."""

    coef: np.ndarray
    intercept: np.ndarray
    labels: tuple[str, ...]
    fcoef: np.ndarray | None = None  # one column per name in `features`; None for a model of the vectors alone
    features: tuple[str, ...] = ()

    def aligned(self, labels: list[str]) -> "Linear":
        """The same model with its rows in `labels` order (a label it never saw scores nothing)."""
        at = {lab: i for i, lab in enumerate(self.labels)}
        coef = np.zeros((len(labels), self.coef.shape[1]), dtype=np.float32)
        fcoef = None if self.fcoef is None else np.zeros((len(labels), self.fcoef.shape[1]), dtype=np.float32)
        intercept = np.full(len(labels), -1e4, dtype=np.float32)
        for j, lab in enumerate(labels):
            if lab in at:
                coef[j], intercept[j] = self.coef[at[lab]], self.intercept[at[lab]]
                if fcoef is not None:
                    fcoef[j] = self.fcoef[at[lab]]
        return Linear(coef, intercept, tuple(labels), fcoef, self.features)

    def logits(self, vectors: np.ndarray) -> np.ndarray:
        """The vectors' part of the scores before the softmax (the features' part is added per clause)."""
        return np.asarray(vectors, dtype=np.float32) @ self.coef.T + self.intercept

    def feature_logits(self, feats: np.ndarray | None) -> np.ndarray | float:
        """The exact features' part of the scores (0 for a model of the vectors alone)."""
        if self.fcoef is None or feats is None:
            return 0.0
        return np.asarray(feats, dtype=np.float32) @ self.fcoef.T

    def proba(self, vectors: np.ndarray, feats: np.ndarray | None = None) -> np.ndarray:
        """Per-row class probabilities, columns in `self.labels` order."""
        return softmax(self.logits(vectors) + self.feature_logits(feats))


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = np.asarray(z, dtype=np.float32)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def fit_linear(vectors: np.ndarray, labels: list[str] | tuple[str, ...], c: float = 4.0,
               feats: np.ndarray | None = None, names: tuple[str, ...] = ()) -> Linear:
    """Fit the softmax regression on labelled vectors, with exact cue features beside them when given
    (scikit-learn, imported here: only fitting needs it)."""
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(vectors, dtype=np.float32)
    if feats is not None and len(names):
        x = np.hstack([x, np.asarray(feats, dtype=np.float32)])
    model = LogisticRegression(C=c, max_iter=3000).fit(x, list(labels))
    coef = model.coef_.astype(np.float32)
    width = np.asarray(vectors).shape[1]
    fcoef = coef[:, width:] if feats is not None and len(names) else None
    return Linear(coef[:, :width].copy(), model.intercept_.astype(np.float32), tuple(str(x) for x in model.classes_),
                  None if fcoef is None else fcoef.copy(), tuple(names) if fcoef is not None else ())
