"""The index's files on disk: the read snapshot (chunks, BM25 terms, embeddings, sentence vectors), the manifest,
the writers' lock and the vector folder's identity mark, each written atomically; and building sentence vectors."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import uuid
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

import numpy as np

from bot.errors import StoreError
from knowledge.retrieve import Windows, window_texts
from knowledge.text import known_stems, remember_stems
from knowledge.types import Chunk

log = logging.getLogger(__name__)

SNAPSHOT_VERSION = 2  # 2: sentence vectors; an older snapshot is rebuilt from the store on first read
EMBED_SLICE = 256  # texts per embedding call: large enough for the bulk path, small enough to show progress


class Sentences(NamedTuple):
    """Texts an answer may weigh by meaning (beyond the sentence vectors retrieval uses), with their vectors row for row."""

    texts: list[str]
    matrix: np.ndarray

    @classmethod
    def empty(cls, dim: int = 0) -> "Sentences":
        return cls([], np.zeros((0, dim), dtype=np.float32))

    def by_text(self) -> dict[str, np.ndarray]:
        """Each text's vector."""
        return dict(zip(self.texts, self.matrix))


class SnapshotParts(NamedTuple):
    """Everything retrieval and answers read, as one snapshot holds it."""

    chunks: list[Chunk]
    tokens: list[list[str]]
    matrix: np.ndarray
    windows: Windows
    sentences: Sentences = Sentences.empty()


def write_snapshot(path: Path, parts: SnapshotParts) -> None:
    """Replace the snapshot atomically: a reader sees the old one or the new one, never half of either."""
    payload = json.dumps({
        "version": SNAPSHOT_VERSION, "chunks": [c.model_dump() for c in parts.chunks],
        "tokens": [" ".join(t) for t in parts.tokens], "window_ids": parts.windows.ids,
        "sentence_texts": parts.sentences.texts,
        "stems": known_stems(),  # a reader then stems its passages' words by lookup (knowledge/text.py)
    })
    atomic_write(path, lambda fh: np.savez(
        fh, matrix=parts.matrix, windows=parts.windows.matrix, window_owner=parts.windows.owner,
        sentences=parts.sentences.matrix, meta=np.frombuffer(payload.encode(), dtype=np.uint8),
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
            # Answer sentences came later within version 2: a snapshot without them reads as having none.
            texts = list(meta.get("sentence_texts", []))
            remember_stems(meta.get("stems", {}))  # came later within version 2, as the answer sentences did
            sentences = Sentences(texts, data["sentences"]) if "sentences" in data.files else Sentences.empty(matrix.shape[1])
        chunks = [Chunk.model_construct(**c) for c in meta["chunks"]]
        tokens = [t.split() for t in meta["tokens"]]
        consistent = (
            len(chunks) == len(tokens) == len(matrix)
            and len(windows.ids) == len(windows.owner) == len(windows.matrix)
            and (not len(windows.owner) or int(windows.owner.max()) < len(chunks))
            and len(sentences.texts) == len(sentences.matrix)
        )
        if not consistent:
            raise ValueError("its parts have different lengths")
    except Exception as exc:  # a damaged snapshot is rebuilt from the store of record
        log.warning("index snapshot %s unreadable (%s); rebuilding it from the vector store", path, exc)
        return None
    return SnapshotParts(chunks, tokens, matrix, windows, sentences)


def window_id(text: str) -> str:
    """A sentence vector's id: the hash of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def build_windows(
    chunks: list[Chunk], dim: int, known: dict[str, np.ndarray], embed: Callable, progress: Callable | None = None
) -> Windows:
    """Sentence vectors for the chunks, embedding only texts not in `known` (vectors by content hash)."""
    owner: list[int] = []
    ids: list[str] = []
    todo: dict[str, str] = {}
    for i, chunk in enumerate(chunks):
        for text in window_texts(chunk):
            wid = window_id(text)
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


class IndexFiles:
    """The index folder: the read snapshot, the manifest, one writer's lock, and the mark naming the vector folder."""

    def __init__(self, folder: Path, store_mark: Path, lock_timeout: float) -> None:
        self.dir = folder
        self.snapshot_path = folder / "snapshot.npz"
        self.manifest_path = folder / "manifest.json"
        self._store_mark = store_mark
        self._lock_timeout = lock_timeout

    # --- the snapshot ------------------------------------------------------------------
    def stamp(self) -> int | None:
        """The snapshot's modification time: it changes whenever any process publishes."""
        try:
            return self.snapshot_path.stat().st_mtime_ns
        except OSError:
            return None

    def exists(self) -> bool:
        """Whether a snapshot has been published."""
        return self.snapshot_path.exists()

    def read(self) -> SnapshotParts | None:
        """The snapshot's parts, or None when it is missing or unusable."""
        return read_snapshot(self.snapshot_path)

    def write(self, parts: SnapshotParts) -> None:
        """Publish a snapshot atomically."""
        write_snapshot(self.snapshot_path, parts)

    # --- the manifest ------------------------------------------------------------------
    def manifest(self) -> dict:
        """What has been indexed (sources, digests, counts); empty when missing or not a manifest."""
        path = self.manifest_path
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("index manifest %s unreadable (%s); files will be re-checked", path, exc)
            return {}
        if not manifest_shaped(data):  # valid JSON of another shape: as good as missing, and rebuilt the same way
            log.warning("index manifest %s is not an index manifest; files will be re-checked", path)
            return {}
        return data

    def write_manifest(self, manifest: dict) -> None:
        """Replace the manifest atomically."""
        atomic_write(self.manifest_path, lambda fh: fh.write(json.dumps(manifest, indent=1).encode()))

    # --- the vector folder's identity ----------------------------------------------------
    def store_id(self, create: bool) -> str | None:
        """The identity of the local vector folder: a marker file compel keeps inside it, made on first publish."""
        try:
            return self._store_mark.read_text(encoding="utf-8").strip() or None
        except OSError:
            if not create:
                return None
        ident = uuid.uuid4().hex
        atomic_write(self._store_mark, lambda fh: fh.write(ident.encode()))
        return ident

    # --- one writer at a time --------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One writer at a time across processes; a second waits, then gives up with a clear message."""
        from store.locks import file_lock  # only writers need it; readers stay off the store package's imports

        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            (self.dir / ".lock").touch()
        except (FileExistsError, NotADirectoryError):
            raise StoreError(f"{self.dir} is not a folder; set COMPEL_DATA_DIR to a folder the bot can write to.") from None
        except PermissionError:
            raise StoreError(f"cannot write to {self.dir} (permission denied); fix its permissions or set COMPEL_DATA_DIR.") from None
        busy = f"the index in {self.dir} is locked by another compel process; wait for it to finish and try again."
        with file_lock(self.dir / ".lock", self._lock_timeout, busy):
            yield

def manifest_shaped(data: object) -> bool:
    """Whether parsed JSON has the manifest's shape (what the index reads from it, with the types it reads)."""
    if not isinstance(data, dict):
        return False
    sources, titles = data.get("sources", {}), data.get("article_titles", {})
    if not isinstance(sources, dict) or not all(isinstance(e, dict) for e in sources.values()):
        return False
    if not all(isinstance(e.get("chunks", 0), int) for e in sources.values()):
        return False
    if not isinstance(titles, dict) or not all(isinstance(k, str) and k.partition("/")[2].isdigit() for k in titles):
        return False
    return all(isinstance(data.get(k, 0), int) for k in ("total_chunks", "generation"))
