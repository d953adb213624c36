"""Vectors shipped with the package for texts every install embeds alike: the knowledge pack's passages and sentences.

A first index then embeds only the BoK. Vectors are looked up by exact text and embedding model, so a pack edit
costs only its changed texts until the file is written again (`python -m bot.answer.prefetch`; a test checks it
covers the pack).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from knowledge.snapshot import atomic_write

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent / "pack"


def shipped_path(model: str) -> Path:
    """Where the vectors of one embedding model are kept."""
    return HERE / f"vectors-{''.join(ch if ch.isalnum() else '-' for ch in model)}.npz"


@lru_cache(maxsize=4)
def shipped_vectors(model: str) -> dict[str, np.ndarray]:
    """Text -> unit vector for the model named; empty when none are shipped for it."""
    path = shipped_path(model)
    if not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            texts, matrix = [str(t) for t in data["texts"]], data["matrix"].astype(np.float32)
    except Exception as exc:  # noqa: BLE001 - a damaged file only costs embedding the pack
        log.warning("shipped vectors %s unreadable (%s); the pack is embedded instead", path, exc)
        return {}
    return dict(zip(texts, matrix)) if len(texts) == len(matrix) else {}


def write_shipped(model: str, texts: Sequence[str], matrix: np.ndarray) -> Path:
    """Write the shipped vectors for a model (float32: the same numbers an index run would store)."""
    path = shipped_path(model)
    atomic_write(path, lambda fh: np.savez_compressed(fh, texts=np.array(list(texts)), matrix=np.asarray(matrix, dtype=np.float32)))
    path.chmod(0o644)  # a package file, readable by every user of the install
    shipped_vectors.cache_clear()
    return path
