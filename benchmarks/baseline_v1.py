"""The retriever shipped before issue 10 (RRF fusion, coverage-based abstention), kept as the benchmark's baseline."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from knowledge.text import terms
from knowledge.types import Chunk, Retrieval, SearchHit

log = logging.getLogger(__name__)

RRF_K = 10  # small k: the top ranks of each list matter most on a corpus of this size
POOL = 40  # candidates taken from each list before fusion
PACK_VOTE = 1.0  # share of a pack entry's score credited to the BoK section it restates
PACK_DEMOTE = 0.4  # what the restating entry keeps: the source passage is the better citation


@dataclass(frozen=True)
class Calibration:
    """Abstention thresholds, tuned on the development questions (benchmarks/bench_retrieval.py)."""

    min_dense: float = 0.18  # below this, nothing indexed is about the question
    confident_dense: float = 0.42  # at or above this, the dense match alone is enough
    min_coverage: float = 0.5  # otherwise at least this share of the query's terms must be found in the hit


@dataclass
class ExactDense:
    """Exact cosine search over the in-memory embedding matrix (a few ms for tens of thousands of chunks).

    Exact beats an approximate index at this size, and every instance holds the matrix anyway for BM25's texts.
    """

    matrix: np.ndarray

    def similarities(self, query_vec: np.ndarray, mask: np.ndarray) -> np.ndarray:
        sims = self.matrix @ query_vec if len(self.matrix) else np.zeros(0, dtype=np.float32)
        return np.where(mask, sims, -np.inf)


@dataclass
class Corpus:
    """The chunks retrieval works over, their term lists and BM25 statistics."""

    chunks: list[Chunk]
    tokens: list[list[str]]
    dense: ExactDense
    k1: float = 1.2
    b: float = 0.75
    df: dict[str, int] = field(init=False)
    postings: dict[str, list[tuple[int, int]]] = field(init=False)
    lengths: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.df, self.postings = {}, {}
        for i, toks in enumerate(self.tokens):
            counts: dict[str, int] = {}
            for t in toks:
                counts[t] = counts.get(t, 0) + 1
            for t, c in counts.items():
                self.df[t] = self.df.get(t, 0) + 1
                self.postings.setdefault(t, []).append((i, c))
        self.lengths = np.array([len(t) for t in self.tokens], dtype=np.float32)
        self.avg_len = float(self.lengths.mean()) if len(self.lengths) else 1.0

    def idf(self, term: str) -> float:
        """BM25's idf (the non-negative variant)."""
        n, df = len(self.chunks), self.df.get(term, 0)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def bm25(self, query_terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every chunk for the query terms, computed from postings (sparse, fast)."""
        scores = np.zeros(len(self.chunks), dtype=np.float32)
        norm = self.k1 * (1 - self.b + self.b * self.lengths / max(self.avg_len, 1e-9))
        for term in set(query_terms):
            posting = self.postings.get(term)
            if not posting:
                continue
            idx = np.fromiter((p[0] for p in posting), dtype=np.int64, count=len(posting))
            tf = np.fromiter((p[1] for p in posting), dtype=np.float32, count=len(posting))
            scores[idx] += self.idf(term) * tf * (self.k1 + 1) / (tf + norm[idx])
        return scores


def chunk_terms(chunk: Chunk) -> list[str]:
    """Terms BM25 indexes for a chunk: its text plus its heading path twice (headings say what a passage is about)."""
    heading = " ".join(chunk.heading_path)
    return terms(f"{heading} {heading} {chunk.text}")


class HybridRetriever:
    """BM25 + dense, fused by weighted reciprocal rank, with calibrated abstention."""

    def __init__(
        self,
        corpus: Corpus,
        embed_query: Callable[[str], np.ndarray],
        calibration: Calibration | None = None,
    ) -> None:
        self.corpus = corpus
        self.embed_query = embed_query
        self.calibration = calibration or Calibration()
        self._kind = np.array([c.kind for c in corpus.chunks])
        self._program = np.array([c.program or "" for c in corpus.chunks])
        # A pack entry restates a BoK section. When that section is indexed, the entry's match counts as a
        # vote for the section's own passages, and the source outranks the summary.
        sections: dict[tuple, list[int]] = {}
        for i, c in enumerate(corpus.chunks):
            if c.kind == "bok":
                sections.setdefault((c.module, c.article, c.section), []).append(i)
        self._votes = {
            i: sections[(c.module, c.article, c.section)]
            for i, c in enumerate(corpus.chunks)
            if c.kind == "pack" and (c.module, c.article, c.section) in sections
        }

    def mask(
        self,
        kinds: Sequence[str] | None = None,
        program: str | None = None,
        module: str | None = None,
        article: int | None = None,
    ) -> np.ndarray:
        """Which chunks a search may return: records only for the program asked about, never another's."""
        chunks = self.corpus.chunks
        m = np.ones(len(chunks), dtype=bool)
        if kinds:
            m &= np.isin(self._kind, list(kinds))
        is_record = self._kind == "record"
        m &= ~is_record | (self._program == (program or "\x00"))
        if module is not None:
            m &= np.array([c.module == module for c in chunks], dtype=bool)
        if article is not None:
            m &= np.array([c.article == article for c in chunks], dtype=bool)
        return m

    def search(
        self,
        query: str,
        k: int = 5,
        kinds: Sequence[str] | None = None,
        program: str | None = None,
        module: str | None = None,
        article: int | None = None,
    ) -> Retrieval:
        """The k best chunks for the query, or an abstention when nothing indexed answers it."""
        chunks = self.corpus.chunks
        mask = self.mask(kinds, program, module, article)
        qterms = terms(query)
        if not chunks or not mask.any():
            return Retrieval(query=query, hits=[], abstained=True, reason="nothing is indexed for this scope")
        dense = self.corpus.dense.similarities(self.embed_query(query), mask)
        lexical = np.where(mask, self.corpus.bm25(qterms), 0.0)
        fused = self._fuse(dense, lexical, mask)
        order = [int(i) for i in np.argsort(-fused)[: max(k, 1)] if fused[i] > 0]
        if not order:
            return Retrieval(query=query, hits=[], abstained=True, reason="no passage matches")
        top = fused[order[0]]
        hits = [
            SearchHit(
                chunk=chunks[i],
                score=round(float(fused[i] / top), 4),
                dense=round(float(dense[i]), 4),
                lexical=round(float(lexical[i]), 4),
            )
            for i in order
        ]
        abstain, reason = self._abstain(qterms, order, float(dense.max()))
        return Retrieval(query=query, hits=[] if abstain else hits, abstained=abstain, reason=reason)

    def _fuse(self, dense: np.ndarray, lexical: np.ndarray, mask: np.ndarray) -> np.ndarray:
        n = int(mask.sum())
        pool = min(POOL, n)
        fused = np.zeros(len(dense), dtype=np.float64)
        for scores, floor in ((dense, -1.0), (lexical, 0.0)):  # a passage sharing no term gets no lexical rank
            ranked = np.argsort(-scores)[:pool]
            for rank, i in enumerate(ranked):
                if mask[i] and scores[i] > floor:
                    fused[i] += 1.0 / (RRF_K + rank + 1)
        # Only the best-matching restating entry votes: it names the section the question is about.
        voters = [i for i in self._votes if fused[i] > 0]
        if voters:
            voter = max(voters, key=lambda i: fused[i])
            live = [t for t in self._votes[voter] if mask[t]]
            if live:
                best = max(live, key=lambda t: (fused[t], dense[t]))
                fused[best] += PACK_VOTE * fused[voter]
            for i in voters:
                fused[i] *= PACK_DEMOTE
        return fused

    def _abstain(self, qterms: list[str], order: list[int], best_dense: float) -> tuple[bool, str]:
        cal = self.calibration
        if best_dense < cal.min_dense:
            return True, f"no passage is close to the question (best similarity {best_dense:.2f})"
        if best_dense >= cal.confident_dense:
            return False, ""
        coverage = max(self._coverage(qterms, self.corpus.tokens[i]) for i in order[:3])
        if coverage < cal.min_coverage:
            return True, f"the best passage covers {coverage:.0%} of the question's terms"
        return False, ""

    def _coverage(self, qterms: list[str], chunk_tokens: list[str]) -> float:
        """Share of the query's idf mass found in a chunk's terms (terms unknown to the corpus count fully against)."""
        if not qterms:
            return 0.0
        present = set(chunk_tokens)
        weights = {t: self.corpus.idf(t) if t in self.corpus.df else math.log(1.0 + len(self.corpus.chunks) + 0.5) for t in set(qterms)}
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in present) / total if total else 0.0
