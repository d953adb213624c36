"""The MiniLM encoder as an ONNX graph with no weights in it: `python -m knowledge.onnx_graph` writes the shipped file.

The graph takes the embedded tokens (word + position + type, normalised: NumPy does that lookup from the memory map)
and the attention mask, and returns unit-length mean-pooled vectors. Every weight is an external initializer that
knowledge/onnx_forward.py hands to onnxruntime from the installed model's safetensors, so the file is a few kB, the
same for any copy of the weights of this shape, and building it (the `onnx` package, a dev dependency) never happens
at run time. A test rebuilds it and compares.

The ops are onnxruntime's fused CPU kernels: Attention, SkipLayerNormalization and BiasGelu. GELU is the exact (erf)
form, as in the reference model and the torch pass bulk indexing used before, so index vectors and everything shipped
embedded (the pack's vectors, the intent and situation models) stay as they were; the NumPy pass's tanh form differs
from it by ~1e-4 (float noise, the parity tests' tolerance).

A second graph, the packed one, runs a few short texts end to end in one row with a block mask (each token attends only
to its own text) and returns the last hidden states, pooled in NumPy: a small call (a question, an update's clauses)
then streams the weights once and computes no padding, where a padded batch of texts of 8, 15 and 22 tokens costs 66.
"""

from __future__ import annotations

from pathlib import Path

GRAPH_PATH = Path(__file__).resolve().parent / "model" / "minilm-encoder.onnx"
PACKED_GRAPH_PATH = GRAPH_PATH.with_name("minilm-encoder-packed.onnx")
# What the shipped graph was built for; another model's config falls back to the NumPy pass.
SHAPE = {"hidden": 384, "heads": 12, "layers": 6, "intermediate": 1536, "eps": 1e-12}
LAYER_WEIGHTS = ("qkv_w", "qkv_b", "o_w", "o_b", "g1", "b1", "i_w", "i_b", "f_w", "f_b", "g2", "b2")


def weight_shapes(shape: dict = SHAPE) -> dict[str, tuple[int, ...]]:
    """Every external initializer's name and shape, in the order the layers use them."""
    h, i = shape["hidden"], shape["intermediate"]
    per = {"qkv_w": (h, 3 * h), "qkv_b": (3 * h,), "o_w": (h, h), "o_b": (h,), "g1": (h,), "b1": (h,),
           "i_w": (h, i), "i_b": (i,), "f_w": (i, h), "f_b": (h,), "g2": (h,), "b2": (h,)}
    return {f"l{n}_{k}": per[k] for n in range(shape["layers"]) for k in LAYER_WEIGHTS}


def build_graph(shape: dict = SHAPE, packed: bool = False):
    """The encoder graph (an onnx ModelProto) whose weights are all external initializers.

    packed: inputs `hidden` [1, tokens, hidden] and `block_mask` [1, tokens, tokens] (int32, 1 where a token may attend),
    output the last hidden states [1, tokens, hidden]; else a padded batch and its mask in, unit vectors out.
    """
    from onnx import TensorProto, helper, numpy_helper
    import numpy as np

    inits, nodes = [], []

    def node(op: str, ins: list[str], out: str, domain: str | None = None, **attrs) -> str:
        nodes.append(helper.make_node(op, ins, [out], domain=domain, **attrs))
        return out

    for name, dims in weight_shapes(shape).items():
        # External data with no file behind it: onnxruntime takes the values from add_external_initializers.
        t = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=dims)
        t.data_location = TensorProto.EXTERNAL
        for key, value in (("location", "safetensors"), ("offset", "0"), ("length", str(4 * int(np.prod(dims))))):
            entry = t.external_data.add()
            entry.key, entry.value = key, value
        inits.append(t)
    inits += [numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
              numpy_helper.from_array(np.array([-1], dtype=np.int64), "last_axis"),
              numpy_helper.from_array(np.array(1e-9, dtype=np.float32), "min_count"),
              numpy_helper.from_array(np.array(1e-12, dtype=np.float32), "min_norm")]
    x = "hidden"
    if packed:
        mask = "block_mask"
    else:
        mask = node("Cast", ["attention_mask"], "mask_i32", to=TensorProto.INT32)
    for n in range(shape["layers"]):
        p = f"l{n}_"
        a = node("Attention", [x, p + "qkv_w", p + "qkv_b", mask], p + "att", "com.microsoft", num_heads=shape["heads"])
        a = node("MatMul", [a, p + "o_w"], p + "att_out")
        x = node("SkipLayerNormalization", [a, x, p + "g1", p + "b1", p + "o_b"], p + "x1", "com.microsoft", epsilon=shape["eps"])
        f = node("MatMul", [x, p + "i_w"], p + "inter")
        f = node("BiasGelu", [f, p + "i_b"], p + "gelu", "com.microsoft")
        f = node("MatMul", [f, p + "f_w"], p + "ffn")
        x = node("SkipLayerNormalization", [f, x, p + "g2", p + "b2", p + "f_b"], p + "x2", "com.microsoft", epsilon=shape["eps"])
    if packed:
        return _model(nodes, "all-MiniLM-L6-v2-encoder-packed", [
            helper.make_tensor_value_info("hidden", TensorProto.FLOAT, [1, "tokens", shape["hidden"]]),
            helper.make_tensor_value_info("block_mask", TensorProto.INT32, [1, "tokens", "tokens"])],
            [helper.make_tensor_value_info(x, TensorProto.FLOAT, [1, "tokens", shape["hidden"]])],
            [t for t in inits if t.name in weight_shapes(shape)])
    node("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    node("Unsqueeze", ["mask_f", "last_axis"], "mask3")
    node("Mul", [x, "mask3"], "masked")
    node("ReduceSum", ["masked", "axis1"], "summed", keepdims=0)
    node("ReduceSum", ["mask3", "axis1"], "count0", keepdims=0)
    node("Max", ["count0", "min_count"], "count")
    node("Div", ["summed", "count"], "pooled")
    node("ReduceL2", ["pooled", "last_axis"], "norm0", keepdims=1)
    node("Max", ["norm0", "min_norm"], "norm")
    node("Div", ["pooled", "norm"], "embeddings")
    return _model(nodes, "all-MiniLM-L6-v2-encoder",
                  [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "seq", shape["hidden"]]),
                   helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"])],
                  [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", shape["hidden"]])], inits)


def _model(nodes: list, name: str, inputs: list, outputs: list, inits: list):
    from onnx import helper

    graph = helper.make_graph(nodes, name, inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18), helper.make_opsetid("com.microsoft", 1)],
                              producer_name="compel-bot")
    model.ir_version = 8  # read by every onnxruntime from 1.14 on
    return model


def graph_bytes(shape: dict = SHAPE, packed: bool = False) -> bytes:
    """The serialised graph, deterministic for a given shape."""
    return build_graph(shape, packed=packed).SerializeToString(deterministic=True)


def main() -> None:
    """Write the shipped graph files."""
    GRAPH_PATH.parent.mkdir(parents=True, exist_ok=True)
    for path, packed in ((GRAPH_PATH, False), (PACKED_GRAPH_PATH, True)):
        path.write_bytes(graph_bytes(packed=packed))
        print(path)


if __name__ == "__main__":
    main()
