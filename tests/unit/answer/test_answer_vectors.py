"""The answer's sentence-vector cache: texts embedded once, vectors the index already holds taken as they are."""

from __future__ import annotations

import numpy as np

from bot.answer.vectors import SentenceVectors


class CountingEmbedder:
    """A deterministic embedder that records every text it is asked to embed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts):
        self.seen.extend(texts)
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)


def test_a_text_is_embedded_once_across_calls():
    embed = CountingEmbedder()
    vectors = SentenceVectors(embed)
    vectors(["Ship the pilot first.", "Measure it weekly."])
    vectors(["Measure it weekly.", "Ship the pilot first."])
    assert embed.seen == ["Ship the pilot first.", "Measure it weekly."]


def test_seeded_vectors_are_used_without_embedding_and_kept_as_given():
    embed = CountingEmbedder()
    vectors = SentenceVectors(embed)
    given = np.array([[0.6, 0.8]], dtype=np.float32)
    vectors.seed(["Ship the pilot first."], given)
    rows = vectors(["Ship the pilot first.", "Measure it weekly."])
    assert embed.seen == ["Measure it weekly."]
    assert np.allclose(rows[0], given[0])


def test_seeding_never_replaces_a_vector_already_held(tmp_path):
    embed = CountingEmbedder()
    vectors = SentenceVectors(embed, path=tmp_path / "cache.npz")
    first = vectors(["Ship the pilot first."])[0].copy()
    vectors.seed(["Ship the pilot first."], np.array([[9.0, 9.0]], dtype=np.float32))
    assert np.allclose(vectors(["Ship the pilot first."])[0], first)
    reopened = SentenceVectors(CountingEmbedder(), path=tmp_path / "cache.npz")
    assert np.allclose(reopened(["Ship the pilot first."])[0], first)
