"""A quantized .onnx model as a qmac network (docs/network-format.md), in ONNX Runtime's arithmetic (CPU, MLAS).

Two formats, mixed freely:
- QOperator: QLinearMatMul, QGemm and QLinearAdd (com.microsoft), QLinearConv, MatMulInteger, ConvInteger,
  MaxPool, Flatten, Reshape on quantized tensors, QuantizeLinear of a float input, DequantizeLinear of an output.
- QDQ: DequantizeLinear -> MatMul / Gemm / Conv (-> Relu / Clip) -> QuantizeLinear, DequantizeLinear -> MaxPool /
  Flatten / Reshape -> QuantizeLinear, two DequantizeLinear -> Add -> QuantizeLinear: each group is one op, as
  ONNX Runtime's graph optimizer fuses it (QLinear* kernels); a float op outside such a group is refused, since
  ONNX Runtime would run it in float.
The MAC ops requantize in mode fp32: ONNX Runtime's multiplier is (a_scale * b_scale) / y_scale in float32
(QGemm: ((alpha * a_scale) * b_scale) / y_scale), applied to float32(acc) and rounded half to even.
"""
import numpy as np
import onnx
from google.protobuf.message import DecodeError

from .errors import ModelError
from .network_writer import Network
from .onnx_nodes import CODE_RANGE, Node, constants

DOMAINS = ("", "ai.onnx", "com.microsoft")
DTYPES = {onnx.TensorProto.INT8: "int8", onnx.TensorProto.UINT8: "uint8", onnx.TensorProto.FLOAT: "float32",
          onnx.TensorProto.INT32: "int32"}
# ONNX Runtime's rounding of the non-MAC ops, named in docs/numerics.md
QUANTIZE_ROUNDING = "onnxruntime"  # MLAS QuantizeLinear: round_half_even(clamp(x / scale)) + zp, float32
ADD_ROUNDING = "onnxruntime"     # MLAS QLinearAdd (AVX2 kernel): float32 fused multiply-adds, ties to even
WINDOW = {"auto_pad": b"NOTSET", "dilations": None, "kernel_shape": None, "pads": None, "strides": None}


def read(path, match):
    try:
        # external data is refused by the reader (one line), not looked for beside the model
        model = onnx.load(path, load_external_data=False)
    except (DecodeError, RuntimeError, ValueError, OSError) as e:
        raise ModelError(path, f"not a readable ONNX model ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else 'malformed protobuf'})") from None
    if not model.HasField("graph") or not model.graph.node:
        raise ModelError(path, "no graph (an empty file, or not an ONNX model)")
    return Reader(path, model, match).network


class Dq:
    """The float value of a DequantizeLinear whose input is a network tensor (an activation)."""

    def __init__(self, tensor):
        self.tensor = tensor


class DqConst:
    """The float value of a DequantizeLinear of a constant (weights or bias): codes, scales, zero points, axis."""

    def __init__(self, codes, scale, zero_point, axis):
        self.codes, self.scale, self.zero_point, self.axis = codes, scale, zero_point, axis


class Pending:
    """A float op on dequantized values that becomes one qmac op when its QuantizeLinear comes."""

    def __init__(self, node, kind, **fields):
        self.node, self.kind, self.fields, self.activation = node, kind, fields, None


class Reader:
    def __init__(self, path, model, match):
        self.path, self.graph = path, model.graph
        self.network = Network(path, "onnxruntime", match)
        for o in model.opset_import:
            if o.domain not in DOMAINS:
                raise ModelError(path, f"opset domain '{o.domain}' is not supported (qmac reads the ONNX domain and com.microsoft)")
        # an initializer that is also a graph input is only the input's default: not a constant (ONNX IR >= 4)
        overridable = {i.name for i in self.graph.input}
        self.consts = {k: v for k, v in constants(self.graph, path).items() if k not in overridable}
        self.initializers = {t.name for t in self.graph.initializer}
        self.values = {}  # tensor name -> Dq, DqConst or Pending (float values inside QDQ groups)
        self.consumers = {}
        for n in self.graph.node:
            for i in n.input:
                self.consumers[i] = self.consumers.get(i, 0) + 1
        self.graph_outputs = [o.name for o in self.graph.output]
        for o in self.graph_outputs:
            self.consumers[o] = self.consumers.get(o, 0) + 1
        self._inputs()
        produced = {self._input[0]} | set(self.consts)
        for index, proto in enumerate(self.graph.node):
            node = Node(path, proto, index, self.consts)
            if proto.domain not in DOMAINS:
                raise node.error(f"domain '{proto.domain}' is not supported")
            if proto.op_type == "Constant" and proto.domain in ("", "ai.onnx"):
                continue
            for o in node.outputs:
                if o in produced:
                    raise node.error(f"output '{o}' is written before (an ONNX graph writes each tensor once)")
                produced.add(o)
            handler = getattr(self, "_" + proto.op_type, None)
            if handler is None or (proto.domain == "com.microsoft") != (proto.op_type in ("QGemm", "QLinearAdd")):
                raise node.error(f"op {proto.op_type} (domain '{proto.domain or 'ai.onnx'}') is not supported")
            try:
                handler(node)
            except (ValueError, IndexError, KeyError, TypeError) as e:
                # what the checks above did not foresee (a tensor written twice, an input past the end, ...):
                # still one line naming the node
                raise node.error(f"malformed ({type(e).__name__}: {e})") from None
        self._outputs()

    # --- tensors -------------------------------------------------------------------------------------------------
    def _inputs(self):
        inputs = [i for i in self.graph.input if i.name not in self.initializers]
        if len(inputs) != 1:
            raise ModelError(self.path, f"{len(inputs)} graph inputs: qmac networks have one")
        i = inputs[0]
        t = i.type.tensor_type
        dtype = DTYPES.get(t.elem_type)
        if dtype not in ("int8", "uint8", "float32"):
            raise ModelError(self.path, f"input '{i.name}' is {onnx.TensorProto.DataType.Name(t.elem_type)}: qmac takes int8, uint8 or float32")
        shape = [d.dim_value if d.HasField("dim_value") else 0 for d in t.shape.dim]
        if not shape or min(shape) < 1:
            raise ModelError(self.path, f"input '{i.name}' has no fixed shape ({[d.dim_param or d.dim_value for d in t.shape.dim]}): qmac needs every dimension")
        if dtype == "float32":
            self.network.tensor(i.name, shape, dtype)
        # a quantized input carries its quantization only where it is read: its first reader declares it
        self.network.inputs.append(i.name)
        self._input = (i.name, shape, dtype)

    def tensor(self, node, name):
        """The network tensor `name` (its entry); an unknown or float intermediate is an error."""
        if name in self.network.tensors:
            return self.network.tensors[name]
        if name == self._input[0]:
            raise node.error(f"input '{name}' is read before its quantization is known")
        if name in self.values:
            raise node.error(f"input '{name}' is a float value inside a QDQ group: {node.op} needs a quantized tensor")
        if name in self.consts:
            raise node.error(f"input '{name}' is a constant: qmac needs it to be a tensor of the network")
        raise node.error(f"input '{name}' is not written by any op before it")

    def quantized(self, node, i, scale_i, zp_i):
        """Input i, a quantized network tensor, with the scale and zero point at inputs scale_i and zp_i."""
        name = node.input(i)
        if name is None:
            raise node.error(f"missing input {i}")
        scale = node.scale(scale_i, "scale")
        if name == self._input[0] and name not in self.network.tensors:
            dtype = self._input[2]
            zp = node.zero_point(zp_i, "zero point", dtype)
            self.network.tensor(name, self._input[1], dtype, scale[0], zp[0])
        t = self.tensor(node, name)
        if t["dtype"] not in CODE_RANGE:
            raise node.error(f"input '{name}' is {t['dtype']}, expected int8 or uint8")
        zp = node.zero_point(zp_i, "zero point", t["dtype"])
        if float(scale[0]) != t["scale"] or int(zp[0]) != t["zero_point"]:
            raise node.error(f"input '{name}' is read with scale {float(scale[0])!r} and zero point {int(zp[0])}, "
                             f"but it was written with {t['scale']!r} and {t['zero_point']}")
        return name, t

    def output(self, node, shape, dtype, scale=None, zp=None, i=0):
        return self.network.tensor(node.outputs[i], shape, dtype, scale, zp)

    def out_quant(self, node, scale_i, zp_i):
        """The output's (dtype, scale, zero point) from a QLinear op's y_scale and y_zero_point inputs."""
        if node.input(scale_i) is None:
            raise node.error("no output scale: a float output is not supported")
        if node.input(zp_i) is None:
            dtype = "uint8"  # ONNX's default output type
        else:
            dtype = self.consts[node.inputs[zp_i]].dtype.name if node.inputs[zp_i] in self.consts else None
            if dtype not in CODE_RANGE:
                raise node.error(f"output zero point '{node.input(zp_i)}' is {dtype or 'not a constant'}, expected int8 or uint8")
        scale = node.scale(scale_i, "output scale")[0]
        zp = node.zero_point(zp_i, "output zero point", dtype)[0]
        return dtype, scale, zp

    # --- MAC layers ----------------------------------------------------------------------------------------------
    def mac_layer(self, node, weights, bias, x_zp, w_zp, requant, out):
        """Writes the layer file of a MAC op: weights [N, K] of its input's im2col order. out: (dtype, scale, zp)
        or None for an int32 accumulator output (MatMulInteger, ConvInteger: the layer has no requant)."""
        n = weights.shape[0]
        fields = {"input_zero_point": int(x_zp)}
        fields["weight_zero_point"] = int(w_zp[0]) if w_zp.size == 1 else [int(z) for z in w_zp]
        if w_zp.size not in (1, n):
            raise node.error(f"{w_zp.size} weight zero points for {n} output channels")
        if out is None:
            fields["output_dtype"] = "int32"
        else:
            dtype, scale, zp = out
            in_scale, w_scale = requant
            if w_scale.size not in (1, n):
                raise node.error(f"{w_scale.size} weight scales for {n} output channels")
            fields["requant"] = {"mode": "fp32", "input_scale": float(in_scale),
                                 "weight_scale": float(w_scale[0]) if w_scale.size == 1 else [float(s) for s in w_scale],
                                 "output_scale": float(scale)}
            fields["output_zero_point"] = int(zp)
            fields["output_dtype"] = dtype
        if bias is not None:
            bias = np.asarray(bias)
            if bias.dtype != np.int32:
                raise node.error(f"bias is {bias.dtype}, expected int32")
            bias = bias.reshape(-1)
            if bias.size != n:
                raise node.error(f"bias has {bias.size} values for {n} output channels")
        return self.network.layer(node.name, weights, bias, fields)

    def weights(self, node, w, what, dtype=None):
        if w.dtype.name not in CODE_RANGE:
            raise node.error(f"{what} is {w.dtype}, expected int8 or uint8")
        if dtype is not None and w.dtype.name != dtype:
            raise node.error(f"{what} is {w.dtype}, its zero point {dtype}")
        return w

    def fully_connected(self, node, x_name, x, w_nk, bias, x_zp, w_zp, requant, out):
        """x [..., K] times weights [N, K] -> [..., N]; out as in mac_layer."""
        n, k = w_nk.shape
        if x["shape"][-1] != k:
            raise node.error(f"input '{x_name}' has {x['shape'][-1]} columns, the weights {k} rows")
        layer = self.mac_layer(node, np.ascontiguousarray(w_nk), bias, x_zp, w_zp, requant, out)
        shape = x["shape"][:-1] + [n]
        y = self.output(node, shape, *(out or ("int32",)))
        self.network.op("fully_connected", node.name, [x_name], [y], layer=layer)

    def conv(self, node, x_name, x, w, bias, x_zp, w_zp, requant, out, attrs):
        if len(x["shape"]) != 4 or w.ndim != 4:
            raise node.error(f"input {x['shape']} and weights {list(w.shape)}: qmac supports 2-D convolutions (NCHW)")
        nb, c, h, wd = x["shape"]
        m, cg, kh, kw = w.shape
        groups = int(attrs["group"])
        if groups < 1 or c % groups or m % groups or cg != c // groups:
            raise node.error(f"attribute 'group' {groups} does not fit {c} input channels and weights {list(w.shape)}")
        k, stride, dilation, pads, hw = node.window([h, wd], [kh, kw])
        if k != [kh, kw]:
            raise node.error(f"attribute 'kernel_shape' {k} is not the weights' {[kh, kw]}")
        # ONNX weights [M, C/G, KH, KW] flattened are the layer's [N, K] in (c, kh, kw) order (nchw im2col)
        layer = self.mac_layer(node, w.reshape(m, -1), bias, x_zp, w_zp, requant, out)
        y = self.output(node, [nb, m] + hw, *(out or ("int32",)))
        self.network.op("conv_2d", node.name, [x_name], [y], layer=layer, layout="nchw", kernel=k, stride=stride,
                        dilation=dilation, pads=pads, groups=groups)

    def _QLinearMatMul(self, node):
        node.arity(8, 8)
        node.attributes({})
        x_name, x = self.quantized(node, 0, 1, 2)
        b = node.const(3, "weights")
        if b.ndim != 2:
            raise node.error(f"weights '{node.inputs[3]}' have shape {list(b.shape)}: qmac supports 2-D weights [K, N]")
        self.weights(node, b, "weights")
        n = b.shape[1]
        b_scale = node.scale(4, "weight scale", n)
        b_zp = node.zero_point(5, "weight zero point", b.dtype.name, n)
        out = self.out_quant(node, 6, 7)
        self.fully_connected(node, x_name, x, b.T, None, x["zero_point"], b_zp, (x["scale"], b_scale), out)

    def _QGemm(self, node):
        node.arity(6, 9)
        a = node.attributes({"alpha": 1.0, "transA": 0, "transB": 0})
        if a["transA"] != 0:
            raise node.error(f"attribute 'transA' {a['transA']}: qmac supports transA = 0")
        x_name, x = self.quantized(node, 0, 1, 2)
        if len(x["shape"]) != 2:
            raise node.error(f"input '{x_name}' has shape {x['shape']}: Gemm takes 2-D inputs")
        b = self.weights(node, node.const(3, "weights"), "weights")
        if b.ndim != 2:
            raise node.error(f"weights '{node.inputs[3]}' have shape {list(b.shape)}, expected 2-D")
        w_nk = b if a["transB"] else b.T
        n = w_nk.shape[0]
        b_scale = node.scale(4, "weight scale", n)
        b_zp = node.zero_point(5, "weight zero point", b.dtype.name, n)
        bias = node.const(6, "bias") if node.input(6) else None
        if bias is not None and bias.shape not in ((n,), (1, n)):
            raise node.error(f"bias '{node.inputs[6]}' has shape {list(bias.shape)}: qmac supports [N] or [1, N]")
        out = self.out_quant(node, 7, 8)
        # ONNX Runtime folds alpha into the input scale in float32: ((alpha * a_scale) * b_scale) / y_scale
        alpha = np.float32(a["alpha"])
        if not np.isfinite(alpha) or alpha <= 0:
            raise node.error(f"attribute 'alpha' {a['alpha']}: qmac supports alpha > 0")
        in_scale = np.float32(alpha * np.float32(x["scale"]))
        self.fully_connected(node, x_name, x, w_nk, bias, x["zero_point"], b_zp, (in_scale, b_scale), out)

    def _MatMulInteger(self, node):
        node.arity(2, 4)
        node.attributes({})
        x_name = node.input(0)
        x = self.integer_input(node, x_name, 2)
        b = self.weights(node, node.const(1, "weights"), "weights")
        if b.ndim != 2:
            raise node.error(f"weights '{node.inputs[1]}' have shape {list(b.shape)}: qmac supports 2-D weights [K, N]")
        b_zp = node.zero_point(3, "weight zero point", b.dtype.name, b.shape[1])
        self.fully_connected(node, x_name, x, b.T, None, x["zero_point"], b_zp, None, None)

    def integer_input(self, node, name, zp_i):
        """The input of MatMulInteger / ConvInteger: a quantized tensor read with zero point zp_i (no scale)."""
        if name == self._input[0] and name not in self.network.tensors:
            raise node.error(f"input '{name}' has no scale (an integer op reads it first): qmac needs a quantized input")
        t = self.tensor(node, name)
        if t["dtype"] not in CODE_RANGE:
            raise node.error(f"input '{name}' is {t['dtype']}, expected int8 or uint8")
        zp = node.zero_point(zp_i, "input zero point", t["dtype"])
        if zp.size != 1:
            raise node.error("a per-row input zero point is not supported")
        if int(zp[0]) != t["zero_point"]:
            raise node.error(f"input zero point {int(zp[0])} is not the zero point {t['zero_point']} '{name}' was written with")
        return t

    def _QLinearConv(self, node):
        node.arity(8, 9)
        a = node.with_window({**WINDOW, "group": 1})
        x_name, x = self.quantized(node, 0, 1, 2)
        w = self.weights(node, node.const(3, "weights"), "weights")
        m = w.shape[0] if w.ndim else 0
        w_scale = node.scale(4, "weight scale", m)
        w_zp = node.zero_point(5, "weight zero point", w.dtype.name, m)
        out = self.out_quant(node, 6, 7)
        bias = node.const(8, "bias") if node.input(8) else None
        self.conv(node, x_name, x, w, bias, x["zero_point"], w_zp, (x["scale"], w_scale), out, a)

    def _ConvInteger(self, node):
        node.arity(2, 4)
        a = node.with_window({**WINDOW, "group": 1})
        x_name = node.input(0)
        x = self.integer_input(node, x_name, 2)
        w = self.weights(node, node.const(1, "weights"), "weights")
        w_zp = node.zero_point(3, "weight zero point", w.dtype.name, w.shape[0] if w.ndim else None)
        self.conv(node, x_name, x, w, None, x["zero_point"], w_zp, None, None, a)

    # --- other quantized ops -------------------------------------------------------------------------------------
    def _QLinearAdd(self, node):
        node.arity(8, 8)
        node.attributes({})
        a_name, a = self.quantized(node, 0, 1, 2)
        b_name, b = self.quantized(node, 3, 4, 5)
        self.add(node, a_name, a, b_name, b, self.out_quant(node, 6, 7))

    def add(self, node, a_name, a, b_name, b, out):
        if a["shape"] != b["shape"]:
            raise node.error(f"inputs of shapes {a['shape']} and {b['shape']}: qmac adds tensors of one shape (no broadcast)")
        if a["dtype"] != b["dtype"] or a["dtype"] != out[0]:
            raise node.error(f"inputs {a['dtype']} and {b['dtype']}, output {out[0]}: ONNX Runtime adds one type")
        y = self.output(node, a["shape"], *out)
        lo, hi = CODE_RANGE[out[0]]
        self.network.op("add", node.name, [a_name, b_name], [y], rounding=ADD_ROUNDING, output_min=lo, output_max=hi)

    def max_pool(self, node, x_name, x, out_name=None):
        if len(x["shape"]) != 4:
            raise node.error(f"input '{x_name}' has shape {x['shape']}: qmac supports 2-D pooling (NCHW)")
        k, stride, _, pads, hw = node.window(x["shape"][2:])
        y = self.network.tensor(out_name or node.outputs[0], x["shape"][:2] + hw, x["dtype"], x["scale"], x["zero_point"])
        lo, hi = CODE_RANGE[x["dtype"]]
        self.network.op("max_pool_2d", node.name, [x_name], [y], layout="nchw", kernel=k, stride=stride, pads=pads,
                        output_min=lo, output_max=hi)

    def pool_attributes(self, node):
        node.arity(1, 1)
        a = node.with_window({**WINDOW, "ceil_mode": 0, "storage_order": 0})
        for name in ("ceil_mode", "storage_order"):
            if a[name] != 0:
                raise node.error(f"attribute '{name}' {a[name]}: qmac supports 0")
        if a["kernel_shape"] is None:
            raise node.error("attribute 'kernel_shape' is missing")

    def reshaped(self, node, shape):
        """The output shape of Flatten / Reshape for an input of `shape` (ONNX's rules: 0 copies, -1 infers)."""
        size = int(np.prod(shape))
        if node.op == "Flatten":
            axis = node.attributes({"axis": 1})["axis"]
            axis = axis + len(shape) if axis < 0 else axis
            if not 0 <= axis <= len(shape):
                raise node.error(f"attribute 'axis' {axis} is outside the input's {len(shape)} dimensions")
            return [int(np.prod(shape[:axis])), int(np.prod(shape[axis:]))]
        allowzero = node.attributes({"allowzero": 0})["allowzero"]
        target = [int(d) for d in node.const(1, "shape").reshape(-1)]
        out = [shape[i] if d == 0 and not allowzero and i < len(shape) else d for i, d in enumerate(target)]
        if out.count(-1) > 1 or min(out, default=1) < -1 or 0 in out:
            raise node.error(f"shape {target} is not a shape qmac can give {shape}")
        if -1 in out:
            rest = int(np.prod([d for d in out if d != -1]))
            if rest == 0 or size % rest:
                raise node.error(f"shape {target} does not divide {shape}")
            out[out.index(-1)] = size // rest
        if int(np.prod(out)) != size:
            raise node.error(f"shape {target} does not hold the {size} values of {shape}")
        return out

    def reshape(self, node, x_name, x, out_name=None):
        # A float32 tensor (a model edge before its QuantizeLinear) has no scale and zero point.
        y = self.network.tensor(out_name or node.outputs[0], self.reshaped(node, x["shape"]), x["dtype"], x.get("scale"),
                                x.get("zero_point"))
        self.network.op("reshape", node.name, [x_name], [y])

    # --- ops that are either QOperator or part of a QDQ group -----------------------------------------------------
    def _MaxPool(self, node):
        self.pool_attributes(node)
        if len(node.outputs) != 1:
            raise node.error("the Indices output is not supported")
        x = node.input(0)
        if isinstance(self.values.get(x), Dq):
            self.values[node.outputs[0]] = Pending(node, "max_pool", src=self.values[x].tensor)
        else:
            self.max_pool(node, x, self.tensor(node, x))

    def _Flatten(self, node):
        node.arity(1, 1)
        self.reshape_like(node)

    def _Reshape(self, node):
        node.arity(2, 2)
        self.reshape_like(node)

    def reshape_like(self, node):
        x = node.input(0)
        if isinstance(self.values.get(x), Dq):
            src = self.values[x].tensor
            self.reshaped(node, self.network.tensors[src]["shape"])  # checked now, written at the QuantizeLinear
            self.values[node.outputs[0]] = Pending(node, "reshape", src=src)
        else:
            self.reshape(node, x, self.tensor(node, x))

    def _QuantizeLinear(self, node):
        node.arity(2, 3)
        a = node.attributes({"axis": 1, "saturate": 1, "block_size": 0, "output_dtype": 0, "precision": 0})
        if a["saturate"] != 1 or a["block_size"] != 0 or a["precision"] != 0:
            raise node.error("attributes 'saturate', 'block_size', 'precision': qmac supports their defaults")
        x = node.input(0)
        if node.input(2) is None:
            if a["output_dtype"] not in (0, onnx.TensorProto.UINT8):
                raise node.error(f"attribute 'output_dtype' {a['output_dtype']} without a zero point is not supported")
            dtype = "uint8"
        else:
            z = node.const(2, "zero point")
            dtype = z.dtype.name
        if dtype not in CODE_RANGE:
            raise node.error(f"zero point '{node.input(2)}' is {dtype}, expected int8 or uint8")
        scale = node.scale(1, "scale")[0]
        zp = node.zero_point(2, "zero point", dtype)[0]
        out = (dtype, scale, zp)
        value = self.values.get(x)
        if isinstance(value, Pending):
            if self.consumers.get(x, 0) != 1:
                raise value.node.error(f"its float output '{x}' is read by more than its QuantizeLinear: ONNX Runtime "
                                       "would run it in float")
            self.resolve(value, node, out)
        elif isinstance(value, (Dq, DqConst)):
            raise node.error(f"input '{x}' is a DequantizeLinear output: a DequantizeLinear -> QuantizeLinear pair is not supported")
        else:
            t = self.tensor(node, x)
            if t["dtype"] != "float32":
                raise node.error(f"input '{x}' is {t['dtype']}, expected float32")
            y = self.output(node, t["shape"], *out)
            self.network.op("quantize", node.name, [x], [y], rounding=QUANTIZE_ROUNDING)

    def _DequantizeLinear(self, node):
        node.arity(2, 3)
        a = node.attributes({"axis": 1, "block_size": 0, "output_dtype": 0})
        if a["block_size"] != 0 or a["output_dtype"] not in (0, onnx.TensorProto.FLOAT):
            raise node.error("attributes 'block_size', 'output_dtype': qmac supports their defaults")
        x = node.input(0)
        if x in self.consts:
            codes = self.consts[x]
            if codes.dtype.name not in ("int8", "uint8", "int32"):
                raise node.error(f"constant '{x}' is {codes.dtype}, expected int8, uint8 or int32")
            axis = a["axis"] + codes.ndim if a["axis"] < 0 else a["axis"]
            channels = codes.shape[axis] if 0 <= axis < codes.ndim else None
            scale = node.scale(1, "scale", channels)
            zp = node.zero_point(2, "zero point", codes.dtype.name, channels)
            self.values[node.outputs[0]] = DqConst(codes, scale, zp, axis)
            return
        name, t = self.quantized(node, 0, 1, 2)
        self.values[node.outputs[0]] = Dq(name)
        if node.outputs[0] in self.graph_outputs:
            y = self.output(node, t["shape"], "float32")
            self.network.op("dequantize", node.name, [name], [y])

    def float_input(self, node, i, kinds, what):
        """Input i of a float op inside a QDQ group: a DequantizeLinear output of one of `kinds`."""
        v = self.values.get(node.input(i))
        if not isinstance(v, kinds):
            raise node.error(f"input '{node.input(i)}' ({what}) is not a DequantizeLinear output"
                             + (" of a constant" if kinds is DqConst else "")
                             + ": ONNX Runtime would run this op in float (qmac runs quantized ops only)")
        return v

    def _MatMul(self, node):
        node.arity(2, 2)
        node.attributes({})
        x = self.float_input(node, 0, Dq, "activations")
        w = self.float_input(node, 1, DqConst, "weights")
        self.values[node.outputs[0]] = Pending(node, "matmul", x=x, w=w, bias=None, trans_b=0, alpha=1.0)

    def _Gemm(self, node):
        node.arity(2, 3)
        a = node.attributes({"alpha": 1.0, "beta": 1.0, "transA": 0, "transB": 0})
        if a["transA"] != 0 or a["alpha"] != 1.0 or (node.input(2) and a["beta"] != 1.0):
            raise node.error("attributes 'transA', 'alpha', 'beta': a QDQ Gemm must have transA 0, alpha 1, beta 1")
        x = self.float_input(node, 0, Dq, "activations")
        w = self.float_input(node, 1, DqConst, "weights")
        bias = self.float_input(node, 2, DqConst, "bias") if node.input(2) else None
        self.values[node.outputs[0]] = Pending(node, "matmul", x=x, w=w, bias=bias, trans_b=a["transB"], alpha=1.0)

    def _Conv(self, node):
        node.arity(2, 3)
        attrs = node.with_window({**WINDOW, "group": 1})
        x = self.float_input(node, 0, Dq, "activations")
        w = self.float_input(node, 1, DqConst, "weights")
        bias = self.float_input(node, 2, DqConst, "bias") if node.input(2) else None
        self.values[node.outputs[0]] = Pending(node, "conv", x=x, w=w, bias=bias, attrs=attrs)

    def _Relu(self, node):
        self.activation(node, node.attributes({}), None, None)

    def _Clip(self, node):
        node.arity(1, 3)
        node.attributes({})
        lo = node.const(1, "min") if node.input(1) else None
        hi = node.const(2, "max") if node.input(2) else None
        self.activation(node, {}, lo, hi)

    def activation(self, node, _attrs, lo, hi):
        v = self.values.get(node.input(0))
        if not isinstance(v, Pending) or v.kind not in ("matmul", "conv") or v.activation is not None:
            raise node.error(f"input '{node.input(0)}' is not the float output of a QDQ MatMul, Gemm or Conv: "
                             f"qmac folds {node.op} into the op before it only")
        if self.consumers.get(node.input(0), 0) != 1:
            raise v.node.error(f"its float output '{node.input(0)}' is read by more than the {node.op}")
        v.activation = (node, lo, hi)
        self.values[node.outputs[0]] = v

    def _Add(self, node):
        node.arity(2, 2)
        node.attributes({})
        a = self.float_input(node, 0, Dq, "a")
        b = self.float_input(node, 1, Dq, "b")
        self.values[node.outputs[0]] = Pending(node, "add", a=a.tensor, b=b.tensor)

    def resolve(self, value, q, out):
        """A QDQ group ending at QuantizeLinear q with output quantization out: the one qmac op it is."""
        node, f = value.node, value.fields
        out_name = q.outputs[0]
        if value.kind in ("max_pool", "reshape"):
            src = self.network.tensors[f["src"]]
            if (src["dtype"], src["scale"], src["zero_point"]) != (out[0], float(out[1]), int(out[2])):
                raise node.error(f"its QuantizeLinear '{q.name}' quantizes unlike its input: ONNX Runtime would run it in float")
            (self.max_pool if value.kind == "max_pool" else self.reshape)(node, f["src"], src, out_name)
            return
        if value.kind == "add":
            a, b = self.network.tensors[f["a"]], self.network.tensors[f["b"]]
            self.add(_Renamed(node, out_name), f["a"], a, f["b"], b, out)
            return
        x_name = f["x"].tensor
        x = self.network.tensors[x_name]
        w = f["w"]
        if value.activation is not None:
            self.check_activation(value.activation, out)
        w_codes = self.weights(node, w.codes, "weights")
        if value.kind == "matmul":
            if w_codes.ndim != 2:
                raise node.error(f"weights of shape {list(w_codes.shape)}: qmac supports 2-D weights")
            w_nk = w_codes if f["trans_b"] else w_codes.T
            channel_axis = 0 if f["trans_b"] else 1
        else:
            w_nk, channel_axis = w_codes, 0
        n = w_nk.shape[0]
        if w.scale.size > 1 and w.axis != channel_axis:
            raise node.error(f"per-channel weights along axis {w.axis}: qmac needs them per output channel (axis {channel_axis})")
        bias = None
        if f["bias"] is not None:
            b = f["bias"]
            if b.codes.dtype != np.int32 or np.any(b.zero_point != 0):
                raise node.error("the bias is not an int32 DequantizeLinear with zero point 0: ONNX Runtime would not fuse it")
            bias = b.codes
        out = (out[0], out[1], out[2])
        requant = (x["scale"], w.scale)
        if value.kind == "matmul":
            self.fully_connected(_Renamed(node, out_name), x_name, x, w_nk, bias, x["zero_point"], w.zero_point, requant, out)
        else:
            self.conv(_Renamed(node, out_name), x_name, x, w_nk, bias, x["zero_point"], w.zero_point, requant, out,
                      f["attrs"])

    def check_activation(self, activation, out):
        """A Relu / Clip between a MAC and its QuantizeLinear: ONNX Runtime fuses the group only where the
        activation changes nothing the quantization's saturation does not (Relu: zero point = the type's
        minimum; Clip: [min, max] covers the output's real range); otherwise it runs the MAC in float."""
        node, lo, hi = activation
        dtype, scale, zp = out
        qmin, qmax = CODE_RANGE[dtype]
        real_lo = np.float32(qmin - int(zp)) * np.float32(scale)
        real_hi = np.float32(qmax - int(zp)) * np.float32(scale)
        if node.op == "Relu":
            if int(zp) != qmin:
                raise node.error(f"the output zero point {int(zp)} is not {qmin}: ONNX Runtime keeps this Relu and runs "
                                 "the MAC in float")
            return
        if (lo is not None and np.float32(lo) > real_lo) or (hi is not None and np.float32(hi) < real_hi):
            raise node.error(f"[{lo}, {hi}] is narrower than the output's range [{real_lo}, {real_hi}]: ONNX Runtime "
                             "keeps this Clip and runs the MAC in float")

    def _outputs(self):
        for name in self.graph_outputs:
            if name in self.values:
                v = self.values[name]
                if isinstance(v, Pending):
                    raise v.node.error(f"its float output '{name}' is a graph output: qmac runs quantized ops only")
                if isinstance(v, DqConst):
                    raise ModelError(self.path, f"output '{name}' is a constant")
            elif name not in self.network.tensors:
                raise ModelError(self.path, f"output '{name}' is not written by any op")
            self.network.outputs.append(name)
        for name, v in self.values.items():
            if isinstance(v, Pending) and name not in self.graph_outputs and not self._resolved(v):
                raise v.node.error(f"its float output '{name}' is not quantized by a QuantizeLinear")

    def _resolved(self, value):
        return any(op["name"] == value.node.name for op in self.network.ops)


class _Renamed:
    """A node whose output is another tensor's name: a QDQ group's op writes its QuantizeLinear's output."""

    def __init__(self, node, output):
        self._node, self.outputs = node, [output]

    def __getattr__(self, name):
        return getattr(self._node, name)
