"""Questions about the documents' layout: section roles from the corpus structure, the shipped bank, and the ranking."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.config import Settings
from bot.services import Services
from knowledge import reading_order
from knowledge.reading_order import DIRECTIONS, bank, bank_digest, section_roles, shipped_path
from knowledge.retrieve import Calibration, HybridRetriever
from knowledge.types import Chunk


def _chunk(source: str, section: str, text: str, start: int, article: int | None) -> Chunk:
    return Chunk(id=f"{source}-{start}", text=text, source=source, kind="bok" if article else "doc", module="7.1" if article else None,
                 article=article, section=section, start=start, end=start + len(text), title=source)


def _roles(chunks: list[Chunk]) -> dict[tuple[str, str], dict[str, float]]:
    keys: dict[tuple, int] = {}
    section = np.array([keys.setdefault((c.source, c.section), len(keys)) for c in chunks])
    roles = section_roles(chunks, section, len(keys), np.ones(len(chunks), dtype=bool))
    return {key: {d: float(roles[n, s]) for n, d in enumerate(DIRECTIONS)} for key, s in keys.items()}


def test_roles_come_from_position_in_a_numbered_article_and_from_references_by_number():
    chunks = [
        _chunk("a3.txt", "Opening", "This piece sets the scene. It follows the budgeting module.", 0, 3),
        _chunk("a3.txt", "Middle", "Vendors are chosen on cost. Cost is watched monthly. Module 4.2 explains contracts.", 80, 3),
        _chunk("a3.txt", "Middle", "A second passage of the same section says more about vendors.", 200, 3),
        _chunk("a3.txt", "Closing", "Article 4 turns to hiring and onboarding.", 300, 3),
        _chunk("blog.txt", "First", "A blog post with no number starts here.", 0, None),
        _chunk("blog.txt", "Last", "And it ends here with a summary.", 60, None),
    ]
    roles = _roles(chunks)
    assert roles[("a3.txt", "Closing")]["ahead"] == 1.0 and roles[("a3.txt", "Closing")]["back"] == 0.0
    assert roles[("a3.txt", "Opening")]["back"] == 1.0 and roles[("a3.txt", "Opening")]["ahead"] == 0.0
    # one of the middle section's four sentences refers to another module by number
    assert roles[("a3.txt", "Middle")]["where"] == pytest.approx(0.25) and roles[("a3.txt", "Middle")]["back"] == 0.0
    # a document outside a numbered series has no reading order: its first and last sections are ordinary
    assert all(v == 0.0 for key in [("blog.txt", "First"), ("blog.txt", "Last")] for v in roles[key].values())


def test_the_shipped_bank_vectors_are_the_current_bank_embedded_by_the_local_model():
    from knowledge.embeddings import local_embedder

    path = shipped_path(bank_digest())
    assert path.is_file(), "run `python -m knowledge.reading_order` after editing knowledge/model/reading_order.yaml"
    assert sorted(reading_order.HERE.glob("reading-order-*.npz")) == [path]  # no stale file left beside it
    with np.load(path) as data:
        shipped, directions = data["matrix"], data["directions"]
    assert [DIRECTIONS[d] for d in directions] == [d for d, _ in bank()]
    fresh = np.asarray(local_embedder().embed_batch([q for _, q in bank()]))
    assert shipped.shape == fresh.shape
    assert float(np.min(np.sum(shipped * fresh, axis=1))) > 0.999  # the same texts: cosine 1 up to the backend's float noise
    assert {d for d, _ in bank()} == set(DIRECTIONS)


@pytest.fixture
def services(indexed_data_dir: Path, bok_dir: Path) -> Services:
    return Services(Settings(data_dir=indexed_data_dir))


def _sections(retriever: HybridRetriever, question: str, cal: Calibration) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for i in retriever.rank(question, retriever.mask(), cal).order:
        c = retriever.corpus.chunks[i]
        if (c.source, c.section) not in seen:
            seen.append((c.source, c.section))
    return seen


LAYOUT_QUESTIONS = [  # our own wording; each with the section that introduces its article or looks ahead from it
    ("before I start the tech delivery piece, what was I supposed to have read first?", ("module-2.4-article-06.txt", "Introduction")),
    ("once I'm through the article on platforms, data and models, what does the one after it deal with?",
     ("module-2.4-article-06.txt", "Looking Ahead")),
    ("which earlier material does the module on delivering platforms build on?", ("module-2.4-article-06.txt", "Introduction")),
    ("the article on platform and model delivery: which earlier modules does it lean on?", ("module-2.4-article-06.txt", "Introduction")),
]


def test_layout_questions_rank_the_orienting_section_higher_than_without_the_mechanism(services: Services):
    """Recognising a layout question and favouring the sections whose role answers it lifts them, on the whole.

    Known weak: the direction is read from the nearest bank questions, and "which earlier modules does it lean on?"
    reads as looking ahead (rank 3 -> 4); the first question is not recognised at all (its gate similarity is 0.39).
    """
    retriever = services.index.retriever()
    off = replace(retriever.calibration, layout_weight=0.0)

    def rank(question: str, expected: tuple, cal: Calibration) -> int:
        order = _sections(retriever, question, cal)
        return order.index(expected) + 1 if expected in order else len(order) + 1

    on_ranks = [rank(q, e, retriever.calibration) for q, e in LAYOUT_QUESTIONS]
    off_ranks = [rank(q, e, off) for q, e in LAYOUT_QUESTIONS]
    assert sum(1 / r for r in on_ranks) > sum(1 / r for r in off_ranks), (on_ranks, off_ranks)
    # a clear question about what comes next finds the article's look-ahead first
    assert on_ranks[1] == 1, on_ranks


@pytest.mark.parametrize("question", [
    "Who keeps the list of shortcuts the engineers took, and how often is it looked at?",
    "the governance board has not signed off yet but the model works. can we ship it?",
])
def test_a_content_question_ranks_as_it_would_without_the_layout_mechanism(services: Services, question: str):
    retriever = services.index.retriever()
    off = replace(retriever.calibration, layout_weight=0.0)
    assert _sections(retriever, question, retriever.calibration) == _sections(retriever, question, off)


def test_without_a_bank_the_retriever_ranks_as_before(services: Services):
    base = services.index.retriever()
    plain = HybridRetriever(base.corpus, base.embed_query, base.calibration)
    question = "which earlier material does the module on delivering platforms build on?"
    assert plain.layout() is None
    assert _sections(plain, question, plain.calibration) == _sections(base, question, replace(base.calibration, layout_weight=0.0))
