"""Whole sections from their chunks: a list may start in one passage and end in the next."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable

from knowledge.types import Chunk

SectionKey = tuple[str, str]  # (source, section heading)


def section_key(chunk: Chunk) -> SectionKey:
    """The section a chunk belongs to."""
    return (chunk.source, chunk.section)


def merge(parts: list[Chunk]) -> str:
    """Chunks of one section, in document order, as one text (the splitter's overlap removed)."""
    if not parts:
        return ""
    text = parts[0].text
    for c in parts[1:]:
        size = overlap(text, c.text)
        text += ("\n" if not size else "") + c.text[size:]
    return text


def overlap(a: str, b: str) -> int:
    """Length of the longest end of `a` that `b` starts with (at least 20 characters, else 0)."""
    for size in range(min(len(a), len(b), 400), 20, -1):
        if a.endswith(b[:size]):
            return size
    return 0


class Sections:
    """Section lines for the current corpus's chunks, grouped once (the retriever is replaced when the index changes)."""

    def __init__(self) -> None:
        self._corpus: "weakref.ref | None" = None
        self._groups: dict[SectionKey, list[Chunk]] = {}
        self._texts: dict[SectionKey, list[str]] = {}
        self._lock = threading.Lock()

    def lines(self, corpus: object, chunks: Iterable[Chunk], key: SectionKey) -> list[str]:
        """The lines (paragraphs, bullets) of one section, in document order."""
        with self._lock:
            if self._corpus is None or self._corpus() is not corpus:
                groups: dict[SectionKey, list[Chunk]] = {}
                for c in chunks:
                    if c.kind in ("bok", "doc"):
                        groups.setdefault(section_key(c), []).append(c)
                for parts in groups.values():
                    parts.sort(key=lambda c: c.start)
                self._corpus, self._groups, self._texts = weakref.ref(corpus), groups, {}
            cached = self._texts.get(key)
            if cached is None:
                cached = [line.strip() for line in merge(self._groups.get(key, [])).split("\n") if line.strip()]
                self._texts[key] = cached
            return cached
