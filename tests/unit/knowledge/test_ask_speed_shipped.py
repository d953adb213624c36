"""What ships embedded or fitted (the pack's vectors, the intent models) matches its source, and is what gets used."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.config import Settings
from bot.services import Services


@pytest.fixture(scope="module")
def local():
    from knowledge.embeddings import local_embedder

    return local_embedder()


def test_the_shipped_intent_models_are_the_current_banks(local):
    from bot.answer.intent import IntentClassifier, _read_model, shipped_path

    classifier = IntentClassifier(local.embed_batch)
    path = shipped_path(classifier.digest())
    assert path.is_file(), "intents.yaml (or the demo program's names) changed: run `python -m bot.answer.intent`"
    shipped, fitted = _read_model(path), classifier.model()  # no cache dir: fitted here from the bank
    assert shipped.topics == fitted.topics and shipped.vocab == fitted.vocab
    assert np.allclose(shipped.route_w, fitted.route_w, atol=1e-4) and np.allclose(shipped.topic_w, fitted.topic_w, atol=1e-4)


def test_the_shipped_intent_models_are_read_not_fitted(local, tmp_path: Path):
    from bot.answer.intent import IntentClassifier

    embedded: list[int] = []

    def embed(texts):
        embedded.append(len(texts))
        return local.embed_batch(texts)

    cache = tmp_path / "cache"
    classifier = IntentClassifier(embed, cache_dir=cache, shipped=True)
    intent = classifier.classify("Which of our projects slipped behind schedule this month?", ["Route planner"])
    assert intent.program and embedded == [1]  # only the question: no bank embedded, nothing fitted
    assert not cache.exists()  # and nothing written to the data dir


def test_the_shipped_pack_vectors_cover_the_pack_and_are_the_models(local):
    from bot.answer.prefetch import answer_texts
    from knowledge.pack import pack_chunks
    from knowledge.shipped import shipped_vectors

    chunks = pack_chunks()
    shipped = shipped_vectors(local.name)
    wanted = [c.context_text() for c in chunks] + answer_texts(chunks)
    missing = [t for t in wanted if t not in shipped]
    assert not missing, f"the knowledge pack changed: run `python -m bot.answer.prefetch` ({len(missing)} texts not shipped)"
    sample = wanted[:: max(1, len(wanted) // 12)]
    fresh = local.embed_batch(sample)
    assert np.min(np.sum(fresh * np.vstack([shipped[t] for t in sample]), axis=1)) > 0.9999


def test_another_embedder_never_reads_the_shipped_pack_vectors():
    from knowledge.shipped import shipped_vectors

    assert shipped_vectors("openai:text-embedding-3-small") == {}


def _spy(services: Services) -> list[list[str]]:
    seen: list[list[str]] = []
    embedder = services.embedder
    real = embedder.embed_batch
    embedder.embed_batch = lambda texts: seen.append(list(texts)) or real(texts)
    return seen


def test_a_first_index_embeds_no_pack_passage_or_sentence(tmp_path: Path):
    from knowledge.pack import pack_chunks

    services = Services(Settings(data_dir=tmp_path / "data"))
    seen = _spy(services)
    services.index.ensure_pack()
    pack_texts = {c.context_text() for c in pack_chunks()}
    assert services.index.chunks() and not [t for batch in seen for t in batch if t in pack_texts]
    assert seen == []  # the pack's passages and its answer sentences all ship embedded


def test_an_answer_embeds_only_its_question(indexed_data_dir: Path):
    services = Services(Settings(data_dir=indexed_data_dir))
    assert len(services.index.answer_sentences().texts) > 0
    seen = _spy(services)
    for question in ("How should a team keep track of shortcuts it took in the code?",
                     "Which skills does the person steering the program need?",
                     "What keeps a deployed model from quietly getting worse?"):
        services.answerer.answer(question)
    assert [len(batch) for batch in seen] == [1, 1, 1], seen
