"""Typed values that flow between ingestion, the vector store, retrieval and the engines."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SourceKind = Literal["bok", "doc", "pack", "record"]


class Chunk(BaseModel):
    """One retrievable passage with the metadata its citation needs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Stable content hash.")
    text: str
    source: str = Field(description="File name (or record key) the passage comes from.")
    kind: SourceKind = "doc"
    title: str = Field("", description="Document title.")
    module: str | None = None
    module_name: str | None = None
    article: int | None = None
    article_title: str | None = None
    section: str = Field("", description="Heading text as it stands in the document.")
    heading_path: list[str] = Field(default_factory=list)
    start: int = 0
    end: int = 0
    program: str | None = Field(None, description="Program scope for record chunks; None for shared knowledge.")
    ref: str | None = Field(None, description="Record id or entry id this chunk was made from.")

    def context_text(self) -> str:
        """The text embedded: the passage under a short header (module and article names, else the document title).

        The BoK's full title line repeats boilerplate on every passage; the module and article names carry its meaning
        in a third of the tokens, and embedding cost grows with every token.
        """
        names = [self.module_name, self.article_title] if self.module_name else [self.title]
        head = " > ".join(p for p in [*names, *self.heading_path] if p)
        return f"{head}\n{self.text}" if head else self.text


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
