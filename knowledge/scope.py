"""Scope by meaning: how much a question reads like the near-domain questions the indexed texts leave open.

The corpus side of abstention (how near the best sentence is) cannot tell a question the articles answer from one
on the same topic that asks for something of another kind: a market figure, a product to buy, steps in a named
tool, a legal rule, a ready-made document. What a question asks for shows in its embedding, so a linear model over
the question's vector (the one retrieval already computed) scores it: class-balanced ridge regression onto +1 (out
of scope) / -1 (in scope), closed form, fitted on the labelled questions of every writer the project has (the
development sets and the own sets of tests/data) and on a bank of our own examples on many subjects
(knowledge/scope_bank.yaml: what kinds of request the articles do and do not serve). Retrieval takes the score
times a weight off the evidence.

Beside the linear score, a neighbour term (scope11): how much nearer the question is to the labelled out-of-scope
questions than to the in-scope ones (the mean similarity of its k nearest of each, the same questions and bank the
ridge is fitted on, shipped as vectors). The linear model draws one boundary through the whole space; the neighbours
read the region the question sits in, so a question worded like a known kind of request leans the way those did.
The combined score is bounded where it meets the evidence (knowledge/retrieve.py, Calibration.scope_penalty): it
takes evidence away above a floor and never adds any, so a question that reads very much in scope cannot lift an
off-topic match over the threshold; the corpus side alone judges the topic.

benchmarks/bench_retrieval.py measures it leave-one-set-out (fitted on the other writers' questions, the weight,
threshold and regularisation chosen there, measured on the left-out writer) and as 5-fold CV on the development
set; the shipped knobs are what the same selection picks on all of them. The weights are valid for the local
encoder only: with another embedding model there is no shipped model and the evidence is left as it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

HERE = Path(__file__).resolve().parent
BANK = HERE / "scope_bank.yaml"
# What bench_retrieval.py's selection picks on all labelled questions: the ridge regularisation (from 1, 3, 10), the
# neighbours read per side (3, 5) and the neighbour term's weight in the score (0, 1, 2, 4, 8)
L2 = 3.0
NEIGHBOURS = 5
NEIGHBOUR_WEIGHT = 8.0
ROOT = Path(__file__).resolve().parents[1]


def fit(x: np.ndarray, out_of_scope: Sequence[bool], l2: float) -> tuple[np.ndarray, float]:
    """Class-balanced ridge regression onto +1 (out of scope) / -1 (in scope): the weights and the bias of the score."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(out_of_scope, dtype=bool)
    share = min(max(float(y.mean()), 1e-6), 1 - 1e-6)
    weight = np.where(y, 0.5 / share, 0.5 / (1 - share))
    xb = np.hstack([x, np.ones((len(x), 1))])
    wb = np.linalg.solve((xb * weight[:, None]).T @ xb + l2 * np.eye(xb.shape[1]), (xb * weight[:, None]).T @ np.where(y, 1.0, -1.0))
    return wb[:-1], float(wb[-1])


@dataclass(frozen=True)
class ScopeModel:
    """The ridge weights and bias, and the labelled questions' vectors the neighbour term reads."""

    w: np.ndarray
    b: float
    ref: np.ndarray  # unit vectors of the questions fitted on (labelled sets and bank)
    ref_out: np.ndarray  # whether each is out of scope
    neighbours: int = NEIGHBOURS
    neighbour_weight: float = NEIGHBOUR_WEIGHT


def neighbour_margin(qvecs: np.ndarray, ref: np.ndarray, ref_out: np.ndarray, k: int) -> np.ndarray:
    """Per question: the mean similarity of its k nearest out-of-scope references minus that of its k nearest in-scope ones."""
    sims = np.atleast_2d(np.asarray(qvecs, dtype=np.float64)) @ np.asarray(ref, dtype=np.float64).T
    ref_out = np.asarray(ref_out, dtype=bool)

    def nearest(side: np.ndarray) -> np.ndarray:
        part = sims[:, side]
        k_side = min(k, part.shape[1])
        if k_side == 0:
            return np.zeros(len(sims))
        return -np.sort(-part, axis=1)[:, :k_side].mean(axis=1)

    return nearest(ref_out) - nearest(~ref_out)


def ridge_score(w: np.ndarray, b: float, qvecs: np.ndarray) -> np.ndarray:
    """The linear part of the score for each question."""
    return np.atleast_2d(np.asarray(qvecs, dtype=np.float64)) @ w + b


def score(model: ScopeModel, qvec: np.ndarray) -> float:
    """How much the question reads like one the texts leave open: above 0 leans out of scope, below 0 in scope."""
    linear = ridge_score(model.w, model.b, qvec)[0]
    if model.neighbour_weight == 0:
        return float(linear)
    return float(linear + model.neighbour_weight * neighbour_margin(qvec, model.ref, model.ref_out, model.neighbours)[0])


def shipped_path(digest_: str) -> Path:
    """Where the model fitted on a training set of this digest ships."""
    return HERE / f"scope-model-{digest_}.npz"


def _shipped_file() -> Path | None:
    files = sorted(HERE.glob("scope-model-*.npz"))
    return files[0] if len(files) == 1 else None


@lru_cache(maxsize=1)
def shipped() -> ScopeModel | None:
    """The shipped model (local encoder), or None when there is no single shipped file."""
    path = _shipped_file()
    if path is None:
        return None
    with np.load(path, allow_pickle=False) as data:
        return ScopeModel(data["w"].astype(np.float64), float(data["b"]), data["ref"].astype(np.float64), data["ref_out"].astype(bool))


def shipped_digest() -> str:
    """The digest of the labelled questions and regularisation the shipped model was fitted on ('' without one)."""
    path = _shipped_file()
    return path.stem.removeprefix("scope-model-") if path is not None else ""


def digest(questions: Sequence[str], out_of_scope: Sequence[bool], l2: float) -> str:
    """A content hash of a training set, in any order: the shipped model is valid for exactly these questions and labels."""
    h = hashlib.sha256(repr(float(l2)).encode())
    for q, y in sorted(zip(questions, out_of_scope)):
        h.update(f"{int(bool(y))}\t{q}\n".encode())
    return h.hexdigest()[:16]


def labelled_paths() -> list[Path]:
    """Every labelled retrieval question file: the development sets (../shared/eval) and our own (tests/data)."""
    return sorted((ROOT.parent / "shared" / "eval").glob("retrieval_*.yaml")) + sorted((ROOT / "tests" / "data").glob("retrieval_own*.yaml"))


def bank() -> tuple[list[str], list[bool]]:
    """The bank's questions and whether each asks for what the texts leave open ("specific") or not ("general")."""
    import yaml

    data = yaml.safe_load(BANK.read_text(encoding="utf-8")) or {}
    specific, general = [str(q) for q in data.get("specific", [])], [str(q) for q in data.get("general", [])]
    return specific + general, [True] * len(specific) + [False] * len(general)


def labelled(paths: Sequence[Path]) -> tuple[list[str], list[bool]]:
    """The questions of the files and whether each is out of scope."""
    import yaml

    cases = [c for p in paths for c in yaml.safe_load(Path(p).read_text(encoding="utf-8"))["cases"]]
    return [str(c["q"]) for c in cases], [bool(c.get("abstain")) for c in cases]


def write_shipped(l2: float = L2, paths: Sequence[Path] | None = None) -> Path:
    """Fit on every labelled question and the bank with the local encoder and ship the weights (after either changes)."""
    from knowledge.embeddings import local_embedder

    questions, out = labelled(paths or labelled_paths())
    extra, extra_out = bank()
    questions, out = questions + extra, out + extra_out
    x = np.asarray(local_embedder().embed_batch(questions), dtype=np.float64)
    w, b = fit(x, out, l2)
    for old in HERE.glob("scope-model*.npz"):
        old.unlink()
    path = shipped_path(digest(questions, out, l2))
    np.savez(path, w=w.astype(np.float32), b=np.float64(b), ref=x.astype(np.float32), ref_out=np.asarray(out, dtype=bool))
    path.chmod(0o644)
    shipped.cache_clear()
    return path


if __name__ == "__main__":  # python -m knowledge.scope  (after a labelled question file changes)
    print(write_shipped())
