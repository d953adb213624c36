"""The MiniLM encoder run by onnxruntime: the shipped weightless graph (knowledge/onnx_graph.py) fed the weights NumPy
already holds, so loading costs no copy of the model file and no graph build.

onnxruntime's fused CPU kernels do the same maths as the NumPy pass about twice as fast on CPU time, and far faster on
long passages, where NumPy's padded batches are slow; it is what bulk indexing and a busy process use
(knowledge/embeddings.py decides when).
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Sequence

import numpy as np

from knowledge.onnx_graph import GRAPH_PATH, LAYER_WEIGHTS, SHAPE

log = logging.getLogger(__name__)

BATCH = 32


class OnnxEncoder:
    """The encoder layers and pooling on onnxruntime, one thread a call; the token lookup stays in NumPy."""

    def __init__(self, model) -> None:
        """`model` is knowledge.embeddings.MiniLMEmbedder (not imported here: it imports this module)."""
        import onnxruntime as ort

        self._model = model
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # small calls finish before threads hand off; bulk work runs calls side by side
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # A shared machine: a thread that spins waiting for work takes a core from someone else.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        names, values = [], []
        for n, layer in enumerate(model.layers):
            qkv_w, qkv_b, o_w, o_b, (g1, b1), i_w, i_b, f_w, f_b, (g2, b2) = layer
            for key, arr in zip(LAYER_WEIGHTS, (qkv_w, qkv_b, o_w, o_b, g1, b1, i_w, i_b, f_w, f_b, g2, b2)):
                names.append(f"l{n}_{key}")
                values.append(ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(arr, dtype=np.float32)))
        self._values = values  # onnxruntime reads these buffers in place: they must live as long as the session
        options.add_external_initializers(names, values)
        self._session = ort.InferenceSession(GRAPH_PATH.read_bytes(), options, providers=["CPUExecutionProvider"])
        self._workers = max(1, min(2, os.cpu_count() or 1))

    @staticmethod
    def fits(model) -> bool:
        """Whether the shipped graph was built for this model's shape."""
        hidden = model.word.shape[1]
        return (hidden, model.heads, model.layers_n, model.layers[0][5].shape[1], model.eps) == (
            SHAPE["hidden"], SHAPE["heads"], SHAPE["layers"], SHAPE["intermediate"], SHAPE["eps"])

    def _run(self, seqs: Sequence[Sequence[int]]) -> np.ndarray:
        m = self._model
        length = max(len(s) for s in seqs)
        ids = np.zeros((len(seqs), length), dtype=np.int64)
        mask = np.zeros((len(seqs), length), dtype=np.int64)
        for row, seq in enumerate(seqs):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        hidden = m.embed_tokens(ids, np.arange(length))
        return self._session.run(None, {"hidden": hidden, "attention_mask": mask})[0]

    def encode(self, seqs: Sequence[Sequence[int]]) -> np.ndarray:
        """Unit vectors for token id lists: batches by length (little padding), two at a time where there are cores."""
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        groups = [order[s : s + BATCH] for s in range(0, len(order), BATCH)]
        out = np.zeros((len(seqs), SHAPE["hidden"]), dtype=np.float32)
        if len(groups) == 1 or self._workers == 1:
            results = [self._run([seqs[i] for i in g]) for g in groups]
        else:
            with ThreadPoolExecutor(self._workers, thread_name_prefix="compel-onnx") as pool:
                results = list(pool.map(lambda g: self._run([seqs[i] for i in g]), groups))
        for g, vectors in zip(groups, results):
            out[g] = vectors
        return out
