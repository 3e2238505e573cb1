"""The quantized ONNX models of the import test, built here from a seed (a run is repeatable):
- QOperator graphs written with onnx.helper, random weights, scales and zero points;
- QDQ graphs from onnxruntime.quantization.quantize_static of small float models written with onnx.helper.
`build(name, rng, workdir) -> (model bytes, input array)`; NAMES lists them all.

One limit of the runtime shapes the weights: ONNX Runtime's u8 x s8 kernels on an x86 CPU without VNNI (AVX2)
multiply with vpmaddubsw, which saturates each pair of products to int16 (255 * 127 * 2 does not fit), so a
uint8 activation (or an int8 one that ONNX Runtime converts to uint8 inside a QDQ model) meets int8 weights in
[-64, 63] only, as quantize_static's reduce_range makes them."""
import numpy as np
from onnx import TensorProto, helper, numpy_helper

ONNX_TYPE = {"int8": TensorProto.INT8, "uint8": TensorProto.UINT8, "float32": TensorProto.FLOAT}


class Graph:
    """A graph under construction: initializers by value, nodes in order, one input, named outputs."""

    def __init__(self, rng):
        self.rng, self.nodes, self.inits, self.count = rng, [], [], 0

    def const(self, value, dtype=None):
        self.count += 1
        name = f"c{self.count}"
        self.inits.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def node(self, op, inputs, domain=None, **attrs):
        self.count += 1
        out = f"t{self.count}_{op}"
        kw = {"domain": domain} if domain else {}
        self.nodes.append(helper.make_node(op, inputs, [out], name=f"n{self.count}_{op}", **kw, **attrs))
        return out

    def quant(self, dtype, channels=None, scale_range=(-8, -3)):
        """A random scale (per channel when channels is given) and zero point as initializers."""
        n = channels or 1
        s = (2.0 ** self.rng.uniform(*scale_range, n)).astype(np.float32)
        lo, hi = (-128, 127) if dtype == "int8" else (0, 255)
        z = self.rng.integers(lo // 2 + (hi + 1) // 4, hi // 2 + (hi + 1) // 4 + 1, n) if dtype == "uint8" else \
            self.rng.integers(-40, 41, n)
        if channels is None:
            return self.const(s[0]), self.const(z[0], dtype)
        return self.const(s), self.const(z, dtype)

    def weights(self, shape, dtype, narrow):
        lo, hi = ((-64, 63) if narrow else (-128, 127)) if dtype == "int8" else (0, 255)
        return self.rng.integers(lo, hi + 1, shape).astype(dtype)

    def model(self, x_name, x_type, x_shape, outputs, opset=13):
        g = helper.make_graph(self.nodes, "qmac_test", [helper.make_tensor_value_info(x_name, ONNX_TYPE[x_type], x_shape)],
                              [helper.make_tensor_value_info(o, t, None) for o, t in outputs], self.inits)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset), helper.make_opsetid("com.microsoft", 1)])
        m.ir_version = 8
        return m.SerializeToString()


def codes(rng, dtype, shape):
    lo, hi = (-128, 127) if dtype == "int8" else (0, 255)
    return rng.integers(lo, hi + 1, shape).astype(dtype)


# --- QOperator models -------------------------------------------------------------------------------------------
def qlinear_matmul(rng, act, wt, per_column):
    """QLinearMatMul [40, 24] x [24, 12] with a nonzero (per-column) weight zero point, then another one."""
    g = Graph(rng)
    narrow = act == "uint8" and wt == "int8"
    xs, xz = g.quant(act, scale_range=(-5, -3))
    h = "x"
    k = 24
    for n in (12, 7):
        w = g.weights([k, n], wt, narrow)
        ws, wz = g.quant(wt, n if per_column else None, (-9, -6))
        ys, yz = g.quant(act, scale_range=(-5, -2))
        h = g.node("QLinearMatMul", [h, xs, xz, g.const(w), ws, wz, ys, yz])
        xs, xz, k = ys, yz, n
    return g.model("x", act, [40, 24], [(h, ONNX_TYPE[act])]), codes(rng, act, [40, 24])


def qgemm(rng, act, alpha):
    """QGemm (com.microsoft) with alpha, transB = 1 and an int32 bias, then QGemm with transB = 0."""
    g = Graph(rng)
    xs, xz = g.quant(act, scale_range=(-5, -3))
    w = g.weights([10, 16], "int8", act == "uint8")
    ws, wz = g.quant("int8", 10, (-9, -6))
    ys, yz = g.quant(act, scale_range=(-5, -2))
    bias = g.const(rng.integers(-3000, 3000, 10), np.int32)
    h = g.node("QGemm", ["x", xs, xz, g.const(w), ws, wz, bias, ys, yz], "com.microsoft", transB=1, alpha=alpha)
    w2 = g.weights([10, 6], "int8", act == "uint8")
    ws2, wz2 = g.quant("int8", None, (-9, -6))
    ys2, yz2 = g.quant(act, scale_range=(-5, -2))
    h = g.node("QGemm", [h, ys, yz, g.const(w2), ws2, wz2, "", ys2, yz2], "com.microsoft", alpha=1.0 / alpha)
    return g.model("x", act, [32, 16], [(h, ONNX_TYPE[act])]), codes(rng, act, [32, 16])


def qlinear_conv(rng, act, wt):
    """QLinearConv with groups, strides and asymmetric pads ([1, 6, 5, 6]) -> MaxPool (padded, [1, 6, 3, 3]) ->
    Flatten -> QGemm."""
    g = Graph(rng)
    narrow = act == "uint8" and wt == "int8"
    xs, xz = g.quant(act, scale_range=(-5, -3))
    w = g.weights([6, 2, 3, 3], wt, narrow)
    ws, wz = g.quant(wt, 6 if wt == "int8" else None, (-8, -6))
    if wt == "uint8":  # ONNX Runtime's QLinearConv takes uint8 weights with one zero point
        wz = g.const(np.uint8(128))
    ys, yz = g.quant(act, scale_range=(-4, -2))
    bias = g.const(rng.integers(-2000, 2000, 6), np.int32)
    h = g.node("QLinearConv", ["x", xs, xz, g.const(w), ws, wz, ys, yz, bias], group=2, strides=[2, 1],
               pads=[1, 0, 2, 1], kernel_shape=[3, 3])  # [4, 6, 5, 6]
    h = g.node("MaxPool", [h], kernel_shape=[2, 2], strides=[2, 2], pads=[1, 1, 0, 0])  # [4, 6, 3, 3]
    h = g.node("Flatten", [h])
    w2 = g.weights([54, 5], "int8", act == "uint8")
    ws2, wz2 = g.quant("int8", None, (-9, -6))
    ys2, yz2 = g.quant(act, scale_range=(-4, -2))
    h = g.node("QGemm", [h, ys, yz, g.const(w2), ws2, wz2, "", ys2, yz2], "com.microsoft")
    return g.model("x", act, [4, 4, 9, 7], [(h, ONNX_TYPE[act])]), codes(rng, act, [4, 4, 9, 7])


def qlinear_conv_same(rng, act):
    """A depthwise QLinearConv (group = C) with auto_pad SAME_UPPER and stride 2, then SAME_LOWER, then
    QLinearAdd of two branches and Reshape."""
    g = Graph(rng)
    narrow = act == "uint8"
    xs, xz = g.quant(act, scale_range=(-5, -3))
    w = g.weights([3, 1, 3, 3], "int8", narrow)
    ws, wz = g.quant("int8", 3, (-7, -5))
    ys, yz = g.quant(act, scale_range=(-4, -2))
    a = g.node("QLinearConv", ["x", xs, xz, g.const(w), ws, wz, ys, yz], group=3, auto_pad="SAME_UPPER",
               strides=[2, 2], kernel_shape=[3, 3])  # [4, 3, 4, 4]
    w1 = g.weights([3, 3, 2, 2], "int8", narrow)
    ws1, wz1 = g.quant("int8", None, (-8, -6))
    y1s, y1z = g.quant(act, scale_range=(-4, -2))
    b = g.node("QLinearConv", [a, ys, yz, g.const(w1), ws1, wz1, y1s, y1z], auto_pad="SAME_LOWER")
    cs, cz = g.quant(act, scale_range=(-4, -2))
    c = g.node("QLinearAdd", [a, ys, yz, b, y1s, y1z, cs, cz], "com.microsoft")
    c = g.node("Reshape", [c, g.const(np.array([0, -1], np.int64))])  # 0: the batch kept
    return g.model("x", act, [4, 3, 8, 7], [(c, ONNX_TYPE[act])]), codes(rng, act, [4, 3, 8, 7])


def integer_ops(rng, conv):
    """QuantizeLinear of a float input (the integer ops carry no scale of their own) -> MatMulInteger or
    ConvInteger (int32 outputs) with nonzero zero points, per-column for MatMulInteger."""
    g = Graph(rng)
    xs = g.const(np.float32(2.0 ** -5))
    xz = g.const(np.uint8(131))
    q = g.node("QuantizeLinear", ["x", xs, xz])
    if conv:
        w = g.weights([4, 2, 3, 3], "uint8", False)
        out = g.node("ConvInteger", [q, g.const(w), xz, g.const(np.uint8(120))], pads=[1, 1, 1, 1])
        shape = [4, 2, 5, 6]
    else:
        w = g.weights([20, 9], "int8", True)
        out = g.node("MatMulInteger", [q, g.const(w), xz, g.const(rng.integers(-20, 20, 9), np.int8)])
        shape = [32, 20]
    return g.model("x", "float32", shape, [(out, TensorProto.INT32)]), rng.normal(0, 2, shape).astype(np.float32)


def float_edges(rng):
    """QuantizeLinear of a float input -> QLinearMatMul -> DequantizeLinear to a float output."""
    g = Graph(rng)
    xs, xz = g.quant("int8", scale_range=(-5, -4))
    q = g.node("QuantizeLinear", ["x", xs, xz])
    w = g.weights([16, 8], "int8", False)
    ws, wz = g.quant("int8", 8, (-9, -6))
    ys, yz = g.quant("int8", scale_range=(-4, -2))
    h = g.node("QLinearMatMul", [q, xs, xz, g.const(w), ws, wz, ys, yz])
    y = g.node("DequantizeLinear", [h, ys, yz])
    x = rng.normal(0, 1.5, (24, 16)).astype(np.float32)
    x[0, :4] = (np.arange(4) + 0.5) * np.float32(numpy_helper.to_array(g.inits[0]))  # ties of the quantization
    return g.model("x", "float32", [24, 16], [(y, TensorProto.FLOAT)]), x


def qlinear_add_fused_multiply_add(rng):
    """QLinearAdd with scales and zero points where ONNX Runtime's AVX2 kernel, whose fixed part
    zc - (ra * za + rb * zb) the compiler contracted into fma(ra, za, rb * zb), gives another code than the
    same formula rounded after each operation: a = -117, b = -47 gives -47, not -48 (found by search; 2 of
    5.2 million random code pairs tell the two apart). b comes from x through a 1x1 QLinearConv that swaps
    the two channels with a multiplier of 1 (to 2 ulp), so b = x_other - za + zb."""
    g = Graph(rng)
    sa, za, sb, zb, sc, zc = np.float32(0.2912196218967438), -67, np.float32(0.1333029419183731), 11, \
        np.float32(0.2286415547132492), 50
    xs, xz = g.const(sa), g.const(np.int8(za))
    ys, yz = g.const(sb), g.const(np.int8(zb))
    swap = np.array([[0, 1], [1, 0]], np.int8).reshape(2, 2, 1, 1)
    b = g.node("QLinearConv", ["x", xs, xz, g.const(swap), g.const(np.float32(sb / sa)), g.const(np.int8(0)), ys, yz])
    c = g.node("QLinearAdd", ["x", xs, xz, b, ys, yz, g.const(sc), g.const(np.int8(zc))], "com.microsoft")
    x = rng.integers(-60, 60, (1, 2, 16, 16)).astype(np.int8)
    x[0, 0, 1, 3], x[0, 1, 1, 3] = -117, -47 + za - zb  # a = -117, b = -47 at that pixel of channel 0
    return g.model("x", "int8", [1, 2, 16, 16], [(c, TensorProto.INT8)]), x


def qdq_activations(rng):
    """A hand-written QDQ graph, uint8 activations: DequantizeLinear -> Gemm (int32 bias) -> Relu ->
    QuantizeLinear with zero point 0, then DequantizeLinear -> MatMul (per-column weights, axis 1) -> Clip whose
    range covers the output's -> QuantizeLinear: ONNX Runtime drops both activations and fuses each group (QGemm,
    QLinearMatMul). (With int8 activations read straight from an int8 graph input, ONNX Runtime on an AVX2 CPU
    fuses neither group: it cannot convert them to uint8 and runs the Gemm and MatMul in float.)"""
    g = Graph(rng)
    xs, xz = np.float32(0.04), np.uint8(130)
    x = g.node("DequantizeLinear", ["x", g.const(xs), g.const(xz)])
    ws = (2.0 ** rng.uniform(-8, -6, 10)).astype(np.float32)
    w = g.node("DequantizeLinear", [g.const(rng.integers(-60, 61, (10, 12)).astype(np.int8)), g.const(ws),
                                    g.const(np.zeros(10, np.int8))], axis=0)
    b = g.node("DequantizeLinear", [g.const(rng.integers(-400, 400, 10).astype(np.int32)), g.const(xs * ws),
                                    g.const(np.zeros(10, np.int32))], axis=0)
    h = g.node("Gemm", [x, w, b], transB=1)
    h = g.node("Relu", [h])
    hs = np.float32(0.02)
    h = g.node("QuantizeLinear", [h, g.const(hs), g.const(np.uint8(0))])
    h = g.node("DequantizeLinear", [h, g.const(hs), g.const(np.uint8(0))])
    w2s = (2.0 ** rng.uniform(-8, -6, 6)).astype(np.float32)
    w2 = g.node("DequantizeLinear", [g.const(rng.integers(-60, 61, (10, 6)).astype(np.int8)), g.const(w2s),
                                     g.const(np.zeros(6, np.int8))], axis=1)
    m = g.node("MatMul", [h, w2])
    m = g.node("Clip", [m, g.const(np.float32(-100)), g.const(np.float32(100))])
    y = g.node("QuantizeLinear", [m, g.const(np.float32(0.05)), g.const(np.uint8(128))])
    return g.model("x", "uint8", [16, 12], [(y, TensorProto.UINT8)]), codes(rng, "uint8", [16, 12])


# --- QDQ models from quantize_static ----------------------------------------------------------------------------
def _float_mlp(rng):
    g = Graph(rng)
    h = "x"
    k = 20
    for i, n in enumerate((16, 12, 10)):
        w = g.const(rng.normal(0, 0.3, (n, k)).astype(np.float32))
        b = g.const(rng.normal(0, 0.2, n).astype(np.float32))
        h = g.node("Gemm", [h, w, b], transB=1)
        if i < 2:
            h = g.node("Relu", [h])
        k = n
    # a MatMul ([K, N] weights) branch and a residual Add
    w = g.const(rng.normal(0, 0.3, (10, 10)).astype(np.float32))
    m = g.node("MatMul", [h, w])
    h = g.node("Add", [h, m])
    return g.model("x", "float32", [32, 20], [(h, TensorProto.FLOAT)]), [32, 20]


def _float_cnn(rng):
    g = Graph(rng)
    w1 = g.const(rng.normal(0, 0.4, (4, 1, 3, 3)).astype(np.float32))
    b1 = g.const(rng.normal(0, 0.1, 4).astype(np.float32))
    h = g.node("Conv", ["x", w1, b1], pads=[1, 1, 1, 1])
    h = g.node("Relu", [h])
    w2 = g.const(rng.normal(0, 0.3, (6, 4, 3, 3)).astype(np.float32))
    b2 = g.const(rng.normal(0, 0.1, 6).astype(np.float32))
    h = g.node("Conv", [h, w2, b2], strides=[1, 1])  # valid: [8, 6, 6, 6]
    h = g.node("MaxPool", [h], kernel_shape=[2, 2], strides=[2, 2])  # [8, 6, 3, 3]
    h = g.node("Reshape", [h, g.const(np.array([-1, 54], np.int64))])
    w3 = g.const(rng.normal(0, 0.3, (10, 54)).astype(np.float32))
    b3 = g.const(rng.normal(0, 0.1, 10).astype(np.float32))
    h = g.node("Gemm", [h, w3, b3], transB=1)
    return g.model("x", "float32", [8, 1, 8, 8], [(h, TensorProto.FLOAT)]), [8, 1, 8, 8]


def qdq(rng, workdir, float_model, act, wt, per_channel):
    """quantize_static of a float model (QDQ format), calibrated on random inputs."""
    import os

    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    model, shape = float_model(rng)
    calib = [{"x": rng.normal(0, 1, shape).astype(np.float32)} for _ in range(8)]

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.it = iter(calib)

        def get_next(self):
            return next(self.it, None)

    src, dst = os.path.join(workdir, "float.onnx"), os.path.join(workdir, "qdq.onnx")
    with open(src, "wb") as f:
        f.write(model)
    types = {"int8": QuantType.QInt8, "uint8": QuantType.QUInt8}
    quantize_static(src, dst, Reader(), quant_format=QuantFormat.QDQ, per_channel=per_channel,
                    activation_type=types[act], weight_type=types[wt], reduce_range=wt == "int8")
    with open(dst, "rb") as f:
        data = f.read()
    return data, rng.normal(0, 1.2, shape).astype(np.float32)


BUILDERS = {
    "qlinearmatmul_s8_s8_per_column": lambda rng, d: qlinear_matmul(rng, "int8", "int8", True),
    "qlinearmatmul_u8_u8w": lambda rng, d: qlinear_matmul(rng, "uint8", "uint8", False),
    "qlinearmatmul_u8_s8w_per_column": lambda rng, d: qlinear_matmul(rng, "uint8", "int8", True),
    "qgemm_alpha_s8": lambda rng, d: qgemm(rng, "int8", 0.75),
    "qgemm_alpha_u8": lambda rng, d: qgemm(rng, "uint8", 1.9),
    "qlinearconv_groups_s8": lambda rng, d: qlinear_conv(rng, "int8", "int8"),
    "qlinearconv_groups_u8_u8w": lambda rng, d: qlinear_conv(rng, "uint8", "uint8"),
    "qlinearconv_same_add_s8": lambda rng, d: qlinear_conv_same(rng, "int8"),
    "qlinearconv_same_add_u8": lambda rng, d: qlinear_conv_same(rng, "uint8"),
    "qlinearadd_fused_multiply_add": lambda rng, d: qlinear_add_fused_multiply_add(rng),
    "matmulinteger": lambda rng, d: integer_ops(rng, False),
    "convinteger": lambda rng, d: integer_ops(rng, True),
    "quantize_dequantize_edges": lambda rng, d: float_edges(rng),
    "qdq_relu_clip_folded": lambda rng, d: qdq_activations(rng),
    "qdq_mlp_s8_per_channel": lambda rng, d: qdq(rng, d, _float_mlp, "int8", "int8", True),
    "qdq_mlp_u8_u8w": lambda rng, d: qdq(rng, d, _float_mlp, "uint8", "uint8", False),
    "qdq_cnn_s8_per_channel": lambda rng, d: qdq(rng, d, _float_cnn, "int8", "int8", True),
    "qdq_cnn_u8_per_tensor": lambda rng, d: qdq(rng, d, _float_cnn, "uint8", "int8", False),
}
NAMES = list(BUILDERS)
# the models whose output is an int32 accumulator (a layer without requant, docs/network-format.md)
INTEGER = ("matmulinteger", "convinteger")


def build(name, rng, workdir):
    return BUILDERS[name](rng, workdir)
