"""The index's read snapshot on disk (chunks, BM25 terms, embeddings, sentence vectors), and building sentence vectors."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np

from knowledge.retrieve import Windows, window_texts
from knowledge.types import Chunk

log = logging.getLogger(__name__)

SNAPSHOT_VERSION = 2  # 2: sentence vectors; an older snapshot is rebuilt from the store on first read
EMBED_SLICE = 256  # texts per embedding call: large enough for the bulk path, small enough to show progress


class SnapshotParts(NamedTuple):
    """Everything retrieval reads, as one snapshot holds it."""

    chunks: list[Chunk]
    tokens: list[list[str]]
    matrix: np.ndarray
    windows: Windows


def write_snapshot(path: Path, parts: SnapshotParts) -> None:
    """Replace the snapshot atomically: a reader sees the old one or the new one, never half of either."""
    payload = json.dumps({
        "version": SNAPSHOT_VERSION, "chunks": [c.model_dump() for c in parts.chunks],
        "tokens": [" ".join(t) for t in parts.tokens], "window_ids": parts.windows.ids,
    })
    atomic_write(path, lambda fh: np.savez(
        fh, matrix=parts.matrix, windows=parts.windows.matrix, window_owner=parts.windows.owner,
        meta=np.frombuffer(payload.encode(), dtype=np.uint8),
    ))


def read_snapshot(path: Path) -> SnapshotParts | None:
    """The snapshot's parts; None when it is missing, damaged, of another version or out of step with itself."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(data["meta"].tobytes())
            if meta.get("version") != SNAPSHOT_VERSION:
                log.info("index snapshot %s is version %s; rebuilding it", path, meta.get("version"))
                return None
            matrix = data["matrix"]
            windows = Windows(data["window_owner"], data["windows"], list(meta["window_ids"]))
        chunks = [Chunk.model_construct(**c) for c in meta["chunks"]]
        tokens = [t.split() for t in meta["tokens"]]
        consistent = (
            len(chunks) == len(tokens) == len(matrix)
            and len(windows.ids) == len(windows.owner) == len(windows.matrix)
            and (not len(windows.owner) or int(windows.owner.max()) < len(chunks))
        )
        if not consistent:
            raise ValueError("its parts have different lengths")
    except Exception as exc:  # a damaged snapshot is rebuilt from the store of record
        log.warning("index snapshot %s unreadable (%s); rebuilding it from the vector store", path, exc)
        return None
    return SnapshotParts(chunks, tokens, matrix, windows)


def build_windows(
    chunks: list[Chunk], dim: int, known: dict[str, np.ndarray], embed: Callable, progress: Callable | None = None
) -> Windows:
    """Sentence vectors for the chunks, embedding only texts not in `known` (vectors by content hash)."""
    owner: list[int] = []
    ids: list[str] = []
    todo: dict[str, str] = {}
    for i, chunk in enumerate(chunks):
        for text in window_texts(chunk):
            wid = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
            owner.append(i)
            ids.append(wid)
            if wid not in known:
                todo[wid] = text
    if not ids:
        return Windows.empty(dim)
    known = dict(known)
    items = list(todo.items())
    for start in range(0, len(items), EMBED_SLICE):
        part = items[start : start + EMBED_SLICE]
        known.update(zip((w for w, _ in part), embed()([t for _, t in part])))
        if progress:
            progress(start + len(part), len(items), "sentences")
    return Windows(np.array(owner, dtype=np.int64), np.vstack([known[w] for w in ids]).astype(np.float32), ids)


def atomic_write(path: Path, write: Callable) -> None:
    """Write a file through a temporary one in the same folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
