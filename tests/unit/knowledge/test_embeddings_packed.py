"""The packed ONNX graph: a small call of several texts runs them end to end in one row with a block mask, and each
text's vector is the one it gets alone (no text sees another's tokens)."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.embeddings import MiniLMEmbedder
from knowledge.onnx_graph import PACKED_GRAPH_PATH

pytest.importorskip("onnxruntime", reason="the ONNX encoder needs onnxruntime (installed with chromadb)")

# Own wording: clause-sized pieces of different lengths, as one update splits into.
CLAUSES = [
    "The nightly load into the claims mart finished late again",
    "so the morning dashboard showed yesterday's numbers",
    "ok",
    "the vendor says a fix ships next week but has not named a day",
]


def test_shipped_packed_graph_is_what_the_builder_writes():
    pytest.importorskip("onnx", reason="rebuilding the graph needs the onnx package (dev extra)")
    from knowledge.onnx_graph import graph_bytes

    assert PACKED_GRAPH_PATH.read_bytes() == graph_bytes(packed=True), "run `python -m knowledge.onnx_graph`"


def test_packed_vectors_are_each_text_alone():
    from knowledge.onnx_forward import OnnxEncoder

    model = MiniLMEmbedder()
    encoder = OnnxEncoder(model)
    seqs = [e.ids for e in model.tokenizer.encode_batch(CLAUSES)]
    together = encoder.encode(seqs)  # a small call: the packed row
    alone = np.vstack([encoder.encode([s]) for s in seqs])
    assert together.shape == (4, 384) and together.dtype == np.float32
    assert np.abs(together - alone).max() < 1e-5
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    # And the order of the texts in the row changes nothing.
    assert np.abs(encoder.encode(seqs[::-1])[::-1] - together).max() < 1e-5


def test_a_call_above_the_packed_size_uses_padded_batches_with_the_same_vectors():
    from knowledge.onnx_forward import PACKED_TOKENS, OnnxEncoder

    model = MiniLMEmbedder()
    encoder = OnnxEncoder(model)
    texts = [f"Clause {n}: {CLAUSES[n % 4]}" for n in range(60)]
    seqs = [e.ids for e in model.tokenizer.encode_batch(texts)]
    assert sum(len(s) for s in seqs) > PACKED_TOKENS
    big = encoder.encode(seqs)
    assert np.abs(big[:5] - encoder.encode(seqs[:5])).max() < 1e-5  # packed and padded agree
