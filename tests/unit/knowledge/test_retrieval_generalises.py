"""Retrieval on questions nobody tuned on: the held-out file in tests/data, paraphrases, the weak band."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Settings
from bot.services import Services
from knowledge.retrieve import Calibration, HybridRetriever
from tests.paths import DATA

OWN = DATA / "retrieval_own.yaml"


@pytest.fixture
def services(indexed_data_dir: Path, bok_dir: Path) -> Services:
    return Services(Settings(data_dir=indexed_data_dir))


def test_held_out_questions(services: Services):
    """Our own questions, never tuned on: ranking and refusal hold at about the cross-validated level."""
    from benchmarks.bench_retrieval import evaluate, load_cases, ranked_sections

    cases = load_cases([OWN])

    def shipped(q):
        r = services.index.search(q)
        return ranked_sections([h.chunk for h in r.hits], range(len(r.hits))), r.abstained

    result = evaluate(cases, shipped)
    assert result["hit@3"] >= 0.86, result["misses"]
    assert result["hit@1"] >= 0.6, result["misses"]
    # CV refuses about 1 in 74 in-scope dev questions; on our unseen ones one refusal is that rate, two are not
    n_in = sum(not c.get("abstain") for c in cases)
    assert result["in_refused"] <= 1.5 / n_in, result["misses"]
    assert result["out_refused"] >= 0.6, result["misses"]


@pytest.mark.parametrize("question,sections", [
    ("How do we undo a bad model release?", {"Machine Learning Operations Execution"}),
    # the articles treat a missing sign-off both as a shortcut never to take and as the governance side of the gap
    ("Can we skip the governance sign-off to ship sooner?", {"Technical Debt Management", "The Execution Gap in AI Transformation"}),
])
def test_a_paraphrase_is_answered_though_it_shares_few_words_with_the_text(services: Services, question: str, sections: set):
    result = services.index.search(question)
    assert not result.abstained, result.reason
    assert sections & {h.chunk.section for h in result.hits[:3]}


@pytest.mark.parametrize("question", ["What learning rate should a transformer use?", "How do I book a meeting room for the retro?"])
def test_off_topic_questions_are_refused(services: Services, question: str):
    result = services.index.search(question)
    assert result.abstained and result.hits == [], [h.chunk.section for h in result.hits]


def test_near_domain_questions_are_refused_or_flagged_weak(services: Services):
    """Close to the articles' topics but not answered by them: refused, or answered with the weak-match note."""
    from benchmarks.bench_retrieval import load_cases

    out_of_scope = [c["q"] for c in load_cases([OWN]) if c.get("abstain")]
    results = [services.index.search(q) for q in out_of_scope]
    not_confident = [r.abstained or r.weak for r in results]
    assert sum(not_confident) >= len(out_of_scope) - 1, [(r.query, r.reason) for r in results]


def test_the_middle_band_answers_and_says_the_match_is_weak(services: Services):
    """Same question, thresholds moved around its evidence: refuse, weak answer, plain answer."""
    base = services.index.retriever()
    question = "How do we undo a bad model release?"
    evidence = base.rank(question, base.mask()).evidence

    def with_threshold(refuse_below: float):
        cal = replace(Calibration(), refuse_below=refuse_below, weak_band=0.1)
        return HybridRetriever(base.corpus, base.embed_query, cal, scope=base._scope).search(question)

    refused = with_threshold(evidence + 0.01)
    weak = with_threshold(evidence - 0.05)
    plain = with_threshold(evidence - 0.2)
    assert refused.abstained and not refused.weak and refused.hits == []
    assert weak.weak and not weak.abstained and weak.hits and "weakly" in weak.reason
    assert not plain.weak and not plain.abstained and plain.hits[0].chunk.section == weak.hits[0].chunk.section


def test_hits_spread_over_sections_and_rank_bok_above_the_pack_entry_restating_it(services: Services):
    result = services.index.search("What goes into the technical debt register and who reviews it?", k=5)
    sections = [(h.chunk.source, h.chunk.section) for h in result.hits]
    assert len(set(sections)) >= 4  # the best section gives at most two passages, then others get a place
    assert result.hits[0].chunk.kind == "bok" and result.hits[0].score == 1.0
    assert all(h.chunk.kind != "pack" for h in result.hits)  # its pack entries vote for the section, they do not crowd it
