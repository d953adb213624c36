"""Scope by meaning: how much a question reads like the near-domain questions the indexed texts leave open.

The corpus side of abstention (how near the best sentence is) cannot tell a question the articles answer from one
on the same topic that asks for something of another kind: a market figure, a product to buy, steps in a named
tool, a legal rule, a ready-made document. What a question asks for shows in its embedding, so a linear model over
the question's vector (the one retrieval already computed) scores it: class-balanced ridge regression onto +1 (out
of scope) / -1 (in scope), closed form, fitted on the labelled questions of every writer the project has (the
development sets and the own sets of tests/data) and on a bank of our own examples on many subjects
(knowledge/scope_bank.yaml: what kinds of request the articles do and do not serve). Retrieval takes the score
times a weight off the evidence.

benchmarks/bench_retrieval.py measures it leave-one-set-out (fitted on the other writers' questions, the weight,
threshold and regularisation chosen there, measured on the left-out writer) and as 5-fold CV on the development
set; the shipped knobs are what the same selection picks on all of them. The weights are valid for the local
encoder only: with another embedding model there is no shipped model and the evidence is left as it is.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

MODEL = Path(__file__).resolve().parent / "scope-model.npz"
BANK = MODEL.with_name("scope_bank.yaml")
L2 = 1.0  # the regularisation bench_retrieval.py's selection picks on all labelled questions (from 1, 3, 10)
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


def score(model: tuple[np.ndarray, float], qvec: np.ndarray) -> float:
    """How much the question reads like one the texts leave open: above 0 leans out of scope, below 0 in scope."""
    w, b = model
    return float(np.asarray(qvec, dtype=np.float64) @ w + b)


@lru_cache(maxsize=1)
def shipped() -> tuple[np.ndarray, float] | None:
    """The shipped model (local encoder), or None when the file is missing."""
    if not MODEL.is_file():
        return None
    with np.load(MODEL, allow_pickle=False) as data:
        return data["w"].astype(np.float64), float(data["b"])


def shipped_digest() -> str:
    """The digest of the labelled questions and regularisation the shipped model was fitted on ('' without one)."""
    if not MODEL.is_file():
        return ""
    with np.load(MODEL, allow_pickle=False) as data:
        return str(data["digest"])


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
    np.savez(MODEL, w=w.astype(np.float32), b=np.float64(b), digest=np.str_(digest(questions, out, l2)))
    MODEL.chmod(0o644)
    shipped.cache_clear()
    return MODEL


if __name__ == "__main__":  # python -m knowledge.scope  (after a labelled question file changes)
    print(write_shipped())
