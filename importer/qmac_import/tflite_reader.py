"""TFLite flatbuffers into a network_writer.Network (docs/network-format.md).

The flatbuffer is parsed with the schema module the pinned ai-edge-litert wheel ships
(`ai_edge_litert.schema_py_generated`), never a copy of the schema. Each op of the one subgraph becomes
one network op; the MAC ops (FULLY_CONNECTED, CONV_2D, DEPTHWISE_CONV_2D) become layer files whose
requantization mode is the arithmetic of the --match path's kernel (PATH_MODES, measured: docs/numerics.md),
with the framework's float32 scales, so that each mode derives its multiplier as its runtime does.
Everything outside the supported list is a ModelError naming the op (its index and output tensor), the
op and the attribute."""
import os

import numpy as np

from .errors import ModelError
from .network_writer import CODE_RANGE, Network

# Which qmac requantization mode each LiteRT path's kernel computes, per MAC op, on x86-64 (measured with
# tests/import_tflite's tie models, each op's layer file through `qmac run --layer` in every mode against the
# path's own output tensor: only these modes matched every output of every op):
#   XNNPACK delegate: fp32 requantization for all three (qs8 / qc8 operators); on CPUs with VNNI its GEMM and
#     IGEMM kernels (FULLY_CONNECTED, CONV_2D) convert to int32 before adding the zero point (xnnpack_vnni:
#     litert-xnnpack-vnni, otherwise alike); it has no VNNI depthwise kernel, and its AVX-512 / AVX2 ones
#     saturate as fp32 clamps (packssdw, paddsw).
#   builtin kernels: FULLY_CONNECTED and CONV_2D run their GEMM in ruy (litert_ruy; `tflite` differs at
#     negative ties). DEPTHWISE_CONV_2D has its own kernel, whose arithmetic depends on the output channel:
#     channels in whole blocks of 8 go through its vector output stage, whose rounding shift rounds ties up
#     (litert_ruy), the last N mod 8 through MultiplyByQuantizedMultiplier (gemmlowp double rounding, ties
#     away: `tflite`). Measured on N = 4, 6, 8, 12, 16, 20 (channels 0-7 of N = 12 match litert_ruy only,
#     8-11 `tflite` only). The layer gets one mode per channel (requant.mode as an array,
#     depthwise_builtin_modes): a single name when all channels agree (N < 8: `tflite`, N a multiple of 8:
#     `litert_ruy`).
#   reference kernels: FULLY_CONNECTED requantizes in float64 (litert_reference); CONV_2D and
#     DEPTHWISE_CONV_2D still call MultiplyByQuantizedMultiplier (`tflite`; litert_reference, litert_ruy and
#     fp32 differ), as reference_integer_ops::ConvPerChannel / DepthwiseConvPerChannel read.
PATH_MODES = {
    "litert-xnnpack": {"fully_connected": "fp32", "conv_2d": "fp32", "depthwise_conv_2d": "fp32"},
    "litert-xnnpack-vnni": {"fully_connected": "xnnpack_vnni", "conv_2d": "xnnpack_vnni", "depthwise_conv_2d": "fp32"},
    "litert-builtin": {"fully_connected": "litert_ruy", "conv_2d": "litert_ruy", "depthwise_conv_2d": "by channels"},
    "litert-reference": {"fully_connected": "litert_reference", "conv_2d": "tflite", "depthwise_conv_2d": "tflite"},
}


def depthwise_builtin_modes(n):
    """LiteRT's builtin DEPTHWISE_CONV_2D over n output channels: litert_ruy for the channels in whole blocks
    of DEPTHWISE_VECTOR_BLOCK, tflite for the rest (see PATH_MODES); one name when they are all alike."""
    b = DEPTHWISE_VECTOR_BLOCK
    modes = ["litert_ruy"] * (n // b * b) + ["tflite"] * (n % b)
    return modes[0] if len(set(modes)) == 1 else modes
# The rounding of each non-MAC op on each path (docs/network-format.md, "Roundings of the other ops"), as
# measured (tests/import_tflite; exact ties of x / scale and random values fed to each path, element by
# element): QUANTIZE from float32 is float32(x / scale) rounded half away in the reference kernel (`tflite`)
# and x * float32(1 / scale) rounded half to even in XNNPACK (`xnnpack`); the builtin optimized kernel does
# the latter in its vector loop (blocks of 16 elements) and rounds the float64 x / scale half away in its
# scalar tail (`litert_builtin`). DEQUANTIZE is float32(s * (q - zp)) rounded once (`single`) except in the
# builtin kernel's vector loop (blocks of 8), which computes float32(q) * s - float32(zp) * s
# (`litert_builtin`). ADD: the builtin optimized kernel rescales its inputs with one rounding where the
# reference rounds twice (`litert_builtin`, against `tflite`). XNNPACK's ADD only where both input-to-output scale ratios lie in [2^-10, 2^8); the
# delegate leaves other ADDs to the builtin kernel (see add()).
PATH_ROUNDINGS = {
    "litert-xnnpack": {"add": "xnnpack", "average_pool_2d": "tflite", "quantize": "xnnpack",
                       "requantize": "xnnpack", "dequantize": "single"},
    "litert-builtin": {"add": "litert_builtin", "average_pool_2d": "tflite", "quantize": "litert_builtin",
                       "requantize": "tflite", "dequantize": "litert_builtin"},
    "litert-reference": {"add": "tflite", "average_pool_2d": "tflite", "quantize": "tflite",
                         "requantize": "tflite", "dequantize": "single"},
}
PATH_ROUNDINGS["litert-xnnpack-vnni"] = PATH_ROUNDINGS["litert-xnnpack"]  # the same delegate: its other ops alike
XNNPACK_ADD_RATIO = (2.0 ** -10, 2.0 ** 8)  # XNNPACK's qs8 add accepts s_in / s_out in [lo, hi), in float32
XNNPACK_CONVERT_RATIO = (2.0 ** -8, 2.0 ** 7)  # its qs8/qu8 convert: s_in / s_out in [lo, hi] (golden requantize_xnnpack)
DEPTHWISE_VECTOR_BLOCK = 8  # output channels per block of the builtin depthwise kernel's vector output stage


def _schema():
    from ai_edge_litert import schema_py_generated as schema
    return schema


def _names(enum_class):
    return {v: k for k, v in vars(enum_class).items() if not k.startswith("_")}


class _Reader:
    def __init__(self, path, match):
        self.path, self.match = path, match
        self.s = _schema()
        self.dtypes = {self.s.TensorType.INT8: "int8", self.s.TensorType.UINT8: "uint8",
                       self.s.TensorType.INT32: "int32", self.s.TensorType.FLOAT32: "float32"}
        self.type_names = _names(self.s.TensorType)
        self.op_names = _names(self.s.BuiltinOperator)
        self.act_names = _names(self.s.ActivationFunctionType)
        self.model = self._parse()
        if not self.model.subgraphs or len(self.model.subgraphs) != 1:
            raise ModelError(path, f"{len(self.model.subgraphs or [])} subgraphs (qmac imports models with one)")
        self.g = self.model.subgraphs[0]
        self.net = Network(path, "litert", match)
        self.index = None  # the op being read, for messages

    # ---- the flatbuffer -------------------------------------------------------------------------------
    def _parse(self):
        with open(self.path, "rb") as f:
            self.raw = f.read()
        if len(self.raw) < 8 or self.raw[4:8] != b"TFL3":
            raise ModelError(self.path, "not a TFLite flatbuffer (no 'TFL3' file identifier)")
        try:
            model = self.s.ModelT.InitFromPackedBuf(self.raw, 0)
        except Exception as e:  # the flatbuffer library raises whatever its reads hit (struct.error, IndexError, ...)
            raise ModelError(self.path, f"malformed or truncated TFLite flatbuffer ({type(e).__name__}: {e})") from None
        return model

    def fail(self, problem, attribute=None):
        op = self.g.operators[self.index]
        outs = [self.tname(i) for i in (op.outputs if op.outputs is not None else []) if i >= 0]
        node = f"op {self.index} -> {outs[0] if outs else '(no output)'}"
        raise ModelError(self.path, (f"{attribute}: " if attribute else "") + problem, node=node, op=self.opname(op))

    def opname(self, op):
        codes = self.model.operatorCodes or []
        if op.opcodeIndex >= len(codes):
            return f"opcode index {op.opcodeIndex}"
        c = codes[op.opcodeIndex]
        code = max(c.builtinCode, c.deprecatedBuiltinCode)
        if code == self.s.BuiltinOperator.CUSTOM:
            return f"CUSTOM {c.customCode.decode(errors='replace') if c.customCode else ''}".strip()
        return self.op_names.get(code, f"builtin code {code}")

    def tname(self, i):
        name = self.g.tensors[i].name
        return name.decode("utf-8", errors="replace") if name else f"tensor {i}"

    def buffer_data(self, i):
        """The constant contents of tensor i as bytes, or None when it is not a constant."""
        t = self.g.tensors[i]
        if t.buffer <= 0 or t.buffer >= len(self.model.buffers or []):
            return None
        b = self.model.buffers[t.buffer]
        if b.data is not None and len(b.data):
            return bytes(np.asarray(b.data, dtype=np.uint8))
        if b.offset > 1:  # data stored after the flatbuffer (models over 2 GB, or written that way)
            if b.offset + b.size > len(self.raw):
                self.fail(f"buffer {t.buffer} of '{self.tname(i)}' ends at byte {b.offset + b.size}, past the "
                          f"end of the file ({len(self.raw)} bytes): truncated")
            return self.raw[b.offset:b.offset + b.size]
        return None

    def constant(self, i, what):
        t = self.g.tensors[i]
        data = self.buffer_data(i)
        if data is None:
            self.fail(f"'{self.tname(i)}' is not a constant (qmac needs constant {what})", what)
        np_type = {"int8": np.int8, "uint8": np.uint8, "int32": np.int32}.get(self.dtypes.get(t.type))
        if np_type is None:
            self.fail(f"type {self.type_names.get(t.type, t.type)}, not int8/uint8/int32", what)
        shape = [int(d) for d in t.shape]
        count = int(np.prod(shape)) if shape else 1
        if len(data) != count * np.dtype(np_type).itemsize:
            self.fail(f"'{self.tname(i)}' holds {len(data)} bytes, its shape {shape} needs "
                      f"{count * np.dtype(np_type).itemsize}", what)
        return np.frombuffer(data, dtype="<" + np.dtype(np_type).str[1:]).astype(np_type).reshape(shape)

    def quant(self, i):
        """(scales float32 array, zero points int array, quantized dimension) of tensor i, or None."""
        q = self.g.tensors[i].quantization
        if q is None or q.scale is None or len(q.scale) == 0:
            return None
        zps = q.zeroPoint if q.zeroPoint is not None else np.zeros(len(q.scale), np.int64)
        return np.asarray(q.scale, np.float32), np.asarray(zps, np.int64), int(q.quantizedDimension)

    # ---- tensors of the network -------------------------------------------------------------------------
    def activation_tensor(self, i, what, dtypes=("int8", "uint8")):
        """Declares tensor i (an activation) in the network, checking its type and quantization."""
        if i < 0 or i >= len(self.g.tensors):
            self.fail(f"tensor index {i} out of range", what)
        t = self.g.tensors[i]
        dtype = self.dtypes.get(t.type)
        if dtype not in dtypes:
            kind = ("a float model, or a float op between quantized ones: qmac imports full-integer models"
                    if t.type == self.s.TensorType.FLOAT32 else "an unsupported type")
            self.fail(f"'{self.tname(i)}' is {self.type_names.get(t.type, t.type)} ({kind}; expected "
                      f"{' or '.join(dtypes)})", what)
        if self.buffer_data(i) is not None:
            self.fail(f"'{self.tname(i)}' is a constant (qmac needs it computed)", what)
        shape = [int(d) for d in t.shape] if t.shape is not None else []
        if any(d < 1 for d in shape):
            self.fail(f"'{self.tname(i)}' has shape {shape} (every dimension must be >= 1)", what)
        scale = zp = None
        if dtype in CODE_RANGE:
            q = self.quant(i)
            if q is None:
                self.fail(f"'{self.tname(i)}' has no quantization", what)
            if len(q[0]) != 1:
                self.fail(f"'{self.tname(i)}' has {len(q[0])} scales (an activation has one)", what)
            scale, zp = float(q[0][0]), int(q[1][0])
            lo, hi = CODE_RANGE[dtype]
            if not (np.isfinite(scale) and scale > 0) or not lo <= zp <= hi:
                self.fail(f"'{self.tname(i)}' has scale {scale} and zero point {zp}", what)
        try:
            return self.net.tensor(self.tname(i), shape, dtype, scale, zp)
        except ValueError as e:
            self.fail(str(e), what)

    def code_quant(self, name):
        t = self.net.tensors[name]
        return np.float32(t["scale"]), t["zero_point"], t["dtype"]

    def activation_range(self, act, scale, zp, dtype):
        """TFLite's CalculateActivationRangeQuantized: the clamp of a fused activation, each bound
        zp + TfLiteRound(f / scale) (float32 division, ties away from zero) within the type's range."""
        lo, hi = CODE_RANGE[dtype]
        kinds = self.s.ActivationFunctionType

        def q(f):
            v = np.float32(f) / np.float32(scale)
            return zp + int(np.sign(v) * np.floor(np.abs(v) + np.float32(0.5)))
        if act == kinds.NONE:
            return lo, hi
        if act == kinds.RELU:
            return max(lo, q(0.0)), hi
        if act == kinds.RELU6:
            return max(lo, q(0.0)), min(hi, q(6.0))
        if act == kinds.RELU_N1_TO_1:
            return max(lo, q(-1.0)), min(hi, q(1.0))
        self.fail(f"{self.act_names.get(act, act)} is not supported (NONE, RELU, RELU6, RELU_N1_TO_1)",
                  "fused_activation_function")

    # ---- ops --------------------------------------------------------------------------------------------
    def options(self, op, cls):
        o = op.builtinOptions
        if o is None or type(o).__name__ != cls:
            self.fail(f"missing {cls}", "builtin_options")
        return o

    def io(self, op, n_in, what_in=("input",)):
        ins = list(op.inputs) if op.inputs is not None else []
        outs = list(op.outputs) if op.outputs is not None else []
        if len(outs) != 1:
            self.fail(f"{len(outs)} outputs (expected 1)", "outputs")
        if not n_in[0] <= len(ins) <= n_in[1]:
            self.fail(f"{len(ins)} inputs (expected {n_in[0]}..{n_in[1]})", "inputs")
        return ins, outs[0]

    def mac(self, op, kind, x, y, w, bias, extra):
        """The layer file of a MAC op: weights [N, K] (already in the network format's order), per-channel
        or per-tensor weight scales, the fused activation as the clamp."""
        xs, xzp, _ = self.code_quant(x)
        ys, yzp, ydtype = self.code_quant(y)
        w_i, b_i = extra["w_index"], extra["b_index"]
        wq = self.quant(w_i)
        if wq is None:
            self.fail(f"'{self.tname(w_i)}' has no quantization", "weights")
        n = w.shape[0]
        w_scales, w_zps, _ = wq
        if len(w_scales) not in (1, n) or len(w_zps) != len(w_scales):
            self.fail(f"{len(w_scales)} scales and {len(w_zps)} zero points for {n} output channels", "weights")
        if w.dtype != np.int8:
            self.fail(f"'{self.tname(w_i)}' is uint8 (LiteRT's int8 kernels take int8 weights)", "weights")
        act = extra["activation"]
        lo, hi = self.activation_range(act, ys, yzp, ydtype)
        per_channel = len(w_scales) > 1
        mode = PATH_MODES[self.match][kind]
        if mode == "by channels":
            mode = depthwise_builtin_modes(n)
        fields = {"input_zero_point": int(xzp),
                  "weight_zero_point": [int(z) for z in w_zps] if per_channel else int(w_zps[0]),
                  "requant": {"mode": mode, "input_scale": float(xs),
                              "weight_scale": [float(s) for s in w_scales] if per_channel else float(w_scales[0]),
                              "output_scale": float(ys)},
                  "output_zero_point": int(yzp), "output_min": int(lo), "output_max": int(hi),
                  "output_dtype": ydtype}
        if bias is not None and bias.shape != (n,):
            self.fail(f"bias shape {list(bias.shape)}, expected [{n}]", "bias")
        return self.net.layer(kind, w, bias, fields)

    def bias(self, ins, k):
        if len(ins) <= k or ins[k] < 0:
            return None
        b = self.constant(ins[k], "bias")
        if b.dtype != np.int32:
            self.fail(f"'{self.tname(ins[k])}' is {b.dtype}, not int32", "bias")
        return b

    def same_codes(self, x, y, what):
        if self.code_quant(x)[:2] != self.code_quant(y)[:2] or self.net.tensors[x]["dtype"] != self.net.tensors[y]["dtype"]:
            self.fail(f"input and output quantization differ ({self.net.tensors[x]} vs {self.net.tensors[y]})", what)

    def fully_connected(self, op):
        ins, out = self.io(op, (2, 3))
        o = self.options(op, "FullyConnectedOptionsT")
        if o.weightsFormat != self.s.FullyConnectedOptionsWeightsFormat.DEFAULT:
            self.fail(f"{o.weightsFormat} (only DEFAULT)", "weights_format")
        if o.asymmetricQuantizeInputs:
            self.fail("true (hybrid models are not supported)", "asymmetric_quantize_inputs")
        x = self.activation_tensor(ins[0], "input")
        y = self.activation_tensor(out, "output")
        w = self.constant(ins[1], "weights")
        if w.ndim != 2:
            self.fail(f"weights of shape {list(w.shape)} (expected [N, K])", "weights")
        n, k = w.shape
        xshape, yshape = self.net.tensors[x]["shape"], self.net.tensors[y]["shape"]
        rows = int(np.prod(xshape)) // k
        if int(np.prod(xshape)) % k or yshape[-1] != n or int(np.prod(yshape)) != rows * n:
            self.fail(f"input {xshape} and output {yshape} do not fit weights [{n}, {k}]", "shape")
        layer = self.mac(op, "fully_connected", x, y, w, self.bias(ins, 2),
                         {"w_index": ins[1], "b_index": ins[2] if len(ins) > 2 else -1,
                          "activation": o.fusedActivationFunction})
        self.net.op("fully_connected", y, [x], [y], layer=layer)

    def padding(self, o, in_hw, kernel, stride, out_hw, what):
        """TFLite's ComputePaddingHeightWidth (dilation 1): SAME pads (out - 1) * stride + k - in in total,
        the odd one at the bottom / right; VALID pads nothing. The output size is checked against the model."""
        pads, want = [0, 0, 0, 0], []
        for d in range(2):
            if o.padding == self.s.Padding.SAME:
                size = (in_hw[d] + stride[d] - 1) // stride[d]
                total = max((size - 1) * stride[d] + kernel[d] - in_hw[d], 0)
                pads[d], pads[d + 2] = total // 2, total // 2 + total % 2
            elif o.padding == self.s.Padding.VALID:
                size = (in_hw[d] - kernel[d] + stride[d]) // stride[d]
            else:
                self.fail(f"{o.padding} (SAME or VALID)", "padding")
            want.append(size)
        if want != list(out_hw):
            self.fail(f"output size {list(out_hw)}, but padding, kernel and stride give {want}", what)
        return pads

    def conv(self, op, depthwise):
        kind = "depthwise_conv_2d" if depthwise else "conv_2d"
        ins, out = self.io(op, (2, 3))
        o = self.options(op, "DepthwiseConv2DOptionsT" if depthwise else "Conv2DOptionsT")
        if (o.dilationHFactor, o.dilationWFactor) != (1, 1):
            self.fail(f"{[o.dilationHFactor, o.dilationWFactor]} (qmac supports 1 only)", "dilation")
        if o.strideH < 1 or o.strideW < 1:
            self.fail(f"{[o.strideH, o.strideW]}", "stride")
        x = self.activation_tensor(ins[0], "input")
        y = self.activation_tensor(out, "output")
        w = self.constant(ins[1], "weights")
        xshape, yshape = self.net.tensors[x]["shape"], self.net.tensors[y]["shape"]
        if w.ndim != 4 or len(xshape) != 4 or len(yshape) != 4 or xshape[0] != yshape[0]:
            self.fail(f"input {xshape}, weights {list(w.shape)}, output {yshape} (expected NHWC and 4-d weights)", "shape")
        c = xshape[3]
        if depthwise:
            _, kh, kw, n = w.shape
            if w.shape[0] != 1 or n % c or yshape[3] != n:
                self.fail(f"weights {list(w.shape)} for {c} input channels and output {yshape}", "shape")
            if o.depthMultiplier not in (0, n // c):
                self.fail(f"{o.depthMultiplier}, but the weights give {n // c}", "depth_multiplier")
            groups = c
            weights = np.ascontiguousarray(w.reshape(kh * kw, n).T)  # [N, KH * KW]: output o reads channel o / M
        else:
            n, kh, kw, wc = w.shape
            if yshape[3] != n or c % wc:
                self.fail(f"weights {list(w.shape)} for input {xshape} and output {yshape}", "shape")
            groups = c // wc
            if groups != 1:
                self.fail(f"{groups} groups (qmac imports CONV_2D with one)", "groups")
            weights = np.ascontiguousarray(w.reshape(n, kh * kw * wc))  # (kh, kw, c) order
        stride = [o.strideH, o.strideW]
        pads = self.padding(o, xshape[1:3], [kh, kw], stride, yshape[1:3], "output shape")
        wq = self.quant(ins[1])
        if wq is not None and len(wq[0]) > 1 and wq[2] != (3 if depthwise else 0):
            self.fail(f"{wq[2]} (per-channel scales must run along the output channels)", "quantized_dimension")
        layer = self.mac(op, kind, x, y, weights, self.bias(ins, 2),
                         {"w_index": ins[1], "b_index": ins[2] if len(ins) > 2 else -1,
                          "activation": o.fusedActivationFunction})
        self.net.op("conv_2d", y, [x], [y], layer=layer, layout="nhwc", kernel=[int(kh), int(kw)],
                    stride=stride, dilation=[1, 1], pads=pads, groups=int(groups))

    def pool(self, op, average):
        ins, out = self.io(op, (1, 1))
        o = self.options(op, "Pool2DOptionsT")
        x = self.activation_tensor(ins[0], "input")
        y = self.activation_tensor(out, "output")
        xshape, yshape = self.net.tensors[x]["shape"], self.net.tensors[y]["shape"]
        if len(xshape) != 4 or len(yshape) != 4 or xshape[0] != yshape[0] or xshape[3] != yshape[3]:
            self.fail(f"input {xshape}, output {yshape} (expected NHWC, channels kept)", "shape")
        if min(o.strideH, o.strideW, o.filterHeight, o.filterWidth) < 1:
            self.fail(f"stride {[o.strideH, o.strideW]}, filter {[o.filterHeight, o.filterWidth]}", "filter")
        self.same_codes(x, y, "quantization")
        kernel, stride = [o.filterHeight, o.filterWidth], [o.strideH, o.strideW]
        pads = self.padding(o, xshape[1:3], kernel, stride, yshape[1:3], "output shape")
        s, zp, dtype = self.code_quant(y)
        lo, hi = self.activation_range(o.fusedActivationFunction, s, zp, dtype)
        fields = {"layout": "nhwc", "kernel": kernel, "stride": stride, "pads": pads}
        if average:
            fields["rounding"] = PATH_ROUNDINGS[self.match]["average_pool_2d"]
        self.net.op("average_pool_2d" if average else "max_pool_2d", y, [x], [y], **fields,
                    output_min=int(lo), output_max=int(hi))

    def add(self, op):
        ins, out = self.io(op, (2, 2))
        o = op.builtinOptions
        act = o.fusedActivationFunction if o is not None else self.s.ActivationFunctionType.NONE
        a = self.activation_tensor(ins[0], "input 0")
        b = self.activation_tensor(ins[1], "input 1")
        y = self.activation_tensor(out, "output")
        shapes = [self.net.tensors[t]["shape"] for t in (a, b, y)]
        if not shapes[0] == shapes[1] == shapes[2]:
            self.fail(f"shapes {shapes} (qmac adds tensors of one shape, no broadcasting)", "shape")
        dtypes = {self.net.tensors[t]["dtype"] for t in (a, b, y)}
        if len(dtypes) != 1:
            self.fail(f"mixed types {sorted(dtypes)}", "type")
        s, zp, dtype = self.code_quant(y)
        lo, hi = self.activation_range(act, s, zp, dtype)
        rounding = PATH_ROUNDINGS[self.match]["add"]
        if rounding == "xnnpack":
            lo_r, hi_r = XNNPACK_ADD_RATIO
            if not all(lo_r <= self.code_quant(t)[0] / s < hi_r for t in (a, b)):
                rounding = PATH_ROUNDINGS["litert-builtin"]["add"]  # the builtin kernel runs it
        self.net.op("add", y, [a, b], [y], rounding=rounding,
                    output_min=int(lo), output_max=int(hi))

    def reshape(self, op):
        ins, out = self.io(op, (1, 2))  # the new shape is an input tensor or an option: the output's shape says it
        x = self.activation_tensor(ins[0], "input")
        y = self.activation_tensor(out, "output")
        xs, ys = self.net.tensors[x]["shape"], self.net.tensors[y]["shape"]
        if int(np.prod(xs)) != int(np.prod(ys)):
            self.fail(f"input {xs} and output {ys} hold different numbers of elements", "shape")
        self.same_codes(x, y, "quantization")
        self.net.op("reshape", y, [x], [y])

    def quantize(self, op):
        ins, out = self.io(op, (1, 1))
        x = self.activation_tensor(ins[0], "input", ("float32", "int8", "uint8"))
        y = self.activation_tensor(out, "output")
        if self.net.tensors[x]["shape"] != self.net.tensors[y]["shape"]:
            self.fail(f"input {self.net.tensors[x]['shape']} and output {self.net.tensors[y]['shape']}", "shape")
        kind = "quantize" if self.net.tensors[x]["dtype"] == "float32" else "requantize"
        rounding = PATH_ROUNDINGS[self.match][kind]
        if kind == "requantize" and rounding == "xnnpack":
            lo_r, hi_r = XNNPACK_CONVERT_RATIO
            if not lo_r <= self.code_quant(x)[0] / self.code_quant(y)[0] <= hi_r:
                rounding = PATH_ROUNDINGS["litert-builtin"]["requantize"]  # the delegate leaves it to the builtin kernel
        self.net.op("quantize", y, [x], [y], rounding=rounding)

    def dequantize(self, op):
        ins, out = self.io(op, (1, 1))
        x = self.activation_tensor(ins[0], "input")
        y = self.activation_tensor(out, "output", ("float32",))
        if self.net.tensors[x]["shape"] != self.net.tensors[y]["shape"]:
            self.fail(f"input {self.net.tensors[x]['shape']} and output {self.net.tensors[y]['shape']}", "shape")
        self.net.op("dequantize", y, [x], [y], rounding=PATH_ROUNDINGS[self.match]["dequantize"])

    def read(self):
        s = self.s.BuiltinOperator
        handlers = {s.FULLY_CONNECTED: self.fully_connected, s.CONV_2D: lambda op: self.conv(op, False),
                    s.DEPTHWISE_CONV_2D: lambda op: self.conv(op, True),
                    s.MAX_POOL_2D: lambda op: self.pool(op, False), s.AVERAGE_POOL_2D: lambda op: self.pool(op, True),
                    s.ADD: self.add, s.RESHAPE: self.reshape, s.QUANTIZE: self.quantize, s.DEQUANTIZE: self.dequantize}
        g = self.g
        if g.inputs is None or len(g.inputs) != 1:
            raise ModelError(self.path, f"{0 if g.inputs is None else len(g.inputs)} inputs (qmac imports models with one)")
        if not g.operators:
            raise ModelError(self.path, "no ops")
        for i in list(g.inputs) + list(g.outputs if g.outputs is not None else []):
            if not 0 <= i < len(g.tensors):
                raise ModelError(self.path, f"model input/output tensor index {i} out of range")
        names = [self.tname(i) for i in range(len(g.tensors))]
        for self.index, op in enumerate(g.operators):
            codes = self.model.operatorCodes or []
            if op.opcodeIndex >= len(codes):
                self.fail(f"opcode index {op.opcodeIndex} out of range ({len(codes)} operator codes)", "opcode_index")
            for t in list(op.inputs if op.inputs is not None else []) + list(op.outputs if op.outputs is not None else []):
                if t >= len(g.tensors):
                    self.fail(f"tensor index {t} out of range ({len(g.tensors)} tensors)", "tensors")
            c = codes[op.opcodeIndex]
            handler = handlers.get(max(c.builtinCode, c.deprecatedBuiltinCode))
            if handler is None:
                self.fail("not supported (qmac imports " + ", ".join(self.op_names[k] for k in handlers) + ")")
            for t in list(op.outputs or []):
                if names.count(names[t]) > 1:
                    self.fail(f"tensor name '{names[t]}' is used by {names.count(names[t])} tensors", "name")
            handler(op)
        self.index = None
        x = self.tname(g.inputs[0])
        ys = [self.tname(i) for i in g.outputs]
        for t in [x] + ys:
            if t not in self.net.tensors:
                raise ModelError(self.path, f"model input/output '{t}' is not read or written by any op")
        self.net.inputs, self.net.outputs = [x], ys
        return self.net


def read(path, match):
    """The model at path as a Network reproducing the LiteRT path `match`."""
    if not os.path.isfile(path):
        raise ModelError(path, "no such file")
    return _Reader(path, match).read()
