"""Abstention by what a question asks for (knowledge/scope.py): near-domain refusals, a held-back writer, the shipped knobs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.config import Settings
from bot.services import Services
from knowledge.retrieve import Calibration, HybridRetriever
from tests.paths import DATA


@pytest.fixture
def services(indexed_data_dir: Path, bok_dir: Path) -> Services:
    return Services(Settings(data_dir=indexed_data_dir))


# Near the articles' subjects (platforms, pipelines, vendors, governance, sprints) but asking for a price, a product,
# steps in a named tool, a legal rule or a ready-made document; written for this test, in no question set.
NEAR_DOMAIN = [
    "What does a year of reserved GPU capacity cost for a team of ten data scientists?",
    "Which data catalogue product should our platform team buy?",
    "Which Kubernetes setting makes a crashed model server restart on its own?",
    "Under which GDPR article must we tell customers their data trains a model?",
    "Can you draft the charter for our model governance committee?",
]
# A known miss of the bounded model with neighbours (scope11): its nearest in-scope questions share its subject (the
# governance framework and sign-off), so the neighbour term reads it as in scope (margin -0.07) and it is answered
# from the governance sections. Strict: the day it is refused again this marker must go.
DOCUMENT_ON_A_TAUGHT_SUBJECT = NEAR_DOMAIN[4]


@pytest.mark.parametrize("question", [
    pytest.param(q, marks=pytest.mark.xfail(strict=True, reason="neighbours share its subject; see bench_retrieval"))
    if q == DOCUMENT_ON_A_TAUGHT_SUBJECT else q for q in NEAR_DOMAIN])
def test_a_near_domain_question_asking_for_a_specific_is_refused(services: Services, question: str):
    result = services.index.search(question)
    assert result.abstained and result.hits == [], [h.chunk.section for h in result.hits]


def test_the_scope_model_is_what_refuses_them(services: Services):
    """Without the scope model most of those questions are answered: the corpus side sees the topic, not the request."""
    base = services.index.retriever()
    alone = HybridRetriever(base.corpus, base.embed_query, replace(Calibration(), scope_weight=0.0, refuse_below=Calibration().refuse_below_alone))
    answered_alone = [q for q in NEAR_DOMAIN if not alone.search(q).abstained]
    assert len(answered_alone) >= 3, answered_alone
    assert all(base.rank(q, base.mask()).scope_penalty > 0 for q in NEAR_DOMAIN)


def test_a_question_that_reads_in_scope_gains_no_evidence(services: Services):
    """The scope score is bounded: reading like a question the texts answer takes nothing away and adds nothing, so
    an off-topic question asked the articles' way keeps its weak corpus-side match and is not answered outright."""
    retriever = services.index.retriever()
    corpus_only = replace(Calibration(), scope_weight=0.0)
    # Off-topic questions asked the way the articles answer theirs; before the bound, all four were answered outright.
    for question in ("Why should a restaurant owner review each busy night honestly with the kitchen staff?",
                     "How should a wedding planner keep the caterer and the florist in step?",
                     "What should a head chef check before a new dish goes on the menu?",
                     "Who chases the roofer when the repair keeps slipping?"):
        ranking = retriever.rank(question, retriever.mask())
        assert ranking.scope < 0 and ranking.scope_penalty == 0.0, ranking.scope
        assert ranking.evidence == pytest.approx(retriever.rank(question, retriever.mask(), corpus_only).evidence)
        result = retriever.search(question)
        assert result.abstained or result.weak, [h.chunk.section for h in result.hits]
    assert Calibration().scope_penalty(-5.0) == 0.0 and Calibration().scope_penalty(2.0) > 0


@pytest.mark.parametrize("question,section", [
    # the same subjects asked the way the articles answer them: who decides, what to watch, why
    ("Who should be chasing the platform supplier when its support is slow?", "Platform Implementation"),
    ("What should already be in place for a live model before it goes out?", "Machine Learning Operations Execution"),
    ("Why keep a written list of the shortcuts the team took?", "Technical Debt Management"),
])
def test_the_same_subjects_asked_as_the_articles_answer_them_are_answered(services: Services, question: str, section: str):
    result = services.index.search(question)
    assert not result.abstained, result.reason
    assert section in {h.chunk.section for h in result.hits[:3]}


def test_a_refusal_says_the_request_was_the_reason_only_where_it_was(services: Services):
    """The kind of request is named as the reason exactly when the evidence without the scope term would have answered."""
    retriever = services.index.retriever()
    cal = retriever.calibration
    said = {}
    for q in NEAR_DOMAIN:
        ranking = retriever.rank(q, retriever.mask())
        if not retriever.search(q).abstained:
            continue  # the reason is only given for a refusal
        said[q] = ("asks for something of a kind" in retriever.search(q).reason, ranking.evidence + cal.scope_penalty(ranking.scope) >= cal.refuse_below)
    assert all(named == decided for named, decided in said.values()), said
    assert any(named for named, _ in said.values()), said


def test_a_held_back_writer_is_refused_and_answered_at_the_cross_writer_level(services: Services, eval_dir: Path):
    """rank9's own set held back: the model refitted and its knobs chosen on the other writers' questions only."""
    from benchmarks.bench_retrieval import CORPUS_ONLY, DEV_SETS, asked, load_cases, scope_bank, scope_outcomes, score, select_scope

    named = [("dev", load_cases([eval_dir / n for n in DEV_SETS]))] + [
        (p.stem, load_cases([p])) for p in (DATA / "retrieval_own.yaml", DATA / "retrieval_own6.yaml", DATA / "retrieval_own9.yaml")]
    rows = asked(services, named)
    scope_bank(services.index.embed_query)
    test = [i for i, r in enumerate(rows) if r.group == "retrieval_own9"]
    train = [i for i, r in enumerate(rows) if r.group != "retrieval_own9"]
    cases = [rows[i].case for i in test]
    with_scope = score(cases, scope_outcomes(rows, train, test, select_scope(rows, train), 0.1))
    alone = score(cases, scope_outcomes(rows, train, test, select_scope(rows, train, CORPUS_ONLY), 0.1))
    # measured 80 % against 20 % refused out of scope, none refused in scope, hit@3 0.93: floors a little under it
    assert with_scope["out_refused"] >= 0.7 and with_scope["out_refused"] > alone["out_refused"] + 0.3, with_scope["misses"]
    assert with_scope["in_refused"] <= 1 / 30 and with_scope["hit@3"] >= 0.9, with_scope["misses"]


def test_shipped_model_and_knobs_are_what_the_selection_fits_on_every_labelled_question(services: Services, eval_dir: Path):
    from benchmarks.bench_retrieval import DEV_SETS, ScopeKnobs, asked, load_cases, scope_bank, select_scope
    from knowledge.scope import L2, NEIGHBOUR_WEIGHT, NEIGHBOURS, bank, digest, shipped, shipped_digest

    named = [("dev", load_cases([eval_dir / n for n in DEV_SETS]))] + [(p.stem, load_cases([p])) for p in sorted(DATA.glob("retrieval_own*.yaml"))]
    rows = asked(services, named)
    _, bank_labels = scope_bank(services.index.embed_query)
    cal = Calibration()
    assert select_scope(rows, list(range(len(rows)))) == ScopeKnobs(L2, NEIGHBOURS, NEIGHBOUR_WEIGHT, cal.scope_floor, cal.scope_weight, cal.refuse_below)
    want = digest([r.case["q"] for r in rows] + bank()[0], [bool(r.case.get("abstain")) for r in rows] + bank_labels, L2)
    assert shipped_digest() == want, "the shipped scope model (knowledge/scope-model-*.npz) is stale: python -m knowledge.scope"
    model = shipped()
    assert model is not None and np.isfinite(model.w).all() and len(model.ref) == len(rows) + len(bank_labels)


def test_without_a_scope_model_the_corpus_side_threshold_applies(services: Services):
    """Another encoder has no shipped model: the evidence is judged on the scale of the corpus-side threshold."""
    base = services.index.retriever()
    question = "Why keep a written list of the shortcuts the team took?"
    plain = HybridRetriever(base.corpus, base.embed_query, scope=lambda: None).rank(question, base.mask())
    corpus_only = base.rank(question, base.mask(), replace(Calibration(), scope_weight=0.0))
    cal = Calibration()
    assert plain.evidence == pytest.approx(corpus_only.evidence + cal.refuse_below - cal.refuse_below_alone)
    assert plain.scope == 0.0


def test_a_search_of_the_records_alone_is_judged_on_the_corpus_side(demo_services: Services):
    """The scope model reads questions to the articles and the pack; a records-only search does not consult it."""
    demo_services.sync_records("halvorsen")
    retriever = demo_services.index.retriever()
    records_only = retriever.mask(kinds=["record"], program="halvorsen")
    question = "What does a year of reserved GPU capacity cost for a team of ten data scientists?"
    assert retriever.rank(question, retriever.mask()).scope > 0
    assert retriever.rank(question, records_only).scope == 0.0
