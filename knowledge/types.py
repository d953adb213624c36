"""Typed values that flow between ingestion, the vector store, retrieval and the engines."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from store.chunks import Chunk, SourceKind

__all__ = ["Chunk", "Citation", "Retrieval", "SearchHit", "SourceKind"]


class Citation(BaseModel):
    """Where a claim comes from, shaped as `compel ask --json` prints it."""

    model_config = ConfigDict(extra="forbid")

    source: str
    module: str | None = None
    article: int | None = None
    section: str = ""
    quote: str = ""
    score: float = 0.0
    kind: SourceKind = Field("bok", exclude=True)
    chunk_id: str | None = Field(None, exclude=True)

    def label(self) -> str:
        """Human label: Module 2.4 · Article 6 · Section (or the file name)."""
        parts = []
        if self.module:
            parts.append(f"Module {self.module}")
        if self.article is not None:
            parts.append(f"Article {self.article}")
        if not parts:
            parts.append(self.source)
        if self.section:
            parts.append(self.section)
        label = " · ".join(parts)
        if self.kind == "pack":
            label += " (compel-bot knowledge pack)"
        elif self.kind == "record":
            label += " (program records)"
        return label


class SearchHit(BaseModel):
    """A chunk with the scores retrieval gave it."""

    model_config = ConfigDict(extra="forbid")

    chunk: Chunk
    score: float = Field(description="Fused score, 0..1, comparable within one query.")
    dense: float | None = Field(None, description="Cosine similarity to the query.")
    lexical: float | None = Field(None, description="BM25 score.")


class Retrieval(BaseModel):
    """What a search returned, and whether the index answers the question at all."""

    model_config = ConfigDict(extra="forbid")

    query: str
    hits: list[SearchHit]
    abstained: bool
    reason: str = ""
    # True when the hits are the closest passages but the match is weak: answer, and say so plainly.
    weak: bool = False
