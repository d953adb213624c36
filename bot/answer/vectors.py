"""Sentence vectors for choosing answer sentences by meaning, cached by text in memory and on disk.

The BoK's sentences repeat across questions while questions vary: each sentence is embedded once, and a new
process (a one-off `compel ask`) reads the vectors earlier processes saved instead of embedding them again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

log = logging.getLogger(__name__)

MAX_CACHED = 20_000  # ~30 MB of 384-d float32 vectors: every sentence of a large BoK, with room to spare


def _key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8")).digest()


class SentenceVectors:
    """Unit vectors of sentences, embedded once each and kept (least recently used dropped first)."""

    def __init__(self, embed_batch: Callable[[Sequence[str]], np.ndarray], limit: int = MAX_CACHED, path: Path | None = None) -> None:
        self._embed = embed_batch
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._limit = limit
        self._path = path
        self._lock = threading.Lock()  # Slack answers on several threads
        self._load()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, embedding only the texts not seen before (in one batch)."""
        keys = [_key(t) for t in texts]
        with self._lock:
            missing = list(dict.fromkeys((k, t) for k, t in zip(keys, texts) if k not in self._cache))
        if missing:
            fresh = self._embed([t for _, t in missing])
            with self._lock:
                for (k, _), vec in zip(missing, fresh):
                    self._cache[k] = np.asarray(vec, dtype=np.float32)
                while len(self._cache) > self._limit:
                    self._cache.popitem(last=False)
                self._save()
        with self._lock:
            rows = []
            for k, t in zip(keys, texts):
                vec = self._cache.get(k)
                if vec is None:  # dropped by a concurrent fill: embed it alone
                    vec = np.asarray(self._embed([t])[0], dtype=np.float32)
                else:
                    self._cache.move_to_end(k)
                rows.append(vec)
        return np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)

    def seed(self, texts: Sequence[str], matrix: np.ndarray) -> None:
        """Take vectors already computed elsewhere (the index's sentence vectors) for texts not held yet."""
        with self._lock:
            for text, vec in zip(texts, matrix):
                self._cache.setdefault(_key(text), np.asarray(vec, dtype=np.float32))
            while len(self._cache) > self._limit:
                self._cache.popitem(last=False)

    def _load(self) -> None:
        if self._path is None or not self._path.exists():
            return
        try:
            with np.load(self._path, allow_pickle=False) as data:
                keys, matrix = data["keys"], data["matrix"]
            self._cache.update((bytes(k), row) for k, row in zip(keys, matrix))
        except Exception as exc:  # noqa: BLE001 - a damaged cache only costs embedding again
            log.debug("sentence vector cache %s unreadable (%s); starting empty", self._path, exc)

    def _save(self) -> None:
        """Write the cache atomically (only after new sentences were embedded)."""
        if self._path is None or not self._cache:
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            keys = np.array(list(self._cache), dtype="S20")
            matrix = np.vstack(list(self._cache.values()))
            fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".sentences.", suffix=".npz")
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, keys=keys, matrix=matrix)
            os.replace(tmp, self._path)
        except OSError as exc:
            log.debug("could not save the sentence vector cache at %s (%s)", self._path, exc)
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(tmp)
