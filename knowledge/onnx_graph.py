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
"""

from __future__ import annotations

from pathlib import Path

GRAPH_PATH = Path(__file__).resolve().parent / "model" / "minilm-encoder.onnx"
# What the shipped graph was built for; another model's config falls back to the NumPy pass.
SHAPE = {"hidden": 384, "heads": 12, "layers": 6, "intermediate": 1536, "eps": 1e-12}
LAYER_WEIGHTS = ("qkv_w", "qkv_b", "o_w", "o_b", "g1", "b1", "i_w", "i_b", "f_w", "f_b", "g2", "b2")


def weight_shapes(shape: dict = SHAPE) -> dict[str, tuple[int, ...]]:
    """Every external initializer's name and shape, in the order the layers use them."""
    h, i = shape["hidden"], shape["intermediate"]
    per = {"qkv_w": (h, 3 * h), "qkv_b": (3 * h,), "o_w": (h, h), "o_b": (h,), "g1": (h,), "b1": (h,),
           "i_w": (h, i), "i_b": (i,), "f_w": (i, h), "f_b": (h,), "g2": (h,), "b2": (h,)}
    return {f"l{n}_{k}": per[k] for n in range(shape["layers"]) for k in LAYER_WEIGHTS}


def build_graph(shape: dict = SHAPE):
    """The encoder graph (an onnx ModelProto) whose weights are all external initializers."""
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
    node("Cast", ["attention_mask"], "mask_i32", to=TensorProto.INT32)
    for n in range(shape["layers"]):
        p = f"l{n}_"
        a = node("Attention", [x, p + "qkv_w", p + "qkv_b", "mask_i32"], p + "att", "com.microsoft", num_heads=shape["heads"])
        a = node("MatMul", [a, p + "o_w"], p + "att_out")
        x = node("SkipLayerNormalization", [a, x, p + "g1", p + "b1", p + "o_b"], p + "x1", "com.microsoft", epsilon=shape["eps"])
        f = node("MatMul", [x, p + "i_w"], p + "inter")
        f = node("BiasGelu", [f, p + "i_b"], p + "gelu", "com.microsoft")
        f = node("MatMul", [f, p + "f_w"], p + "ffn")
        x = node("SkipLayerNormalization", [f, x, p + "g2", p + "b2", p + "f_b"], p + "x2", "com.microsoft", epsilon=shape["eps"])
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
    graph = helper.make_graph(
        nodes, "all-MiniLM-L6-v2-encoder",
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "seq", shape["hidden"]]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"])],
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", shape["hidden"]])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18), helper.make_opsetid("com.microsoft", 1)],
                              producer_name="compel-bot")
    model.ir_version = 8  # read by every onnxruntime from 1.14 on
    return model


def graph_bytes(shape: dict = SHAPE) -> bytes:
    """The serialised graph, deterministic for a given shape."""
    return build_graph(shape).SerializeToString(deterministic=True)


def main() -> None:
    """Write the shipped graph file."""
    GRAPH_PATH.parent.mkdir(parents=True, exist_ok=True)
    GRAPH_PATH.write_bytes(graph_bytes())
    print(GRAPH_PATH)


if __name__ == "__main__":
    main()
