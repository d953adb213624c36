"""The MiniLM encoder run by onnxruntime: the shipped weightless graph (knowledge/onnx_graph.py) fed the weights NumPy
already holds, so loading costs no copy of the model file and no graph build.

onnxruntime's fused CPU kernels do the same maths as the NumPy pass about twice as fast on CPU time, and far faster on
long passages, where NumPy's padded batches are slow; it is what bulk indexing and a busy process use
(knowledge/embeddings.py decides when). A small call of several texts runs them packed in one row (the packed graph),
so an update's clauses or a batch of short clauses pay for no padding.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Sequence

import numpy as np

from knowledge.onnx_graph import GRAPH_PATH, LAYER_WEIGHTS, PACKED_GRAPH_PATH, SHAPE

log = logging.getLogger(__name__)

BATCH = 32
# At or below this many tokens in one call, the texts run end to end in one row of the packed graph (no padding; the
# block mask's attention over the row costs less than padding the texts to the longest, up to about this length).
PACKED_TOKENS = 512


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
        self._options = options
        # Small calls (a question, an update's clauses) run on the packed graph, loaded here so that a failure to load
        # falls back to NumPy (knowledge/embeddings.py); the padded one only serves bulk calls, loaded on the first.
        self._sessions: dict[str, object] = {}
        self._loading = threading.Lock()  # bulk calls run two at a time: the padded graph is loaded once
        self._session(PACKED_GRAPH_PATH)
        self._workers = max(1, min(2, os.cpu_count() or 1))

    @staticmethod
    def fits(model) -> bool:
        """Whether the shipped graph was built for this model's shape."""
        hidden = model.word.shape[1]
        return (hidden, model.heads, model.layers_n, model.layers[0][5].shape[1], model.eps) == (
            SHAPE["hidden"], SHAPE["heads"], SHAPE["layers"], SHAPE["intermediate"], SHAPE["eps"])

    def _session(self, path):
        with self._loading:
            session = self._sessions.get(path.name)
            if session is None:
                import onnxruntime as ort

                session = self._sessions[path.name] = ort.InferenceSession(path.read_bytes(), self._options,
                                                                           providers=["CPUExecutionProvider"])
        return session

    def _run(self, seqs: Sequence[Sequence[int]]) -> np.ndarray:
        m = self._model
        length = max(len(s) for s in seqs)
        ids = np.zeros((len(seqs), length), dtype=np.int64)
        mask = np.zeros((len(seqs), length), dtype=np.int64)
        for row, seq in enumerate(seqs):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        hidden = m.embed_tokens(ids, np.arange(length))
        return self._session(GRAPH_PATH).run(None, {"hidden": hidden, "attention_mask": mask})[0]

    def _run_packed(self, seqs: Sequence[Sequence[int]]) -> np.ndarray:
        """A few texts end to end in one row, each attending to itself only; mean-pooled and normalised in NumPy."""
        m = self._model
        lengths = [len(s) for s in seqs]
        ids = np.fromiter((t for s in seqs for t in s), dtype=np.int64, count=sum(lengths))
        hidden = m.embed_tokens(ids, np.concatenate([np.arange(n) for n in lengths]))[None]
        owner = np.repeat(np.arange(len(seqs)), lengths)
        mask = (owner[:, None] == owner[None, :]).astype(np.int32)[None]
        x = self._session(PACKED_GRAPH_PATH).run(None, {"hidden": hidden, "block_mask": mask})[0][0]
        pooled = np.add.reduceat(x, np.cumsum([0, *lengths[:-1]]), axis=0) / np.asarray(lengths, dtype=np.float32)[:, None]
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def encode(self, seqs: Sequence[Sequence[int]]) -> np.ndarray:
        """Unit vectors for token id lists: a small call packed in one row; else batches by length (little padding),
        two at a time where there are cores."""
        if seqs and sum(len(s) for s in seqs) <= PACKED_TOKENS:
            return self._run_packed(seqs)
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
