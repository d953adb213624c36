"""Embedding work an index run does: texts in slices with progress, shipped vectors first, and passages embedded
ahead on a thread while the vector store opens."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

import numpy as np

from knowledge.shipped import shipped_vectors
from knowledge.snapshot import EMBED_SLICE
from knowledge.types import Chunk

if TYPE_CHECKING:
    from knowledge.embeddings import Embedder


def embed_texts(
    embedder: "Embedder", texts: list[str], known: dict[str, np.ndarray] | None, progress: Callable | None, label: str
) -> dict[str, np.ndarray]:
    """Text -> vector for every text: from `known`, then the vectors shipped for the model, else embedded now."""
    shipped = shipped_vectors(getattr(embedder, "name", ""))
    out = {t: v for t in texts if (v := (known or {}).get(t, shipped.get(t))) is not None}
    todo = [t for t in dict.fromkeys(texts) if t not in out]
    for start in range(0, len(todo), EMBED_SLICE):
        part = todo[start : start + EMBED_SLICE]
        out.update(zip(part, embedder.embed_batch(part)))
        if progress:
            progress(start + len(part), len(todo), label)
    return out


class EmbedAhead:
    """Passages embedded on a daemon thread while the caller does other work (an error in it surfaces at result())."""

    def __init__(self, embed: Callable, chunks: list[Chunk], progress: Callable | None) -> None:
        self._chunks = chunks
        self._vectors: np.ndarray | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(embed, progress), daemon=True, name="compel-embed")
        if chunks:
            self._thread.start()

    def _run(self, embed: Callable, progress: Callable | None) -> None:
        try:
            self._vectors = embed(self._chunks, progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            self._error = exc

    def result(self) -> dict[str, np.ndarray]:
        """Text embedded -> vector (empty when nothing was embedded ahead)."""
        if not self._chunks:
            return {}
        self._thread.join()
        if self._error is not None:
            raise self._error
        return dict(zip((c.context_text() for c in self._chunks), self._vectors))
