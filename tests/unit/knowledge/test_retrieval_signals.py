"""Per-signal scores behind a ranking, and the benchmark's error analysis that reads them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.config import Settings
from bot.services import Services
from knowledge.retrieve import Corpus, ExactDense, HybridRetriever, _zscore, chunk_terms
from knowledge.types import Chunk


@pytest.fixture
def services(indexed_data_dir: Path, bok_dir: Path) -> Services:
    return Services(Settings(data_dir=indexed_data_dir))


def test_the_signals_fused_with_the_shipped_weights_give_the_shipped_order(services: Services):
    """rank() is z-fusion of exactly the signals signals() reports: the error analysis sees what ranked."""
    retriever = services.index.retriever()
    mask = retriever.mask()
    question = "Who should own the list of shortcuts the engineers have taken?"
    sig = retriever.signals(question, mask)
    cal = retriever.calibration
    z = {name: _zscore(v, sig.live) for name, v in sig.per.items()}
    fused = (z["chunk"] + z["sentence"] + cal.lexical_weight * z["bm25"] + cal.pack_lexical_weight * z["pack_bm25"]
             + cal.pack_weight * z["pack"])
    expected = [int(s) for s in np.argsort(-np.where(sig.live, fused, -np.inf)) if sig.live[s]]
    ranked: list[int] = []
    for i in retriever.rank(question, mask).order:
        if retriever.section_of(i) not in ranked:
            ranked.append(retriever.section_of(i))
    assert ranked == expected[: len(ranked)]


def test_signal_ranks_name_every_section_in_every_signal(services: Services):
    from benchmarks.bench_retrieval import SIGNALS, signal_ranks

    ranks, order = signal_ranks(services.index.retriever(), "How do we go back to the previous model after a bad release?")
    assert order and set(order) <= set(ranks)
    n = len(ranks)
    for name in SIGNALS:  # each signal ranks every section once, 1..n
        assert sorted(r[name] for r in ranks.values()) == list(range(1, n + 1))
    assert ranks[order[0]]["sentence"] <= 3  # the best section is near the top of the dense sentence view


@pytest.mark.parametrize("gold,cause", [
    ({"chunk": 3, "sentence": 2, "bm25": 5, "pack_bm25": 1, "pack": 4}, "only the pack ranks it first"),
    ({"chunk": 1, "sentence": 4, "bm25": 2, "pack_bm25": 3, "pack": 2}, "only a dense view ranks it first"),
    ({"chunk": 6, "sentence": 2, "bm25": 1, "pack_bm25": 9, "pack": 7}, "only BM25 ranks it first"),
    ({"chunk": 2, "sentence": 2, "bm25": 3, "pack_bm25": 5, "pack": 2}, "no signal ranks it first"),
    ({"chunk": 1, "sentence": 5, "bm25": 1, "pack_bm25": 2, "pack": 3}, "several signals rank it first, the fusion does not"),
])
def test_a_miss_is_put_down_to_the_signals_that_knew_the_answer(gold: dict, cause: str):
    from benchmarks.bench_retrieval import miss_cause

    assert miss_cause(gold) == cause


def _passage(cid: str, kind: str, section: str, text: str) -> Chunk:
    return Chunk(id=cid, text=text, source="notes.txt" if kind == "bok" else "pack.yaml", kind=kind, title="Notes",
                 section=section, heading_path=[section], start=0, end=len(text), module="9.1", article=3)


# Written for this test: the plain words of the question are only in the pack entry restating "Safe Deployments".
SECTIONS = [
    _passage("s1", "bok", "Safe Deployments", "Each deployment keeps the prior artefact so operators can revert it quickly."),
    _passage("s2", "bok", "Budget Reviews", "Finance compares the monthly cloud invoice with the approved forecast."),
    _passage("p1", "pack", "Safe Deployments", "If a new version misbehaves, the team can undo the release and go back."),
]


def _expansion_retriever() -> HybridRetriever:
    vec = np.ones(4, dtype=np.float32) / 2.0
    corpus = Corpus(SECTIONS, [chunk_terms(c) for c in SECTIONS], ExactDense(np.tile(vec, (len(SECTIONS), 1))))
    return HybridRetriever(corpus, lambda q: vec)


def test_a_section_s_bm25_document_includes_the_pack_entries_restating_it():
    retriever = _expansion_retriever()
    question = "How do we undo a release?"
    safety = retriever.section_of(0)
    expanded = retriever.signals(question, retriever.mask())
    own_text = retriever.signals(question, retriever.mask(), lexical_unit="section")
    assert expanded.per["bm25"][safety] > 0 and own_text.per["bm25"][safety] == 0
    assert expanded.per["bm25"][retriever.section_of(1)] == 0


def test_pack_words_count_only_where_the_pack_is_in_scope():
    retriever = _expansion_retriever()
    bok_only = retriever.signals("How do we undo a release?", retriever.mask(kinds=["bok"]))
    assert bok_only.per["bm25"][retriever.section_of(0)] == 0
