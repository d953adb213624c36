"""Where the index is read from, chosen once: the local snapshot file, or a shared Chroma server read live.

Both answer the same questions for KnowledgeIndex (is what it holds out of date, and what to read instead; does
a source exist; what a publish leaves behind), so the index never asks which mode it is in.
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Callable, ContextManager, Protocol

from knowledge.snapshot import IndexFiles, SnapshotParts

if TYPE_CHECKING:
    from store.vectors import VectorStore

REMOTE_CHECK_SECONDS = 2.0  # how stale a shared server's view may get, in exchange for no round trip per question


class ReadPath(Protocol):
    """How an index is read and what its publishes leave behind."""

    def fresh(self, held: bool) -> SnapshotParts | None:
        """Parts to read from when nothing is held or what is held is out of date; None when it is current."""
        ...

    def published(self) -> bool:
        """Whether readers have something to read (a snapshot, or the server itself)."""
        ...

    def pack_current(self, manifest: dict, digest: str) -> bool:
        """Whether the knowledge pack needs no indexing from this instance."""
        ...

    def has_source(self, source: str) -> bool:
        """Whether a source (a file, a program's records) is in the index."""
        ...

    def publish(self, manifest: dict, parts: SnapshotParts) -> None:
        """Keep what readers read after a write (the manifest is written by the caller, after this)."""
        ...

    def store_replaced(self, manifest: dict) -> bool:
        """Whether the vector store is not the one the manifest was written against."""
        ...

    def writing(self) -> ContextManager[None]:
        """Held around every write to the vector store: one writer at a time among all who write to it."""
        ...


class LocalSnapshot:
    """Chroma under the data dir is the store of record; every process reads the snapshot file it publishes.

    A new process answers without importing chromadb, and sees another process's publish by the file's stamp.
    """

    def __init__(self, files: IndexFiles, prepare: Callable[[], None], rebuild: Callable[[], SnapshotParts]) -> None:
        self.files = files
        self._prepare = prepare  # index the pack when it changed (may publish)
        self._rebuild = rebuild  # publish a snapshot from the store when none is readable
        self._loaded: int | None = None

    def fresh(self, held: bool) -> SnapshotParts | None:
        if held and self.files.stamp() == self._loaded:
            return None
        # First use, or another process (an index run, a records import) published a new snapshot.
        self._prepare()
        parts = self.files.read() or self._rebuild()
        self._loaded = self.files.stamp()
        return parts

    def published(self) -> bool:
        return self.files.exists()

    def pack_current(self, manifest: dict, digest: str) -> bool:
        return manifest.get("pack_digest") == digest and self.files.exists()

    def has_source(self, source: str) -> bool:
        entry = self.files.manifest().get("sources", {}).get(source)
        return bool(entry and entry.get("chunks")) and self.files.exists()

    def publish(self, manifest: dict, parts: SnapshotParts) -> None:
        self.files.write(parts)
        manifest["store_id"] = self.files.store_id(create=True)
        self._loaded = self.files.stamp()  # this process holds what it just wrote

    def store_replaced(self, manifest: dict) -> bool:
        # A vector folder removed, moved aside or replaced: a marker file says which folder the manifest describes.
        return not manifest.get("store_id") or self.files.store_id(create=False) != manifest["store_id"]

    def writing(self) -> ContextManager[None]:
        return self.files.lock()  # the store is under this data dir: every writer shares its lock file


class SharedServer:
    """A Chroma server shared by several bot instances: each reads the collection and re-reads it when it changed.

    Chunk ids are content hashes, so the set of ids changes whenever any passage does, even at equal counts.
    No local snapshot is written: every instance reads the server live.
    """

    def __init__(
        self,
        vectors: Callable[[], "VectorStore"],
        build: Callable[["VectorStore"], SnapshotParts],
        seed_pack: Callable[["VectorStore"], None],
        check_seconds: float = REMOTE_CHECK_SECONDS,
        *,
        files: IndexFiles,
        shared_lock: Callable[[], ContextManager[None]],
    ) -> None:
        self._vectors = vectors
        self._files = files  # this instance's manifest
        self._shared_lock = shared_lock  # held in the records database every replica shares
        self._build = build
        self._seed_pack = seed_pack  # an empty collection gets the knowledge pack
        self._check_seconds = check_seconds
        self._ids: frozenset[str] = frozenset()
        self._checked = 0.0

    def fresh(self, held: bool) -> SnapshotParts | None:
        now = time.monotonic()
        if held and now - self._checked < self._check_seconds:
            return None
        vectors = self._vectors()
        ids = frozenset(vectors.ids())
        self._checked = now
        if held and ids == self._ids:
            return None
        if not ids:
            self._seed_pack(vectors)
        parts = self._build(vectors)
        self._ids = frozenset(c.id for c in parts.chunks)
        return parts

    def published(self) -> bool:
        return True

    def pack_current(self, manifest: dict, digest: str) -> bool:
        return True  # the server's collection gets the pack when it is found empty (see fresh)

    def has_source(self, source: str) -> bool:
        return bool(self._vectors().ids({"source": source}))

    def publish(self, manifest: dict, parts: SnapshotParts) -> None:
        return None

    def store_replaced(self, manifest: dict) -> bool:
        return False

    @contextlib.contextmanager
    def writing(self):
        # Replicas each have their own data dir, so their file locks never meet: the shared lock comes first.
        with self._shared_lock(), self._files.lock():
            yield
