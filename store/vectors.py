"""The chroma wrapper: a persistent client under the data dir, or a shared Chroma server by URL.

Callers get typed results (`StoredChunk`, `VectorHit`), never chroma's raw dicts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

import numpy as np

from bot.errors import StoreError
from store.chunks import Chunk

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

_LIST_SEP = " \u203a "  # heading paths are stored joined; chroma metadata holds scalars only


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as kept in the vector store, with its embedding."""

    chunk: Chunk
    embedding: np.ndarray


@dataclass(frozen=True)
class VectorHit:
    """A nearest-neighbour result: the chunk and its cosine similarity to the query."""

    chunk: Chunk
    similarity: float


def chunk_to_metadata(chunk: Chunk) -> dict[str, Any]:
    """Flatten a chunk's metadata for chroma (no None values, no lists)."""
    data = chunk.model_dump(exclude={"id", "text"})
    data["heading_path"] = _LIST_SEP.join(chunk.heading_path)
    return {k: v for k, v in data.items() if v is not None}


def metadata_to_chunk(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    """Rebuild a Chunk from chroma's record."""
    data = dict(meta)
    path = data.pop("heading_path", "")
    return Chunk(id=chunk_id, text=text, heading_path=[p for p in path.split(_LIST_SEP) if p], **data)


class VectorStore:
    """One chroma collection of chunks, cosine space, embeddings supplied by compel's own embedder."""

    def __init__(self, client: Any, name: str, location: str) -> None:
        self._client = client
        self.location = location
        try:
            self._collection = client.get_or_create_collection(
                name=name, metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
        except Exception as exc:  # chroma raises many kinds; all mean the store cannot be used
            raise _store_error(location, exc) from None

    def count(self) -> int:
        """How many chunks the collection holds."""
        return self._call(self._collection.count)

    def upsert(self, chunks: list[Chunk], embeddings: np.ndarray, batch: int = 1000) -> None:
        """Add or replace chunks with their embeddings."""
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            self._call(
                self._collection.upsert,
                ids=[c.id for c in part],
                documents=[c.text for c in part],
                metadatas=[chunk_to_metadata(c) for c in part],
                embeddings=np.asarray(embeddings[start : start + batch], dtype=np.float32),
            )

    def delete(self, ids: Iterable[str], batch: int = 1000) -> None:
        """Remove chunks by id."""
        ids = list(ids)
        for start in range(0, len(ids), batch):
            self._call(self._collection.delete, ids=ids[start : start + batch])

    def ids(self, where: dict[str, Any] | None = None) -> set[str]:
        """Ids of the chunks matching a metadata filter (all when None)."""
        res = self._call(self._collection.get, where=where, include=[])
        return set(res["ids"])

    def source_counts(self) -> dict[str, int]:
        """How many chunks the collection holds per source."""
        res = self._call(self._collection.get, include=["metadatas"])
        counts: dict[str, int] = {}
        for meta in res["metadatas"] or []:
            source = (meta or {}).get("source", "")
            counts[source] = counts.get(source, 0) + 1
        return counts

    def all(self, where: dict[str, Any] | None = None) -> list[StoredChunk]:
        """Every chunk (matching the filter) with its embedding."""
        res = self._call(self._collection.get, where=where, include=["documents", "metadatas", "embeddings"])
        embeddings = res["embeddings"] if res["embeddings"] is not None else [None] * len(res["ids"])
        return [
            StoredChunk(metadata_to_chunk(i, d, m), np.asarray(e, dtype=np.float32))
            for i, d, m, e in zip(res["ids"], res["documents"], res["metadatas"], embeddings)
        ]

    def query(self, embedding: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[VectorHit]:
        """The k nearest chunks by cosine similarity."""
        n = self.count()
        if n == 0:
            return []
        res = self._call(
            self._collection.query,
            query_embeddings=[np.asarray(embedding, dtype=np.float32)],
            n_results=min(k, n),
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        return [
            VectorHit(metadata_to_chunk(i, d, m), 1.0 - float(dist))
            for i, d, m, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0])
        ]

    def heartbeat(self) -> None:
        """Raise StoreError when the store does not answer (a Chroma server stopped or unreachable)."""
        try:
            self._client.heartbeat()
        except Exception as exc:  # noqa: BLE001 - chroma and its HTTP client raise many kinds; all mean no answer
            text = str(exc).splitlines()[0][:160] if str(exc) else exc.__class__.__name__
            raise StoreError(f"the vector store at {self.location} does not answer ({text}); start it or check CHROMA_HOST and CHROMA_PORT.") from None

    def _call(self, fn: Callable[..., Any], **kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except StoreError:
            raise
        except Exception as exc:
            raise _store_error(self.location, exc) from None


def _store_error(location: str, exc: Exception) -> StoreError:
    text = str(exc).splitlines()[0][:160] if str(exc) else exc.__class__.__name__
    if "locked" in text.lower():
        return StoreError(f"the vector index at {location} is locked by another process ({text}); wait for it to finish or stop it.")
    if "readonly" in text.lower() or "read-only" in text.lower() or "permission" in text.lower():
        return StoreError(f"the vector index at {location} is not writable ({text}); fix the folder's permissions or set COMPEL_DATA_DIR.")
    return StoreError(
        f"the vector index at {location} cannot be used ({text}); move that folder aside and run `compel index <your BoK folder>` "
        "again (it is rebuilt; program records come back on their next `compel records import`)."
    )


def open_vector_store(settings: "Settings") -> VectorStore:
    """A persistent chroma under the data dir, or chroma's HttpClient when CHROMA_HOST is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        location = f"http://{settings.chroma_host}:{settings.chroma_port}"
        try:
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        except Exception as exc:
            raise StoreError(
                f"cannot reach the Chroma server at {location} ({exc.__class__.__name__}); start it or unset CHROMA_HOST."
            ) from None
        return VectorStore(client, settings.collection, location)
    path = Path(settings.data_dir) / "chroma"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise StoreError(f"{path} is not a folder; set COMPEL_DATA_DIR to a folder the bot can write to.") from None
    except PermissionError:
        raise StoreError(f"cannot create {path} (permission denied); set COMPEL_DATA_DIR to a writable folder.") from None
    try:
        client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:
        raise _store_error(str(path), exc) from None
    return VectorStore(client, settings.collection, str(path))
