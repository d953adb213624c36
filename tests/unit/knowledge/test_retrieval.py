"""Retrieval quality on the real BoK, program scoping, abstention, and extractive answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import InputError
from bot.services import Services
from knowledge.types import Chunk


@pytest.fixture
def services(indexed_data_dir: Path) -> Services:
    return Services(Settings(data_dir=indexed_data_dir))


def test_knobs_tuned_on_four_folds_hold_on_the_held_back_fold(services: Services, bok_dir: Path, eval_dir: Path):
    """Weights and the refusal threshold chosen on four fifths of the dev questions, measured on the fifth (each in turn)."""
    from benchmarks.bench_retrieval import DEV_SETS, build_methods, cross_validate, load_cases

    cases = load_cases([eval_dir / name for name in DEV_SETS])
    methods, shipped = build_methods(services, cases)
    cv, picks = cross_validate(methods[-1], cases, shipped.weak_band)
    # Floors a little under the measured CV figures (0.85 / 0.97 / 1.4 % / 92 %): a method fitted to wording falls through,
    # and so do the method before the pack's words joined section BM25 (0.78 / 0.92) and the one before layout questions (0.95).
    assert cv["hit@1"] >= 0.80 and cv["hit@3"] >= 0.96, cv["misses"]
    assert cv["in_refused"] <= 0.05, cv["misses"]
    assert cv["out_refused"] >= 0.83, cv["misses"]
    assert len(picks) == 5


def test_shipped_defaults_are_what_whole_set_tuning_picks(services: Services, bok_dir: Path, eval_dir: Path):
    from benchmarks.bench_retrieval import DEV_SETS, build_methods, load_cases

    cases = load_cases([eval_dir / name for name in DEV_SETS])
    methods, shipped = build_methods(services, cases)
    setting, (threshold, penalty) = methods[-1].tune(cases, list(range(len(cases))))
    assert setting == (shipped.lexical_weight, shipped.pack_lexical_weight, shipped.layout_weight, shipped.layout_gate)
    assert threshold == shipped.refuse_below
    assert penalty == shipped.unknown_term_penalty


@pytest.mark.parametrize("question", ["Which flour gives homemade bread the crispest crust?", "Who won the football world cup in 2022?", "Can you recommend a good VPN for travelling abroad?"])
def test_out_of_scope_questions_abstain(services: Services, question: str):
    answer = services.answerer.answer(question)
    assert answer.abstained and answer.citations == [] and "does not cover" in answer.answer


def test_pack_answers_without_any_bok(isolated_env: Path):
    services = Services(Settings(data_dir=isolated_env))
    answer = services.answerer.answer("What share of sprint capacity should go to technical debt remediation?")
    assert not answer.abstained
    assert answer.citations[0].kind == "pack" and answer.citations[0].article == 6
    assert "15" in " ".join(c.quote for c in answer.citations) + answer.answer


def test_answer_is_extractive_and_cited(services: Services, bok_dir: Path):
    answer = services.answerer.answer("Which questions belong to the data preparation stage of a use case?")
    assert not answer.abstained
    first = answer.citations[0]
    assert (first.source, first.module, first.article, first.section) == (
        "module-2.4-article-06.txt", "2.4", 6, "The EATP's Technical Oversight Model")
    source_text = (bok_dir / first.source).read_text()
    assert "[1]" in answer.answer and first.quote
    assert all(part.rstrip("…").strip() in source_text for part in first.quote.split(" … "))
    assert "During data preparation" in answer.answer
    assert set(answer.to_json()) == {"answer", "abstained", "citations"}
    assert set(answer.to_json()["citations"][0]) == {"source", "module", "article", "section", "quote", "score"}


def test_records_are_scoped_to_their_program(services: Services):
    def record(program: str, text: str) -> Chunk:
        return Chunk(id=f"{program}-1", text=text, source=f"records:{program}", kind="record", program=program,
                     section="Stand-up 2026-11-03", title=program)

    services.index.upsert_source("records:alpha", [record("alpha", "The churn model feature store migration slipped two sprints.")])
    services.index.upsert_source("records:beta", [record("beta", "The churn model feature store migration is finished.")])
    q = "What happened to the churn model feature store migration?"
    alpha = services.index.search(q, program="alpha")
    assert {h.chunk.program for h in alpha.hits if h.chunk.kind == "record"} == {"alpha"}
    assert {h.chunk.program for h in services.index.search(q, program="beta").hits if h.chunk.kind == "record"} == {"beta"}
    assert all(h.chunk.kind != "record" for h in services.index.search(q).hits)
    services.index.remove_source("records:alpha")
    assert all(h.chunk.kind != "record" for h in services.index.search(q, program="alpha").hits)


def test_follow_up_uses_the_thread(services: Services):
    first = "What operational machinery, such as deployment pipelines and monitoring, has to be running once a model is live?"
    alone = services.answerer.retrieve("and what about rollback?")
    follow = services.answerer.retrieve("and what about rollback?", history=[first])
    assert follow.hits and follow.hits[0].chunk.section == "Machine Learning Operations Execution"
    assert alone.query != follow.query


@pytest.mark.parametrize("bad,match", [("", "empty"), ("   \n ", "empty"), ("x" * 20_000, "limit is 2,000")])
def test_bad_questions(services: Services, bad: str, match: str):
    with pytest.raises(InputError, match=match):
        services.answerer.answer(bad)
