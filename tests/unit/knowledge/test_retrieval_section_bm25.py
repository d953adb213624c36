"""BM25 reads a section's text as one document: words spread over its passages count together."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from knowledge.retrieve import Bm25, Calibration, Corpus, ExactDense, HybridRetriever, chunk_terms
from knowledge.types import Chunk

DIM = 8


def _chunk(cid: str, text: str, section: str, start: int) -> Chunk:
    return Chunk(id=cid, text=text, source="handbook.txt", kind="doc", title="Handbook", section=section,
                 heading_path=[section], start=start, end=start + len(text))


# Written for this test: the question's two words sit in different passages of one section, another section
# uses one of them in a single short passage, and a third uses the other; no heading shares a word with the question.
CHUNKS = [
    _chunk("a1", "Every team keeps a rollback path to the previous model, written down before launch.", "Safety Net", 0),
    _chunk("a2", "The team rehearses that switch in a drill each quarter so nobody learns it during an outage.", "Safety Net", 100),
    _chunk("b1", "The rollback log names an owner for each entry.", "Calendar", 300),
    _chunk("c1", "A fire drill is held once a year by facilities, and the whole building takes part in it.", "Office", 500),
]


def _retriever(unit: str) -> HybridRetriever:
    vec = np.ones(DIM, dtype=np.float32) / np.sqrt(DIM)  # every passage equally close: only BM25 decides
    corpus = Corpus(CHUNKS, [chunk_terms(c) for c in CHUNKS], ExactDense(np.tile(vec, (len(CHUNKS), 1))))
    return HybridRetriever(corpus, lambda q: vec, replace(Calibration(), lexical_unit=unit, unknown_term_penalty=0.0))


def _top_section(unit: str, question: str) -> str:
    retriever = _retriever(unit)
    ranking = retriever.rank(question, retriever.mask())
    return CHUNKS[ranking.order[0]].section


def test_words_spread_over_a_section_s_passages_count_together():
    question = "How often do we run the rollback drill?"
    assert _top_section("section", question) == "Safety Net"
    assert _top_section("passage", question) == "Calendar"  # the best single passage is the short one


def test_bm25_scores_documents_from_postings():
    index = Bm25([["model", "drift"], ["model"], ["budget"]])
    scores = index.scores(["drift", "model"])
    assert scores[0] > scores[1] > 0 and scores[2] == 0
    assert index.idf("drift") > index.idf("model") > 0
