"""Hybrid retrieval over sections: dense (passages and their sentences) and BM25, z-fused, with graded abstention.

The unit a reader cites is a section, so scores are pooled per section before ranking (BM25 reads each
section's text, with the knowledge-pack entries restating it, as one document). Each signal is
z-normalised over the sections in scope, which makes signals of different scales addable with plain
weights and makes a section's score a margin over the corpus background rather than a raw similarity.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Literal, Sequence

import numpy as np

from knowledge.text import sentences, terms
from knowledge.types import Chunk, Retrieval, SearchHit
from knowledge.unknown_terms import MAX_COUNTED, UnknownTerms

if TYPE_CHECKING:
    from knowledge.glossary import Glossary
    from knowledge.scope import ScopeModel

log = logging.getLogger(__name__)

WINDOW_KINDS = ("bok", "doc")  # long prose gets sentence vectors; pack entries and records are short already
MIN_WINDOW_WORDS = 6  # a short sentence (a few words naming a stage) matches off-topic questions by accident
TOP_SECTION_PASSAGES = 2  # passages the best section contributes before other sections get a place
MAX_SECTIONS = 50  # sections a ranking lists: far more than any answer reads, so a large corpus costs no more per query
DENSE_TOP = 3  # "agreement": the lexical list's best section is within this many of the dense list's

Verdict = Literal["answer", "weak", "refuse"]


@dataclass(frozen=True)
class Calibration:
    """Fusion weights and abstention thresholds; defaults are what benchmarks/bench_retrieval.py picks (the ranking
    weights on the dev set; refuse_below and scope_weight with the scope model, on every writer's labelled questions)."""

    lexical_weight: float = 0.75  # weight of the section's BM25 (its text and its pack entries' read as one) per dense view
    pack_lexical_weight: float = 0.25  # weight of the best pack entry's own BM25 ("section" unit; the others share lexical_weight)
    pack_weight: float = 0.0  # weight of the dense match to the pack entries restating a section
    agree_bonus: float = 0.1  # evidence credited when the lexical and dense lists agree on the best section
    unknown_term_penalty: float = 0.075  # evidence taken off per technical term the indexed texts never use (two at most)
    refuse_below: float = 0.29  # evidence below this: nothing indexed is about the question
    # BM25's document: a section's text with its pack entries' ("section+pack"), its text alone ("section", the way
    # before), or its best passage ("passage", the way before that)
    lexical_unit: Literal["section+pack", "section", "passage"] = "section+pack"
    weak_band: float = 0.1  # evidence within this much above refuse_below: answer, and say the match is weak
    # A question about the documents' layout (knowledge/reading_order.py): when its similarity to the nearest question
    # of that bank reaches layout_gate, sections gain layout_weight times the z-score of their role in that
    # question's direction (looking ahead, introducing from before, pointing to other articles)
    layout_weight: float = 2.0
    layout_gate: float = 0.45
    # Evidence off per unit of the scope model's score above scope_floor (knowledge/scope.py: how much the question
    # reads like one the texts leave open, by meaning). Bounded: it only ever takes evidence away, so a question that
    # reads very much in scope never lifts an off-topic match. Chosen with refuse_below (bench_retrieval.py)
    scope_weight: float = 0.6
    scope_floor: float = -0.5
    # The threshold chosen for the corpus-side evidence alone, which applies when no scope model fits the encoder
    # (another embedding model than the local one): the evidence is moved onto refuse_below's scale by the difference
    refuse_below_alone: float = 0.35

    def scope_penalty(self, scope: float) -> float:
        """The evidence the scope model's score takes away: never negative."""
        return self.scope_weight * max(scope - self.scope_floor, 0.0)

    def verdict(self, evidence: float) -> Verdict:
        """What to do with a question whose best match has this much evidence."""
        if evidence < self.refuse_below:
            return "refuse"
        return "weak" if evidence < self.refuse_below + self.weak_band else "answer"


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
class Windows:
    """Sentence vectors: row i belongs to chunk owner[i] (a long section's vector reflects mostly its start)."""

    owner: np.ndarray
    matrix: np.ndarray
    ids: list[str] = field(default_factory=list)  # content hash of each embedded text, so a rebuild re-embeds only new ones

    @classmethod
    def empty(cls, dim: int = 0) -> "Windows":
        return cls(np.zeros(0, dtype=np.int64), np.zeros((0, dim), dtype=np.float32), [])

    def by_id(self) -> dict[str, np.ndarray]:
        """Each embedded text's vector by its content hash."""
        return dict(zip(self.ids, self.matrix))


@dataclass
class Bm25:
    """BM25 over a list of token lists (the documents), from postings."""

    tokens: Sequence[Sequence[str]]
    k1: float = 1.2
    b: float = 0.75

    def __post_init__(self) -> None:
        self.df: dict[str, int] = {}
        self.postings: dict[str, list[tuple[int, int]]] = {}
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
        n, df = len(self.tokens), self.df.get(term, 0)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def scores(self, query_terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for the query terms, computed from postings (sparse, fast)."""
        scores = np.zeros(len(self.tokens), dtype=np.float32)
        norm = self.k1 * (1 - self.b + self.b * self.lengths / max(self.avg_len, 1e-9))
        for term in set(query_terms):
            posting = self.postings.get(term)
            if not posting:
                continue
            idx = np.fromiter((p[0] for p in posting), dtype=np.int64, count=len(posting))
            tf = np.fromiter((p[1] for p in posting), dtype=np.float32, count=len(posting))
            scores[idx] += self.idf(term) * tf * (self.k1 + 1) / (tf + norm[idx])
        return scores


@dataclass
class Corpus:
    """The chunks retrieval works over, their term lists, BM25 statistics and sentence vectors."""

    chunks: list[Chunk]
    tokens: list[list[str]]
    dense: ExactDense
    windows: Windows = field(default_factory=Windows.empty)
    k1: float = 1.2
    b: float = 0.75

    def __post_init__(self) -> None:
        self.lexical = Bm25(self.tokens, self.k1, self.b)

    def idf(self, term: str) -> float:
        """BM25's idf over the chunks (the non-negative variant)."""
        return self.lexical.idf(term)

    def bm25(self, query_terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every chunk for the query terms."""
        return self.lexical.scores(query_terms)


def chunk_terms(chunk: Chunk) -> list[str]:
    """Terms BM25 indexes for a chunk: its text plus its heading path twice (headings say what a passage is about)."""
    heading = " ".join(chunk.heading_path)
    return terms(f"{heading} {heading} {chunk.text}")


def window_texts(chunk: Chunk) -> list[str]:
    """The texts embedded as sentence vectors for a chunk: its sentences; none for short kinds or one-sentence chunks.

    No heading is prepended: the chunk's own vector carries the context, and a bare sentence costs half the
    tokens to embed and matches a focused question as well (measured in benchmarks/bench_retrieval.py's terms).
    """
    if chunk.kind not in WINDOW_KINDS:
        return []
    found = [s for s in sentences(chunk.text) if len(s.split()) >= MIN_WINDOW_WORDS]
    return found if len(found) >= 2 else []  # one sentence: the chunk's vector already is its sentence vector


@dataclass
class Ranking:
    """One query's sections best first, with the evidence abstention reads (see HybridRetriever.rank)."""

    order: list[int]  # chunk indices, best first, already spread over sections
    scores: dict[int, float]  # chunk index -> 0..1 score of its section
    dense: np.ndarray
    lexical: np.ndarray
    evidence: float
    best_dense: float
    agree: bool
    unknown: list[str] = field(default_factory=list)  # technical terms of the question no indexed text mentions
    scope: float = 0.0  # the scope model's score (above 0: reads like a question the texts leave open)
    scope_penalty: float = 0.0  # the evidence the scope model took away (Calibration.scope_penalty of the score)


@dataclass
class Signals:
    """One query's per-chunk similarities and per-section raw signals (section index -> score in each `per` array)."""

    qvec: np.ndarray
    dense: np.ndarray
    lexical: np.ndarray
    sentence: np.ndarray
    rep: np.ndarray  # chunks that represent their section (source passages; pack entries only where no source)
    live: np.ndarray  # sections in scope
    per: dict[str, np.ndarray]


class HybridRetriever:
    """Dense + BM25 + the knowledge pack's vote, fused per section, with calibrated abstention."""

    def __init__(
        self,
        corpus: Corpus,
        embed_query: Callable[[str], np.ndarray],
        calibration: Calibration | None = None,
        glossary: Callable[[], "Glossary"] | None = None,
        layout_bank: Callable[[], tuple[np.ndarray, np.ndarray]] | None = None,
        scope: Callable[[], "ScopeModel | None"] | None = None,
    ) -> None:
        self.corpus = corpus
        self._scope = scope  # the scope model (knowledge/scope.py), read on first use; None: no model for this encoder
        self._layout_bank = layout_bank  # vectors of layout questions, read on first use
        self._layout: tuple[np.ndarray, np.ndarray] | None = None  # bank vectors and their directions
        self._roles: np.ndarray | None = None  # section roles per direction
        self.embed_query = embed_query
        self.calibration = calibration or Calibration()
        chunks = corpus.chunks
        self._kind = np.array([c.kind for c in chunks])
        self._program = np.array([c.program or "" for c in chunks])
        self._module = np.array([c.module or "" for c in chunks])
        self._article = np.array([-1 if c.article is None else c.article for c in chunks])
        # Sections: BoK passages by (module, article, heading); anything else by (source, heading). A pack entry
        # restating a BoK section joins that section's key, so when the BoK is indexed the entry votes for it.
        keys: dict[tuple, int] = {}
        self._section = np.array([keys.setdefault(_section_key(c), len(keys)) for c in chunks], dtype=np.int64)
        self._n_sections = len(keys)
        self._is_pack = self._kind == "pack"
        self._unknown_terms = UnknownTerms(self._kind, corpus.tokens, glossary)
        self._members: list[list[int]] = [[] for _ in range(self._n_sections)]
        for i, sec in enumerate(self._section):
            self._members[int(sec)].append(i)
        # BM25 over whole sections, the unit a reader cites: a section's words spread over several passages
        # count together. A section is its source passages' text, or its pack entries' where it has no source.
        self._doc_is_source = np.zeros(self._n_sections, dtype=bool)
        self._doc_is_source[self._section[~self._is_pack]] = True
        docs: list[list[str]] = [[] for _ in range(self._n_sections)]
        for i, sec in enumerate(self._section):
            if self._is_pack[i] != self._doc_is_source[sec]:
                docs[int(sec)].extend(corpus.tokens[i])
        self._section_lexical = Bm25(docs, corpus.k1, corpus.b)
        # The same sections with their pack entries' words added: the pack restates a section in plain words, so
        # a question worded like the pack finds the section, and a section no entry restates keeps its own text.
        expanded: list[list[str]] = [[] for _ in range(self._n_sections)]
        for i, sec in enumerate(self._section):
            expanded[int(sec)].extend(corpus.tokens[i])
        self._expanded_lexical = Bm25(expanded, corpus.k1, corpus.b)

    def mask(
        self,
        kinds: Sequence[str] | None = None,
        program: str | None = None,
        module: str | None = None,
        article: int | None = None,
    ) -> np.ndarray:
        """Which chunks a search may return: records only for the program asked about, never another's."""
        m = np.ones(len(self.corpus.chunks), dtype=bool)
        if kinds:
            m &= np.isin(self._kind, list(kinds))
        m &= (self._kind != "record") | (self._program == (program or "\x00"))
        if module is not None:
            m &= self._module == module
        if article is not None:
            m &= self._article == article
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
        """The k best chunks for the query; weak when the match is poor, an abstention when nothing answers it."""
        mask = self.mask(kinds, program, module, article)
        if not self.corpus.chunks or not mask.any():
            return Retrieval(query=query, hits=[], abstained=True, reason="nothing is indexed for this scope")
        ranking = self.rank(query, mask)
        if not ranking.order:
            return Retrieval(query=query, hits=[], abstained=True, reason="no passage matches")
        verdict = self.calibration.verdict(ranking.evidence)
        if verdict == "refuse":
            reason = f"no passage is close enough to the question (best similarity {ranking.best_dense:.2f})"
            cal = self.calibration
            if ranking.scope_penalty > 0 and ranking.evidence + ranking.scope_penalty >= cal.refuse_below:  # the scope decided
                reason = (f"the closest passages share the question's topic (best similarity {ranking.best_dense:.2f}), "
                          "but it asks for something of a kind the indexed texts do not give")
            if ranking.unknown:
                reason += f"; the indexed texts never mention {_quoted(ranking.unknown)}"
            return Retrieval(query=query, hits=[], abstained=True, reason=reason)
        hits = [
            SearchHit(
                chunk=self.corpus.chunks[i],
                score=round(ranking.scores[i], 4),
                dense=round(float(ranking.dense[i]), 4),
                lexical=round(float(ranking.lexical[i]), 4),
            )
            for i in ranking.order[: max(k, 1)]
        ]
        reason = f"the closest passages match only weakly (best similarity {ranking.best_dense:.2f})" if verdict == "weak" else ""
        return Retrieval(query=query, hits=hits, abstained=False, weak=verdict == "weak", reason=reason)

    def rank(self, query: str, mask: np.ndarray, calibration: Calibration | None = None) -> Ranking:
        """Sections for the query best first, and the evidence that any of them is about it."""
        cal = calibration or self.calibration
        sig = self.signals(query, mask, cal.lexical_unit)
        dense, lexical, sentence, rep, live, per = sig.dense, sig.lexical, sig.sentence, sig.rep, sig.live, sig.per
        z = {name: _zscore(v, live) for name, v in per.items()}
        score = (
            z["chunk"] + z["sentence"]
            + cal.lexical_weight * z["bm25"]
            + (cal.pack_lexical_weight if cal.lexical_unit == "section+pack" else cal.lexical_weight) * z["pack_bm25"]
            + cal.pack_weight * z["pack"]
        )
        if cal.layout_weight > 0 and (layout := self.layout()) is not None:
            sims = layout[0] @ sig.qvec
            if float(sims.max()) >= cal.layout_gate:
                score = score + cal.layout_weight * _zscore(self.section_roles()[_direction(sims, layout[1])], live)
        score = np.where(live, score, -np.inf)
        sections = [int(s) for s in np.argsort(-score) if live[s]]
        order, scores = self._spread(sections, score, dense, rep)
        dense_view = np.where(live, z["chunk"] + z["sentence"], -np.inf)
        dense_top = {int(s) for s in np.argsort(-dense_view)[:DENSE_TOP]}
        # Agreement reads the best single passage's words (whatever unit ranks): one passage that says what the
        # question says is the evidence the refusal threshold was calibrated on.
        passage_bm25 = _pool(lexical, rep, self._section, self._n_sections, empty=0.0)
        agree = bool(passage_bm25.max() > 0 and int(np.argmax(np.where(live, passage_bm25, -1.0))) in dense_top)
        best = float(sentence[mask].max())  # sentence sims include each passage's own
        evidence = best + cal.agree_bonus * agree
        scope = penalty = 0.0
        if cal.scope_weight > 0:
            # Fitted on questions to the knowledge (articles, pack): a search of a program's records alone is judged
            # on the corpus side, as with an encoder that has no model
            knowledge = bool((mask & (self._kind != "record")).any())
            model = self._scope() if self._scope is not None and knowledge else None
            if model is not None:
                from knowledge.scope import score as scope_score

                scope = scope_score(model, sig.qvec)
                penalty = cal.scope_penalty(scope)
                evidence -= penalty
            else:
                evidence += cal.refuse_below - cal.refuse_below_alone
        unknown: list[str] = []
        # Looked up only where it could change the verdict, so a confident question never loads the glossary.
        if cal.unknown_term_penalty > 0 and evidence < cal.refuse_below + cal.weak_band + MAX_COUNTED * cal.unknown_term_penalty:
            unknown = self._unknown_terms(query)
            evidence -= cal.unknown_term_penalty * len(unknown)
        return Ranking(order, scores, dense, lexical, evidence, best, agree, unknown, scope, penalty)

    def signals(self, query: str, mask: np.ndarray, lexical_unit: str = "section+pack") -> "Signals":
        """Each signal's raw score per section for the query, before z-fusion (rank reads them; so does the error analysis)."""
        corpus = self.corpus
        qvec = self.embed_query(query)
        dense = corpus.dense.similarities(qvec, mask)
        qterms = terms(query)
        lexical = np.where(mask, corpus.bm25(qterms), 0.0)
        sentence = self._sentence_sims(qvec, dense, mask)
        # A section is represented by its source passages; pack entries stand in only where no source is in scope.
        has_source = np.zeros(self._n_sections, dtype=bool)
        has_source[self._section[mask & ~self._is_pack]] = True
        voter = self._is_pack & has_source[self._section]
        rep = mask & ~voter
        vote = mask & self._is_pack  # every pack entry in scope votes for its section, standing in or not
        live = np.zeros(self._n_sections, dtype=bool)
        live[self._section[rep]] = True
        per = {
            "chunk": _pool(dense, rep, self._section, self._n_sections),
            "sentence": _pool(sentence, rep, self._section, self._n_sections),
            "bm25": self._section_bm25(qterms, live, has_source, mask, expanded=lexical_unit == "section+pack")
            if lexical_unit != "passage" else _pool(lexical, rep, self._section, self._n_sections, empty=0.0),
            "pack_bm25": _pool(lexical, vote, self._section, self._n_sections, empty=0.0),
            "pack": _pool(dense, vote, self._section, self._n_sections),
        }
        return Signals(qvec, dense, lexical, sentence, rep, live, per)

    def nearest(self, qvec: np.ndarray, mask: np.ndarray) -> float:
        """The best dense similarity of a query vector to the chunks in the mask (-1 when the mask is empty)."""
        if not mask.any():
            return -1.0
        return float(self.corpus.dense.similarities(qvec, mask).max())

    def scope_score(self, qvec: np.ndarray) -> float | None:
        """The scope model's score for a query vector (above 0 leans out of what the texts answer); None without a model."""
        model = self._scope() if self._scope is not None else None
        if model is None:
            return None
        from knowledge.scope import score as scope_score

        return scope_score(model, qvec)

    def layout(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The layout-question bank's vectors and each row's direction; None without a bank."""
        if self._layout is None and self._layout_bank is not None:
            self._layout = self._layout_bank()
        return self._layout

    def section_roles(self) -> np.ndarray:
        """Each section's role per direction (knowledge/reading_order.py), worked out when a layout question first needs it."""
        if self._roles is None:
            from knowledge.reading_order import section_roles

            self._roles = section_roles(self.corpus.chunks, self._section, self._n_sections, ~self._is_pack)
        return self._roles

    def section_of(self, chunk_index: int) -> int:
        """The section a chunk belongs to (the index Signals.per is keyed by)."""
        return int(self._section[chunk_index])

    def _section_bm25(self, qterms: list[str], live: np.ndarray, has_source: np.ndarray, mask: np.ndarray, expanded: bool) -> np.ndarray:
        """BM25 of each section's text read as one document (with its pack entries' when expanded); zero where out of scope."""
        own = np.where(live & (has_source | ~self._doc_is_source), self._section_lexical.scores(qterms), 0.0)
        if not expanded:
            return own
        # The expanded document stands only where all of it is in scope: the section's source and every entry of it.
        pack_out = np.zeros(self._n_sections, dtype=bool)
        pack_out[self._section[self._is_pack & ~mask]] = True
        whole = live & has_source & ~pack_out
        return np.where(whole, self._expanded_lexical.scores(qterms), own)

    def _sentence_sims(self, qvec: np.ndarray, dense: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Per chunk, its best sentence's similarity (its own similarity where it has no sentence vectors)."""
        w = self.corpus.windows
        out = np.where(mask, dense, -np.inf)
        if len(w.owner):
            np.maximum.at(out, w.owner, (w.matrix @ qvec).astype(out.dtype))
        return np.where(mask, out, -np.inf)

    def _spread(self, sections: list[int], score: np.ndarray, dense: np.ndarray, rep: np.ndarray) -> tuple[list[int], dict[int, float]]:
        """Chunks best first: the top section's best passages, then the best passage of each next section."""
        if not sections:
            return [], {}
        top, low = float(score[sections[0]]), float(score[sections[-1]])
        span = top - low if top > low else 1.0
        order: list[int] = []
        scores: dict[int, float] = {}
        for rank, s in enumerate(sections[:MAX_SECTIONS]):
            best_first = sorted((i for i in self._members[s] if rep[i]), key=lambda i: -dense[i])
            for i in best_first[: TOP_SECTION_PASSAGES if rank == 0 else 1]:
                order.append(i)
                scores[i] = (float(score[s]) - low) / span
        return order, scores


def _direction(sims: np.ndarray, directions: np.ndarray) -> int:
    """The direction whose two nearest bank questions are nearest on average (one neighbour alone is noisy)."""
    means = [float(np.sort(sims[directions == d])[-2:].mean()) if (directions == d).any() else -np.inf
             for d in range(int(directions.max()) + 1)]
    return int(np.argmax(means))


def _quoted(names: list[str]) -> str:
    return " or ".join(f"'{n}'" for n in names)


def _section_key(chunk: Chunk) -> tuple:
    if chunk.kind in ("bok", "pack") and chunk.module is not None and chunk.article is not None:
        return ("bok", chunk.module, chunk.article, chunk.section)
    return (chunk.kind, chunk.source, chunk.section)


def _pool(values: np.ndarray, where: np.ndarray, section: np.ndarray, n: int, empty: float | None = None) -> np.ndarray:
    """Max of values per section over the chunks selected by where.

    Sections with none get `empty`, or by default the lowest pooled value: no evidence, not negative evidence.
    """
    out = np.full(n, -np.inf)
    np.maximum.at(out, section[where], values[where])
    found = np.isfinite(out)
    fill = empty if empty is not None else (float(out[found].min()) if found.any() else 0.0)
    return np.where(found, out, fill)


def _zscore(values: np.ndarray, live: np.ndarray) -> np.ndarray:
    """Standard score over the sections in scope: a margin over the background, comparable across signals."""
    v = values[live]
    if len(v) < 2 or float(v.std()) < 1e-9:
        return np.zeros_like(values)
    return (values - float(v.mean())) / float(v.std())
