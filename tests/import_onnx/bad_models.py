"""Models `qmac import` must refuse, each with the words its one error line must hold.
CASES: name -> function(rng) -> (file bytes, expected substring)."""
import numpy as np
import onnx
from onnx import TensorProto, helper

from models import Graph, qlinear_matmul


def _matmul_graph(rng, **override):
    """x int8 [2, 8] -> QLinearMatMul -> y: the base most cases break one thing of."""
    g = Graph(rng)
    v = {"xs": np.float32(0.05), "w": rng.integers(-50, 50, (8, 4)).astype(np.int8)}
    v.update(override)
    h = g.node("QLinearMatMul", ["x", g.const(v["xs"]), g.const(np.int8(0)), g.const(v["w"]), g.const(np.float32(0.01)),
                                 g.const(np.int8(0)), g.const(np.float32(0.1)), g.const(np.int8(0))])
    return g, h


def truncated(rng):
    data, _ = qlinear_matmul(rng, "int8", "int8", True)
    return data[: len(data) // 2], "not a readable ONNX model"


def not_protobuf(rng):
    return b"\x0a\xff\xff\xff\xff\x0fnot an onnx model", "not a readable ONNX model"


def empty_file(rng):
    return b"", "no graph"


def unsupported_op(rng):
    g, h = _matmul_graph(rng)
    y = g.node("DequantizeLinear", [h, g.const(np.float32(0.1)), g.const(np.int8(0))])
    y = g.node("Softmax", [y])
    return g.model("x", "int8", [2, 8], [(y, TensorProto.FLOAT)]), "op Softmax"


def dilation_2(rng):
    g = Graph(rng)
    h = g.node("QLinearConv", ["x", g.const(np.float32(0.05)), g.const(np.int8(0)),
                               g.const(rng.integers(-9, 9, (2, 1, 3, 3)).astype(np.int8)), g.const(np.float32(0.01)),
                               g.const(np.int8(0)), g.const(np.float32(0.1)), g.const(np.int8(0))], dilations=[2, 2])
    return g.model("x", "int8", [1, 1, 8, 8], [(h, TensorProto.INT8)]), "'dilations' [2, 2]"


def unknown_node_domain(rng):
    g, h = _matmul_graph(rng)
    y = g.node("QLinearSigmoid", [h], "com.example")
    return g.model("x", "int8", [2, 8], [(y, TensorProto.INT8)]), "domain 'com.example'"


def unknown_opset_domain(rng):
    g, h = _matmul_graph(rng)
    m = onnx.load_from_string(g.model("x", "int8", [2, 8], [(h, TensorProto.INT8)]))
    m.opset_import.append(helper.make_opsetid("ai.onnx.ml.experimental", 1))
    return m.SerializeToString(), "opset domain 'ai.onnx.ml.experimental'"


def non_constant_weight(rng):
    """The weights of a QLinearConv as a graph input with a default (an overridable initializer)."""
    g = Graph(rng)
    w = g.const(rng.integers(-9, 9, (2, 1, 3, 3)).astype(np.int8))
    h = g.node("QLinearConv", ["x", g.const(np.float32(0.05)), g.const(np.int8(0)), w, g.const(np.float32(0.01)),
                               g.const(np.int8(0)), g.const(np.float32(0.1)), g.const(np.int8(0))])
    m = onnx.load_from_string(g.model("x", "int8", [1, 1, 6, 6], [(h, TensorProto.INT8)]))
    m.graph.input.append(helper.make_tensor_value_info(w, TensorProto.INT8, [2, 1, 3, 3]))
    return m.SerializeToString(), f"input '{w}' (weights) is not a constant"


def nan_scale(rng):
    g, h = _matmul_graph(rng, xs=np.float32("nan"))
    return g.model("x", "int8", [2, 8], [(h, TensorProto.INT8)]), "not finite"


def zero_scale(rng):
    g, h = _matmul_graph(rng, xs=np.float32(0))
    return g.model("x", "int8", [2, 8], [(h, TensorProto.INT8)]), "not finite and > 0"


def wrong_weight_shape(rng):
    g, h = _matmul_graph(rng, w=rng.integers(-5, 5, (7, 4)).astype(np.int8))
    return g.model("x", "int8", [2, 8], [(h, TensorProto.INT8)]), "has 8 columns, the weights 7 rows"


def qgemm_trans_a(rng):
    g = Graph(rng)
    h = g.node("QGemm", ["x", g.const(np.float32(0.05)), g.const(np.int8(0)), g.const(rng.integers(-9, 9, (4, 8)).astype(np.int8)),
                         g.const(np.float32(0.01)), g.const(np.int8(0)), "", g.const(np.float32(0.1)), g.const(np.int8(0))],
               "com.microsoft", transA=1)
    return g.model("x", "int8", [8, 2], [(h, TensorProto.INT8)]), "'transA' 1"


def maxpool_ceil_mode(rng):
    g = Graph(rng)
    h = g.node("MaxPool", ["x"], kernel_shape=[2, 2], ceil_mode=1)
    h = g.node("QLinearConv", [h, g.const(np.float32(0.05)), g.const(np.int8(0)),
                               g.const(np.ones((1, 1, 1, 1), np.int8)), g.const(np.float32(1.0)), g.const(np.int8(0)),
                               g.const(np.float32(0.05)), g.const(np.int8(0))])
    return g.model("x", "int8", [1, 1, 5, 5], [(h, TensorProto.INT8)]), "'ceil_mode' 1"


def float_conv(rng):
    """A float Conv outside a QDQ group (ONNX Runtime would run it in float)."""
    g = Graph(rng)
    h = g.node("Conv", ["x", g.const(rng.normal(0, 1, (2, 1, 3, 3)).astype(np.float32))])
    return g.model("x", "float32", [1, 1, 5, 5], [(h, TensorProto.FLOAT)]), "not a DequantizeLinear output"


def qdq_relu_not_folded(rng):
    """DequantizeLinear -> Gemm -> Relu -> QuantizeLinear whose zero point is not the type's minimum: ONNX
    Runtime keeps the Relu and runs the Gemm in float."""
    g = Graph(rng)
    x = g.node("DequantizeLinear", ["x", g.const(np.float32(0.05)), g.const(np.int8(3))])
    w = g.node("DequantizeLinear", [g.const(rng.integers(-50, 50, (4, 8)).astype(np.int8)), g.const(np.float32(0.01)),
                                    g.const(np.int8(0))])
    h = g.node("Gemm", [x, w], transB=1)
    h = g.node("Relu", [h])
    y = g.node("QuantizeLinear", [h, g.const(np.float32(0.1)), g.const(np.int8(-100))])
    return g.model("x", "int8", [2, 8], [(y, TensorProto.INT8)]), "keeps this Relu"


def add_constant(rng):
    g, h = _matmul_graph(rng)
    s, z = g.const(np.float32(0.1)), g.const(np.int8(0))
    y = g.node("QLinearAdd", [h, s, z, g.const(np.zeros((2, 4), np.int8)), s, z, s, z], "com.microsoft")
    return g.model("x", "int8", [2, 8], [(y, TensorProto.INT8)]), "qmac needs it to be a tensor of the network"


def add_broadcast(rng):
    g, h = _matmul_graph(rng)
    s, z = g.const(np.float32(0.1)), g.const(np.int8(0))
    y = g.node("QLinearAdd", [h, s, z, "x", g.const(np.float32(0.05)), z, s, z], "com.microsoft")
    return g.model("x", "int8", [2, 8], [(y, TensorProto.INT8)]), "no broadcast"


def tensor_written_twice(rng):
    """Two nodes write one tensor (ONNX graphs are in SSA form)."""
    g, h = _matmul_graph(rng)
    m = onnx.load_from_string(g.model("x", "int8", [2, 8], [(h, TensorProto.INT8)]))
    second = onnx.NodeProto()
    second.CopyFrom(m.graph.node[0])
    second.name = "again"
    second.input[6] = m.graph.node[0].input[1]  # another output scale
    m.graph.node.append(second)
    return m.SerializeToString(), "node 'again' (QLinearMatMul): output 't8_QLinearMatMul' is written before"


def dynamic_shape(rng):
    g, h = _matmul_graph(rng)
    return g.model("x", "int8", ["batch", 8], [(h, TensorProto.INT8)]), "no fixed shape"


def external_data(rng):
    g, h = _matmul_graph(rng)
    m = onnx.load_from_string(g.model("x", "int8", [2, 8], [(h, TensorProto.INT8)]))
    w = m.graph.initializer[3]
    w.ClearField("raw_data")
    w.data_location = TensorProto.EXTERNAL
    w.external_data.add(key="location", value="weights.bin")
    return m.SerializeToString(), "external file"


CASES = {f.__name__: f for f in (truncated, not_protobuf, empty_file, unsupported_op, dilation_2, unknown_node_domain,
                                  unknown_opset_domain, non_constant_weight, nan_scale, zero_scale, wrong_weight_shape,
                                  qgemm_trans_a, maxpool_ceil_mode, float_conv, qdq_relu_not_folded, add_constant, add_broadcast, tensor_written_twice,
                                  dynamic_shape, external_data)}
