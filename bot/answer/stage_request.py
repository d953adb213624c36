"""Is a question a request for the questions to ask (or things to check) at a use-case stage? A meaning decision:
class-balanced ridge regression on the question's embedding, fitted on a bank of labelled examples
(bot/answer/stage_requests.yaml), with the request word rule (bot.answer.stages.asks_questions) as one more feature.
benchmarks/bench_intent.py cross-validates it against the word rule alone.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml

from bot.answer.intent import Embed, bank_vectors, fit_router, write_arrays
from bot.answer.stages import asks_questions

log = logging.getLogger(__name__)

# libyaml's loader when present: the pure-Python one costs ~30 ms of a cold ask for the same data
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BANK = Path(__file__).with_name("stage_requests.yaml")
REQUEST = "request"
L2 = 0.3


def load_bank(path: Path = BANK) -> tuple[list[str], list[bool]]:
    """The bank's questions and whether each is a request."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    texts = [str(q) for label in data for q in data[label]]
    labels = [label == REQUEST for label in data for _ in data[label]]
    return texts, labels


def features(texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
    """The embedding with the word rule's verdict beside it."""
    rule = np.array([[1.0 if asks_questions(t) else 0.0] for t in texts], dtype=np.float64)
    return np.hstack([np.asarray(vectors, dtype=np.float64), rule])


def fit(texts: Sequence[str], labels: Sequence[bool], vectors: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights and bias of P(request)."""
    return fit_router(features(texts, vectors), np.array(labels), l2=L2)


class StageRequests:
    """The fitted decision, shipped with the package for the bank it was fitted on (refitted when the bank changes)."""

    def __init__(self, embed: Embed, cache_dir: Path | None = None, shipped: bool = True) -> None:
        self._embed = embed
        self._cache_dir = cache_dir
        self._shipped = shipped
        self.texts, self.labels = load_bank()
        self._model: tuple[np.ndarray, float] | None = None

    def digest(self) -> str:
        return hashlib.sha256(repr((self.texts, self.labels, L2)).encode()).hexdigest()[:16]

    def model(self) -> tuple[np.ndarray, float]:
        if self._model is None:
            digest = self.digest()
            path = self._cache_dir / f"stage-request-{digest}.npz" if self._cache_dir else None
            self._model = (_read(shipped_path(digest)) if self._shipped else None) or _read(path)
            if self._model is None:
                self._model = fit(self.texts, self.labels, bank_vectors(self._embed, self.texts, self._cache_dir))
                _write(path, self._model)
        return self._model

    def is_request(self, question: str, vector: np.ndarray) -> bool:
        """Whether the question asks for the questions to ask at a stage, given its vector."""
        w, b = self.model()
        return float(features([question], np.asarray(vector)[None, :])[0] @ w + b) > 0.0


def shipped_path(digest: str) -> Path:
    return BANK.with_name(f"stage-request-{digest}.npz")


def write_shipped(embed: Embed) -> Path:
    """Fit on the current bank and ship it, removing stale fits; run after editing stage_requests.yaml."""
    decision = StageRequests(embed, shipped=False)
    for old in BANK.parent.glob("stage-request-*.npz"):
        old.unlink()
    path = shipped_path(decision.digest())
    _write(path, decision.model())
    return path


def _read(path: Path | None) -> tuple[np.ndarray, float] | None:
    if path is None or not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return data["w"], float(data["b"])
    except Exception:  # noqa: BLE001 - a damaged cache only costs a refit
        log.debug("stage request model %s unreadable; fitting again", path)
        return None


def _write(path: Path | None, model: tuple[np.ndarray, float]) -> None:
    write_arrays(path, "stage request model", w=model[0], b=np.array(model[1]))


if __name__ == "__main__":  # python -m bot.answer.stage_request
    from knowledge.embeddings import local_embedder

    print(write_shipped(local_embedder().embed_batch))
