"""Sentence vectors for choosing answer sentences by meaning, cached by text (the BoK repeats, questions vary)."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Callable, Sequence

import numpy as np

log = logging.getLogger(__name__)

MAX_CACHED = 20_000  # ~30 MB of 384-d float32 vectors: every sentence of a large BoK, with room to spare


class SentenceVectors:
    """Unit vectors of sentences, embedded once each and kept (least recently used dropped first)."""

    def __init__(self, embed_batch: Callable[[Sequence[str]], np.ndarray], limit: int = MAX_CACHED) -> None:
        self._embed = embed_batch
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._limit = limit
        self._lock = threading.Lock()  # Slack answers on several threads

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, embedding only the texts not seen before (in one batch)."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            fresh = self._embed(missing)
            with self._lock:
                for text, vec in zip(missing, fresh):
                    self._cache[text] = np.asarray(vec, dtype=np.float32)
                while len(self._cache) > self._limit:
                    self._cache.popitem(last=False)
        with self._lock:
            rows = []
            for t in texts:
                vec = self._cache.get(t)
                if vec is None:  # dropped by a concurrent fill: embed it alone
                    vec = np.asarray(self._embed([t])[0], dtype=np.float32)
                else:
                    self._cache.move_to_end(t)
                rows.append(vec)
        return np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)
