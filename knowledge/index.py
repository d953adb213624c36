"""The knowledge index: writes go to the vector store (chroma), reads come from a snapshot.

Chroma is the store of record. After every successful write the index publishes what retrieval reads
(chunks, BM25 terms, embeddings and the sentence vectors derived from the chunks). Where readers find it is
the read path, chosen once (knowledge/read_paths.py): a snapshot file under the data dir, replaced atomically
(knowledge/snapshot.py), so a new process answers without importing chromadb and an interrupted write leaves
the last snapshot in use; or, with a shared Chroma server (CHROMA_HOST), the server itself, which every bot
instance reads live. This module is the orchestration: what to embed, what to replace, what to publish.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np

from knowledge.read_paths import REMOTE_CHECK_SECONDS, LocalSnapshot, ReadPath, SharedServer
from knowledge.retrieve import Corpus, ExactDense, HybridRetriever, chunk_terms
from knowledge.embedding_jobs import EmbedAhead, embed_texts
from knowledge.snapshot import IndexFiles, Sentences, SnapshotParts, build_windows, window_id
from knowledge.types import Chunk, Retrieval

if TYPE_CHECKING:
    from bot.config import Settings
    from knowledge.embeddings import Embedder
    from knowledge.glossary import Glossary
    from knowledge.scope import ScopeModel
    from store.vectors import VectorStore

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 30.0
__all__ = ["LOCK_TIMEOUT", "REMOTE_CHECK_SECONDS", "IndexReport", "KnowledgeIndex"]


@dataclass
class IndexReport:
    """What an index run did."""

    files: int = 0
    unchanged: int = 0
    changed: list[str] = field(default_factory=list)
    chunks_removed: int = 0
    embedded: int = 0
    pruned: list[str] = field(default_factory=list)
    total_chunks: int = 0
    seconds: float = 0.0


class KnowledgeIndex:
    """Indexing (BoK files, the knowledge pack, program records) and hybrid search over all of it."""

    def __init__(
        self,
        settings: "Settings",
        vectors: Callable[[], "VectorStore"],
        embedder: Callable[[], "Embedder"],
        answer_texts: Callable[[list[Chunk]], list[str]] | None = None,
    ) -> None:
        self.settings = settings
        self._vectors = vectors
        self._embedder = embedder
        self._answer_texts = answer_texts  # what answers embed, given by the answer engine (services.py wires it)
        self.dir = Path(settings.data_dir) / "index"
        self.files = IndexFiles(self.dir, Path(settings.data_dir) / "chroma" / ".compel-store-id", LOCK_TIMEOUT)
        self._retriever: HybridRetriever | None = None
        self._sentences = Sentences.empty()
        self._loading = threading.RLock()
        self._query_cache: dict[str, np.ndarray] = {}
        # Chosen once: a shared server is read live by every instance; otherwise the local snapshot is.
        self.read_path: ReadPath = READ_PATHS[bool(settings.chroma_host)](self)

    # --- reading -----------------------------------------------------------------------
    def search(self, query: str, k: int | None = None, **filters) -> Retrieval:
        """Hybrid search (filters: kinds, program, module, article); abstains when nothing answers."""
        return self.retriever().search(query, k or self.settings.top_k, **filters)

    def retriever(self) -> HybridRetriever:
        """The retriever over the current index, loading (and, on first use, building) it."""
        with self._loading:
            parts = self.read_path.fresh(held=self._retriever is not None)
            if parts is not None:
                self._hold(parts)
            assert self._retriever is not None
            return self._retriever

    def answer_sentences(self) -> Sentences:
        """Answer sentences embedded when the index was published (texts and vectors), for the current corpus."""
        self.retriever()
        return self._sentences

    def has_source(self, source: str) -> bool:
        """Whether a source (a file, a program's records) is in the index, from the manifest: no corpus load."""
        return self.read_path.has_source(source)

    def chunks(self) -> list[Chunk]:
        """Every indexed chunk."""
        return self.retriever().corpus.chunks

    def section_text(self, module: str, article: int, section: str) -> str | None:
        """A BoK section's text from the indexed chunks, in document order; None when it is not indexed."""
        parts = sorted(
            (c for c in self.chunks() if c.kind == "bok" and c.module == module and c.article == article and c.section == section),
            key=lambda c: c.start,
        )
        if not parts:
            return None
        text = parts[0].text
        for c in parts[1:]:
            overlap = _overlap(text, c.text)
            text += ("\n" if not overlap else "") + c.text[overlap:]
        return text

    def _glossary(self) -> "Glossary":
        """The glossary retrieval reads technical terms from: the shipped one and the organisation's own."""
        from knowledge.glossary_cache import cached_glossary  # a pickle: a cold ask skips reading the YAML files

        return cached_glossary(self.dir, self.settings.glossary)

    def _warm_glossary(self) -> None:
        """Write the glossary cache at index time, so the first question that needs the glossary does not read YAML."""
        from knowledge.glossary_cache import glossary_cached

        if not glossary_cached(self.dir, self.settings.glossary):
            try:
                self._glossary()
            except Exception as exc:  # noqa: BLE001 - a bad organisation glossary is reported when a question needs it
                log.info("glossary not cached at index time: %s", exc)

    def _layout_bank(self) -> tuple[np.ndarray, np.ndarray]:
        """Vectors of the layout-question bank retrieval recognises reading-order questions by (shipped for the local model)."""
        from knowledge.reading_order import bank_matrix

        return bank_matrix(self.embed_query, local=self.settings.embeddings == "local")

    def _scope_model(self) -> "ScopeModel | None":
        """The scope model's weights (knowledge/scope.py), fitted on the local encoder's vectors: none for another model."""
        if self.settings.embeddings != "local":
            return None
        from knowledge.scope import shipped

        return shipped()

    def embed_query(self, query: str) -> np.ndarray:
        """The query's embedding, cached for repeated questions."""
        vec = self._query_cache.get(query)
        if vec is None:
            vec = self._embedder().embed_batch([query])[0]
            if len(self._query_cache) > 512:
                self._query_cache.clear()
            self._query_cache[query] = vec
        return vec

    # --- writing -----------------------------------------------------------------------
    def index_paths(self, paths: list[Path], prune: bool = False, progress: Callable | None = None) -> IndexReport:
        """Index files and folders: unchanged files cost nothing, a changed file replaces exactly its own chunks."""
        from knowledge.ingest import chunk_document, discover, parse_document, read_document

        started = time.perf_counter()
        report = IndexReport()
        files = discover(paths)
        report.files = len(files)
        with self.read_path.writing():
            manifest = self.files.manifest()
            # A vector folder removed, moved aside or replaced since the last run: check the manifest against it first,
            # or files it no longer holds would count as unchanged (cheap: a marker file, no chroma import).
            repaired = self.read_path.store_replaced(manifest) and self._reconcile(manifest, self._vectors())
            sources = manifest.setdefault("sources", {})
            todo: list[tuple[Path, str, str]] = []
            for path, key in files:
                digest = _file_digest(path)
                entry = sources.get(key)
                if entry and entry.get("sha256") == digest and entry.get("path") == str(path.resolve()):
                    report.unchanged += 1
                else:
                    todo.append((path, key, digest))
            # Parse everything before writing anything: a bad file stops the run with the index untouched.
            parsed = [(key, digest, path, parse_document(read_document(path), key)) for path, key, digest in todo]
            titles = self._article_titles(manifest, [doc for *_, doc in parsed])
            present = {key for _, key in files}
            pruned = [k for k, e in sources.items() if prune and e.get("kind") in ("bok", "doc") and k not in present]
            if not parsed and not pruned and not repaired and self.read_path.published():
                report.total_chunks = int(manifest.get("total_chunks", 0))
                report.seconds = time.perf_counter() - started
                return report
            chunked = {key: chunk_document(doc, titles) for key, _digest, _path, doc in parsed}
            # Embedding the new passages needs no vector store: it starts now, while chromadb is imported and opened.
            ahead = EmbedAhead(self._embed, self._unseen([c for cs in chunked.values() for c in cs]), progress)
            vectors = self._vectors()
            self._reconcile(manifest, vectors)
            replacements = self._pack_replacements(manifest)
            replacements.update(chunked)
            replacements.update({key: [] for key in pruned})
            added, removed = self._replace_sources(vectors, replacements, progress, ahead)
            report.embedded = added
            report.chunks_removed = removed
            for key, digest, path, doc in parsed:
                report.changed.append(key)
                sources[key] = {"path": str(path.resolve()), "sha256": digest, "kind": doc.kind, "chunks": _distinct(replacements[key])}
            for key in pruned:
                sources.pop(key, None)
                report.pruned.append(key)
            manifest["article_titles"] = {f"{m}/{a}": t for (m, a), t in titles.items()}
            self._publish(manifest, vectors, progress)
            report.total_chunks = int(manifest["total_chunks"])
        self._warm_glossary()
        report.seconds = time.perf_counter() - started
        return report

    def upsert_source(self, source: str, chunks: list[Chunk]) -> int:
        """Replace everything indexed under one source key (e.g. a program's records) with these chunks."""
        with self.read_path.writing():
            manifest = self.files.manifest()
            vectors = self._vectors()
            self._reconcile(manifest, vectors)
            replacements = self._pack_replacements(manifest)
            replacements[source] = chunks
            added, _removed = self._replace_sources(vectors, replacements)
            manifest.setdefault("sources", {})[source] = {"kind": chunks[0].kind if chunks else "record", "chunks": _distinct(chunks)}
            self._publish(manifest, vectors)
        return added

    def remove_source(self, source: str) -> int:
        """Drop a source's chunks from the index."""
        with self.read_path.writing():
            manifest = self.files.manifest()
            vectors = self._vectors()
            self._reconcile(manifest, vectors)
            removed = self._replace_sources(vectors, {source: []})[1]
            manifest.setdefault("sources", {}).pop(source, None)
            self._publish(manifest, vectors)
        return removed

    def ensure_pack(self) -> None:
        """Index the knowledge pack when it is missing or has changed (it answers even with no BoK indexed)."""
        if self.read_path.pack_current(self.files.manifest(), _pack_digest()):
            return
        with self.read_path.writing():
            manifest = self.files.manifest()
            vectors = self._vectors()
            self._reconcile(manifest, vectors)
            if self._sync_pack_locked(manifest, vectors) or not self.read_path.published():
                self._publish(manifest, vectors)

    # --- internals -----------------------------------------------------------------------
    def _sync_pack_locked(self, manifest: dict, vectors: "VectorStore") -> bool:
        replacements = self._pack_replacements(manifest)
        if replacements:
            self._replace_sources(vectors, replacements)
        return bool(replacements)

    def _pack_replacements(self, manifest: dict) -> dict[str, list[Chunk]]:
        """What the index must hold for the knowledge pack; empty when it is current. Updates the manifest."""
        from knowledge.pack import pack_chunks

        digest = _pack_digest()
        if manifest.get("pack_digest") == digest:
            return {}
        by_source: dict[str, list[Chunk]] = {}
        for chunk in pack_chunks():
            by_source.setdefault(chunk.source, []).append(chunk)
        sources = manifest.setdefault("sources", {})
        old = {k for k, e in sources.items() if e.get("kind") == "pack"}
        for source in old - set(by_source):
            sources.pop(source, None)
        for source, chunks in by_source.items():
            sources[source] = {"kind": "pack", "chunks": _distinct(chunks)}
        manifest["pack_digest"] = digest
        return {**{s: [] for s in old - set(by_source)}, **by_source}

    def _replace_sources(
        self, vectors: "VectorStore", replacements: dict[str, list[Chunk]], progress: Callable | None = None,
        ahead: EmbedAhead | None = None,
    ) -> tuple[int, int]:
        """Make each source hold exactly the given chunks, embedding only chunks not already stored.

        New chunks are embedded in one batch and added before stale ones are removed, so an interruption
        never leaves a source with neither its old nor its new passages.
        """
        plans = []
        for source, chunks in replacements.items():
            existing = vectors.ids({"source": source})
            unique = list({c.id: c for c in chunks}.values())
            plans.append((source, [c for c in unique if c.id not in existing], existing - {c.id for c in unique}))
        new = [c for _, fresh, _ in plans for c in fresh]
        embeddings = self._embed(new, progress, ahead.result() if ahead else None)
        offset, removed = 0, 0
        for source, fresh, stale in plans:
            if fresh:
                vectors.upsert(fresh, embeddings[offset : offset + len(fresh)])
                offset += len(fresh)
            if stale:
                vectors.delete(stale)
                removed += len(stale)
        return len(new), removed

    def _embed(self, chunks: list[Chunk], progress: Callable | None, known: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """Embed passages in slices, reporting progress (embedding is where an index run spends its time)."""
        if not chunks:
            return np.zeros((0, 0), dtype=np.float32)
        texts = [c.context_text() for c in chunks]
        vectors = embed_texts(self._embedder(), texts, known, progress, "passages")  # the pack's passages ship embedded
        return np.vstack([vectors[t] for t in texts]).astype(np.float32)

    def _article_titles(self, manifest: dict, docs: list) -> dict[tuple[str | None, int], str]:
        titles: dict[tuple[str | None, int], str] = {}
        with contextlib.suppress(Exception):
            from knowledge.pack import load_pack

            titles.update({(a.module, a.article): a.title for a in load_pack().articles})
        for key, title in manifest.get("article_titles", {}).items():
            module, _, article = key.partition("/")
            titles.setdefault((module, int(article)), title)
        for doc in docs:
            for key, title in doc.xrefs.items():
                titles.setdefault(key, title)
        return titles

    def _publish(self, manifest: dict, vectors: "VectorStore", progress: Callable | None = None) -> SnapshotParts:
        """Publish what readers read (the read path's part), then the manifest, each atomically."""
        parts = self._parts(vectors, progress)
        self.read_path.publish(manifest, parts)
        manifest["total_chunks"] = len(parts.chunks)
        manifest["generation"] = int(manifest.get("generation", 0)) + 1
        self.files.write_manifest(manifest)
        self._hold(parts)
        return parts

    def _hold(self, parts: SnapshotParts) -> None:
        """Answer from these parts from now on."""
        self._retriever = _retriever(parts, self.embed_query, self._glossary, self._layout_bank, self._scope_model)
        self._sentences = parts.sentences

    def _reconcile(self, manifest: dict, vectors: "VectorStore") -> bool:
        """Make the manifest claim only what the vector store holds; True when it had to be checked source by source.

        A source the store lost is put back from the read snapshot when the snapshot holds all of it (no re-embedding),
        else forgotten, so the next index run or records import embeds it again instead of calling it unchanged.
        """
        if manifest.get("total_chunks") is not None and vectors.count() == manifest["total_chunks"] and not self.read_path.store_replaced(manifest):
            return False
        held = vectors.source_counts()
        sources = manifest.setdefault("sources", {})
        lost = {s: e for s, e in sources.items() if e.get("chunks") and held.get(s, 0) < e["chunks"]}
        restored = self._restore_from_snapshot(vectors, {s: e["chunks"] for s, e in lost.items()}) if lost else set()
        for source in set(lost) - restored:
            if sources.pop(source).get("kind") == "pack":
                manifest.pop("pack_digest", None)  # the pack is re-indexed as a whole
        if lost:
            log.warning(
                "the vector store at %s was missing indexed sources (%d); %d restored from the read snapshot, the rest will be indexed again",
                vectors.location, len(lost), len(restored),
            )
        return True

    def _restore_from_snapshot(self, vectors: "VectorStore", wanted: dict[str, int]) -> set[str]:
        """Put sources back into the vector store from the read snapshot, where it holds all of a source's chunks."""
        parts = self.files.read()
        if parts is None:
            return set()
        chunks, matrix = parts.chunks, parts.matrix
        rows: dict[str, list[int]] = {}
        for i, chunk in enumerate(chunks):
            if chunk.source in wanted:
                rows.setdefault(chunk.source, []).append(i)
        whole = {s for s, r in rows.items() if len({chunks[i].id for i in r}) >= wanted[s]}
        picked = [i for s in whole for i in rows[s]]
        if picked:
            vectors.upsert([chunks[i] for i in picked], matrix[picked])
        return whole

    def _parts(self, vectors: "VectorStore", progress: Callable | None = None) -> SnapshotParts:
        """The store's chunks, terms and embeddings, with sentence vectors (reusing those already computed)."""
        chunks, tokens, matrix = _corpus_parts(vectors)
        dim = matrix.shape[1] if matrix.ndim == 2 else 0
        if self._retriever is not None and self._retriever.corpus.windows.ids:
            known, said = self._retriever.corpus.windows.by_id(), self._sentences.by_text()
        else:
            on_disk = self.files.read()
            known, said = (on_disk.windows.by_id(), on_disk.sentences.by_text()) if on_disk else ({}, {})
        windows = build_windows(chunks, dim, known, self._embedder_batch, progress)
        return SnapshotParts(chunks, tokens, matrix, windows, self._answer_sentences(chunks, windows, dim, said, progress))

    def _answer_sentences(
        self, chunks: list[Chunk], windows, dim: int, said: dict[str, np.ndarray], progress: Callable | None
    ) -> Sentences:
        """Vectors for the sentences answers weigh (beyond the sentence vectors), reusing those already computed."""
        if self._answer_texts is None or not chunks:
            return Sentences.empty(dim)
        in_windows = set(windows.ids)  # those are seeded from the sentence vectors already
        texts = [t for t in self._answer_texts(chunks) if window_id(t) not in in_windows]
        if not texts:
            return Sentences.empty(dim)
        missing = [t for t in texts if t not in said]
        if missing:
            said = {**said, **embed_texts(self._embedder(), missing, None, progress, "answer sentences")}
        return Sentences(texts, np.vstack([said[t] for t in texts]).astype(np.float32))

    def _unseen(self, chunks: list[Chunk]) -> list[Chunk]:
        """The chunks the last snapshot does not hold (those it holds are in the vector store already, or restored)."""
        if not chunks:
            return []
        held = self._retriever.corpus.chunks if self._retriever is not None else (parts.chunks if (parts := self.files.read()) else [])
        ids = {c.id for c in held}
        return [c for c in chunks if c.id not in ids]

    def _embedder_batch(self) -> Callable:
        return self._embedder().embed_batch

    def _rebuild(self) -> SnapshotParts:
        """Publish from the store of record (no snapshot was readable) and return what was published."""
        with self.read_path.writing():
            manifest = self.files.manifest()
            vectors = self._vectors()
            self._reconcile(manifest, vectors)
            self._sync_pack_locked(manifest, vectors)
            return self._publish(manifest, vectors)

    def _seed_pack(self, vectors: "VectorStore") -> None:
        """Put the knowledge pack into an empty shared collection."""
        with self.read_path.writing():
            self._sync_pack_locked(self.files.manifest(), vectors)


# The read path by whether a shared Chroma server is configured: decided once, when the index is built.
READ_PATHS: dict[bool, Callable[[KnowledgeIndex], ReadPath]] = {
    False: lambda index: LocalSnapshot(index.files, prepare=index.ensure_pack, rebuild=index._rebuild),
    True: lambda index: SharedServer(
        index._vectors, build=index._parts, seed_pack=index._seed_pack, check_seconds=REMOTE_CHECK_SECONDS, files=index.files,
        shared_lock=lambda: _shared_lock(index.settings),
    ),
}


def _shared_lock(settings: "Settings"):
    """The records database's lock on this collection: replicas sharing a Chroma server write to it one at a time."""
    from store.locks import database_lock  # only the shared-server mode needs it

    return database_lock(settings.records_url, f"index:{settings.collection}", LOCK_TIMEOUT,
                         what=f"The shared index (Chroma collection {settings.collection!r})")


def _retriever(parts: SnapshotParts, embed_query: Callable, glossary: Callable, layout_bank: Callable | None = None,
               scope: Callable | None = None) -> HybridRetriever:
    corpus = Corpus(parts.chunks, parts.tokens, ExactDense(parts.matrix), parts.windows)
    return HybridRetriever(corpus, embed_query, glossary=glossary, layout_bank=layout_bank, scope=scope)


def _corpus_parts(vectors: "VectorStore") -> tuple[list[Chunk], list[list[str]], np.ndarray]:
    """Everything in the vector store as retrieval needs it: chunks, their BM25 terms, the embedding matrix."""
    stored = vectors.all()
    chunks = [s.chunk for s in stored]
    dim = stored[0].embedding.shape[0] if stored else 0
    matrix = np.vstack([s.embedding for s in stored]).astype(np.float32) if stored else np.zeros((0, dim), np.float32)
    return chunks, [chunk_terms(c) for c in chunks], matrix


def _distinct(chunks: list[Chunk]) -> int:
    """How many chunks a source holds in the store (equal passages share an id and are stored once)."""
    return len({c.id for c in chunks})


def _overlap(a: str, b: str) -> int:
    for size in range(min(len(a), len(b), 400), 20, -1):
        if a.endswith(b[:size]):
            return size
    return 0


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pack_digest() -> str:
    pack_dir = Path(__file__).parent / "pack"
    h = hashlib.sha256()
    for f in sorted([*pack_dir.glob("*.yaml"), pack_dir / "__init__.py"]):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()
