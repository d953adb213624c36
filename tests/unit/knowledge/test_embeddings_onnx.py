"""The onnxruntime encoder: the shipped graph is what the builder writes, its vectors are the NumPy pass's (GELU's
exact form against its tanh form: float noise), and a
process switches to it only once it has embedded enough to pay for loading it."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge import embeddings
from knowledge.embeddings import MiniLMEmbedder
from knowledge.onnx_graph import GRAPH_PATH

pytest.importorskip("onnxruntime", reason="the ONNX encoder needs onnxruntime (installed with chromadb)")

# Own wording: a mix of short chat lines, a heading-like fragment, and a long repeated passage that is truncated.
TEXTS = [
    "Who signs off on the retraining budget?",
    "Vendor sandbox access is still pending after two weeks.",
    "Scope",
    "Sprint four closed with the pilot dashboard shown to the finance lead; two integrations remain open. " * 20,
]


def test_shipped_graph_is_what_the_builder_writes():
    pytest.importorskip("onnx", reason="rebuilding the graph needs the onnx package (dev extra)")
    from knowledge.onnx_graph import graph_bytes

    assert GRAPH_PATH.read_bytes() == graph_bytes(), "run `python -m knowledge.onnx_graph` to rewrite the shipped graph"


def test_onnx_vectors_match_the_numpy_pass():
    from knowledge.onnx_forward import OnnxEncoder

    model = MiniLMEmbedder()
    seqs = [e.ids for e in model.tokenizer.encode_batch(TEXTS)]
    numpy_vectors = np.vstack([model._packed([s]) for s in seqs])
    onnx_vectors = OnnxEncoder(model).encode(seqs)
    assert onnx_vectors.shape == (4, 384) and onnx_vectors.dtype == np.float32
    # The NumPy pass uses the tanh form of GELU, the graph the exact one (as the reference model): ~3e-4 apart.
    assert np.abs(onnx_vectors - numpy_vectors).max() < 1e-3
    assert np.min(np.sum(onnx_vectors * numpy_vectors, axis=1)) > 0.9999
    assert np.allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)


def test_many_batches_keep_their_rows_in_order():
    from knowledge.onnx_forward import BATCH, OnnxEncoder

    model = MiniLMEmbedder()
    texts = [f"Item {n} waits on {'the legal review ' * (n % 7)}sign-off." for n in range(2 * BATCH + 5)]
    seqs = [e.ids for e in model.tokenizer.encode_batch(texts)]
    encoder = OnnxEncoder(model)
    got = encoder.encode(seqs)
    for row in (0, BATCH + 3, 2 * BATCH + 4):
        assert np.abs(got[row] - encoder.encode([seqs[row]])[0]).max() < 1e-5  # padding and batch order change nothing


def test_one_question_stays_in_numpy_and_a_busy_process_switches():
    model = MiniLMEmbedder()
    model.embed_batch([TEXTS[0]])
    assert model._onnx is None, "a single short question must not pay for loading onnxruntime"
    for _ in range(100):  # a busy process: chat-sized calls, one after another
        if model._onnx is not None:
            break
        model.embed_batch(TEXTS[:3])
    assert model._onnx is not None
    assert model._numpy_tokens <= embeddings.SWITCH_TOKENS  # NumPy stops counting once onnxruntime takes over


def test_a_model_of_another_shape_runs_in_numpy(monkeypatch: pytest.MonkeyPatch):
    model = MiniLMEmbedder()
    monkeypatch.setattr(model, "heads", 6)  # a graph built for 12 heads cannot run it
    monkeypatch.setattr(embeddings, "BULK_TOKENS", 1)
    model.embed_batch(["a change of shape"])
    assert model._onnx is None and model._onnx_ok is False
