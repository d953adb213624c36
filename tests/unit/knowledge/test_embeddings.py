"""The NumPy (and onnxruntime) MiniLM forward passes match the sentence-transformers reference model."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge import embeddings
from knowledge.embeddings import MiniLMEmbedder, default_model_dir

TEXTS = [
    "Which questions fit a use case while its data is being readied?",
    "The feature store latency exceeds the serving-layer SLA.",
    "ok",
    "A long passage about sprint reviews, milestones and technical debt remediation budgets. " * 12,
]


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    st = pytest.importorskip("sentence_transformers", reason="the parity test needs sentence-transformers (dev extra)")
    model = st.SentenceTransformer(str(default_model_dir()), device="cpu")
    return model.encode(TEXTS, normalize_embeddings=True)


def test_numpy_forward_matches_reference(reference: np.ndarray):
    ours = MiniLMEmbedder().embed_batch(TEXTS)
    assert ours.shape == (4, 384) and ours.dtype == np.float32
    assert np.min(np.sum(ours * reference, axis=1)) > 0.9999
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_bulk_onnx_forward_matches_reference(reference: np.ndarray, monkeypatch: pytest.MonkeyPatch):
    pytest.importorskip("onnxruntime", reason="the bulk path uses onnxruntime when it is installed")
    monkeypatch.setattr(embeddings, "BULK_TOKENS", 1)
    embedder = MiniLMEmbedder()
    ours = embedder.embed_batch(TEXTS)
    assert embedder._onnx is not None
    assert np.min(np.sum(ours * reference, axis=1)) > 0.9999


def test_chroma_embedding_function_protocol():
    fn = embeddings.ChromaEmbeddingFunction(MiniLMEmbedder())
    vectors = fn(["one passage", "another passage"])
    assert len(vectors) == 2 and vectors[0].shape == (384,)
    assert fn.name() == "compel"


def test_openai_backend_needs_a_key():
    from bot.config import Settings
    from bot.errors import ConfigError

    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        embeddings.build_embedder(Settings(embeddings="openai"))
