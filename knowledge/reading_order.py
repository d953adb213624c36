"""Questions about the documents' own layout (what comes next, which article covers a subject) and the sections that answer them.

Such a question shares little meaning with any passage's content, so content signals rank a body section first.
It is recognised by meaning, against a small bank of layout questions in our own words grouped by direction (what
comes later, what came before, where a subject is handled), and then the sections whose role answers that
direction are favoured. Those roles come from the corpus's structure (a numbered article's first and last
sections; the share of a section's sentences that refer to another article or module by number), never from a
list of headings.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from knowledge.banks import ShippedBank
from knowledge.text import sentences
from knowledge.types import Chunk

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent / "model"
BANK = HERE / "reading_order.yaml"
# A reference to another document by number ("Article 7", "Module 2.3", "Articles 3 through 6"): exact, so a rule.
_REFERENCE = re.compile(r"\b(?:Article|Module)s?\s+\d+(?:\.\d+)*\b")


DIRECTIONS = ("ahead", "back", "where")  # the bank's groups, and the rows of section_roles' matrix


_BANK = ShippedBank(BANK, DIRECTIONS, "reading-order", HERE)


def bank() -> list[tuple[str, str]]:
    """The layout questions of the bank as (direction, question), in order."""
    return list(_BANK.rows())


def bank_questions() -> list[str]:
    """The bank's questions, row for row with its vectors."""
    return [q for _, q in bank()]


def bank_directions() -> np.ndarray:
    """Per bank row, the index of its direction in DIRECTIONS."""
    return np.array([DIRECTIONS.index(d) for d, _ in bank()], dtype=np.int64)


def bank_digest() -> str:
    """The bank file's content hash: the shipped vectors are valid for exactly this file (read without parsing it)."""
    return _BANK.digest()


def shipped_path(digest: str) -> Path:
    return _BANK.shipped_path(digest)


def _shipped() -> tuple[np.ndarray, np.ndarray] | None:
    """The bank's shipped vectors (local model) and directions, or None when the file for the current bank is missing."""
    arrays = _BANK.shipped()
    return None if arrays is None else (arrays["matrix"].astype(np.float32), arrays["directions"].astype(np.int64))


def bank_matrix(embed: Callable[[str], np.ndarray], local: bool) -> tuple[np.ndarray, np.ndarray]:
    """The bank's vectors and each row's direction: shipped for the local model, else embedded once per process."""
    shipped = _shipped() if local else None
    if shipped is not None:
        return shipped
    log.info("reading-order bank embedded at first use (no shipped vectors for this model or bank)")
    return np.vstack([embed(q) for q in bank_questions()]).astype(np.float32), bank_directions()


def write_shipped() -> Path:
    """Embed the bank with the local model and ship the vectors, removing stale files; run after editing the bank."""
    from knowledge.embeddings import local_embedder

    _BANK.clear()
    matrix = np.asarray(local_embedder().embed_batch(bank_questions()), dtype=np.float32)
    return _BANK.write(matrix=matrix, directions=bank_directions())


def section_roles(chunks: Sequence[Chunk], section: np.ndarray, n_sections: int, rep: np.ndarray) -> np.ndarray:
    """Per direction (rows, as DIRECTIONS) and section, 0..1: how much the section's role answers that kind of question.

    "where": the share of its sentences that refer to another article or module by number (a section listing the
    series is ~1). "ahead": a numbered article's last section, else as "where" (a pointer to other articles also
    says what comes later). "back": a numbered article's first section, which introduces it from what came before.
    """
    texts: dict[int, list[str]] = {}
    first_at: dict[int, int] = {}
    numbered: set[int] = set()
    by_source: dict[str, dict[int, None]] = {}  # each document's sections (pack entries share them, so sources only)
    for i, chunk in enumerate(chunks):
        if not rep[i] or chunk.kind not in ("bok", "doc"):
            continue
        s = int(section[i])
        texts.setdefault(s, []).append(chunk.text)
        first_at[s] = min(first_at.get(s, chunk.start), chunk.start)
        by_source.setdefault(chunk.source, {})[s] = None
        if chunk.article is not None:
            numbered.add(s)
    role = np.zeros((len(DIRECTIONS), n_sections), dtype=np.float64)
    ahead, back, where = (DIRECTIONS.index(d) for d in ("ahead", "back", "where"))
    for s, parts in texts.items():
        said = sentences("\n".join(parts))
        role[where, s] = role[ahead, s] = sum(bool(_REFERENCE.search(x)) for x in said) / max(len(said), 1)
    for source, secs in by_source.items():
        ordered = sorted(secs, key=lambda s: first_at[s])
        if ordered[-1] in numbered:
            role[ahead, ordered[-1]] = 1.0
        if ordered[0] in numbered:
            role[back, ordered[0]] = 1.0
    return role


if __name__ == "__main__":  # python -m knowledge.reading_order  (after editing knowledge/model/reading_order.yaml)
    print(write_shipped())
