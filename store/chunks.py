"""The passage as the vector store keeps it: text plus the metadata its citation needs.

It lives in the store layer because the vector store persists it; knowledge/types.py re-exports it for the
layers above, so a store module never imports knowledge.
"""

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
