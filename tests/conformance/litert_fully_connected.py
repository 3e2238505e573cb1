"""`qmac run --backend golden` against LiteRT's three FULLY_CONNECTED kernel paths (ai-edge-litert, pinned).

Small models (one Dense layer) are converted by tensorflow-cpu's TFLite converter with full-integer int8
quantization from a representative dataset: per-channel and per-tensor weight scales, no / ReLU / ReLU6
fused activation, and models with uint8 input and output (the converter puts QUANTIZE ops around the int8
FULLY_CONNECTED). A third of the models are then rewritten (tensorflow's own flatbuffer_utils) with
power-of-two scales, small weights and biases, so that many accumulators land exactly on ties of each
path's rounding, and a few with biases chosen where a wrong derivation order of the multiplier would give
another output (random models almost never show it), a few with real multipliers above 1 whose scaled
accumulators leave int32 (ruy's wrapping left shift, the reference's int32 cast), and a few with real
multipliers between 1 and 2 and biases on the first accumulator where the reference's cast and zero-point
add wrap (where a 31-bit M alone cannot always start the wrap; single_away's wrap offset must). Each model
runs through the three op resolvers, and its FULLY_CONNECTED through
`qmac run` in the matching mode, on the same int8 input:
  default (XNNPACK delegate)           -> fp32, or xnnpack_vnni on a CPU with VNNI (xnnpack_mode below)
  BUILTIN_WITHOUT_DEFAULT_DELEGATES    -> litert_ruy        (ruy's x86 kernels)
  BUILTIN_REF                          -> litert_reference
Weights, bias, scales and zero points come from the interpreter's tensor details; the fused activation
from the model's flatbuffer (it is not in the tensor details). Every output must be equal. For the
information of the reader it also counts how often `tflite` and `tflite_single` would differ (not a test).

Usage: litert_fully_connected.py QMAC [--models N]   (run with BUILD/venv's python, scripts/venv)
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # the converter's C++ logging, before TensorFlow loads

import numpy as np  # noqa: E402

from qmac_import.runtime_tensors import litert_xnnpack_match  # noqa: E402
from qmac_import.silence import quiet  # noqa: E402
from qmac_import.tflite_reader import PATH_MODES  # noqa: E402
from qmac_layer_run import backends_arg, exact_float, mismatch_report, run_qmac, write_layer  # noqa: E402

MODELS, DISCRIMINATING, LARGE, WRAP_EDGE = 30, 3, 4, 3


def xnnpack_mode():
    """(qmac mode of LiteRT's default XNNPACK path on this CPU, why): the FULLY_CONNECTED mode of the match
    qmac_import.runtime_tensors.litert_xnnpack_match names (xnnpack_vnni on a CPU with VNNI, else fp32)."""
    match, why = litert_xnnpack_match()
    return PATH_MODES[match]["fully_connected"], why


def paths(xnn_mode):
    return (("XNNPACK delegate (default)", "AUTO", xnn_mode),
            ("builtin, ruy (BUILTIN_WITHOUT_DEFAULT_DELEGATES)", "BUILTIN_WITHOUT_DEFAULT_DELEGATES", "litert_ruy"),
            ("reference (BUILTIN_REF)", "BUILTIN_REF", "litert_reference"))


OTHER_MODES = ("tflite", "tflite_single")  # shown for comparison on the ruy and reference paths


def convert(tf, rng, k, n, batch, per_channel, activation, uint8_io):
    """A one-Dense-layer Keras model converted to a full-integer .tflite flatbuffer."""
    inp = tf.keras.Input((k,), batch_size=batch)
    dense = tf.keras.layers.Dense(n, activation=activation)
    model = tf.keras.Model(inp, dense(inp))
    dense.set_weights([rng.normal(0, rng.uniform(0.05, 0.5), (k, n)).astype(np.float32),
                       rng.normal(0, rng.uniform(0.1, 2.0), n).astype(np.float32)])
    x_spread = rng.uniform(0.5, 4.0)
    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    conv.representative_dataset = lambda: ([rng.normal(0.3, x_spread, (batch, k)).astype(np.float32)]
                                           for _ in range(8))
    conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    conv.inference_input_type = conv.inference_output_type = tf.uint8 if uint8_io else tf.int8
    conv._experimental_disable_per_channel = not per_channel
    with quiet():
        return conv.convert()


def fully_connected(fb, model):
    """(operator, its op index) of the model's one FULLY_CONNECTED."""
    codes = [fb.schema_fb.BuiltinOperator.FULLY_CONNECTED]
    sub = model.subgraphs[0]
    found = [(op, i) for i, op in enumerate(sub.operators)
             if max(model.operatorCodes[op.opcodeIndex].builtinCode,
                    model.operatorCodes[op.opcodeIndex].deprecatedBuiltinCode) in codes]
    assert len(found) == 1, f"expected one FULLY_CONNECTED, found {len(found)}"
    return found[0]


def aim_at_ties(fb, buf, rng):
    """The model rewritten with scales in = odd * 2^-a, w_c = 2^-b_c, out = 2^-(a + min b - e), e in [1, 4],
    bias scale in * w_c (as LiteRT checks), weights in [-4, 4] and biases in [-24, 24]: the real multiplier
    has at most two significant bits, and many accumulators are exact ties of every rounding."""
    model = fb.read_model_from_bytearray(bytearray(buf))
    op, _ = fully_connected(fb, model)
    tensors = model.subgraphs[0].tensors
    x_t, w_t, b_t = (tensors[i] for i in op.inputs[:3])
    y_t = tensors[op.outputs[0]]
    n = w_t.shape[0]
    per_channel = len(w_t.quantization.scale) > 1
    a = int(rng.integers(3, 7))
    b = rng.integers(4, 7, n if per_channel else 1)
    e = int(rng.integers(1, 5))
    x_t.quantization.scale = [float(np.float32(float(rng.choice([1, 3])) * 2.0 ** -a))]
    w_t.quantization.scale = [float(2.0 ** -v) for v in b]
    b_t.quantization.scale = [float(np.float32(x_t.quantization.scale[0]) * np.float32(s)) for s in w_t.quantization.scale]
    y_t.quantization.scale = [float(2.0 ** -(a + int(b.min()) - e))]
    model.buffers[w_t.buffer].data = rng.integers(-4, 5, tuple(w_t.shape)).astype(np.int8).tobytes()
    model.buffers[b_t.buffer].data = rng.integers(-24, 25, n).astype(np.int32).tobytes()
    return bytes(fb.convert_object_to_bytearray(model))


def _quantize_multiplier(real):
    """TFLite's QuantizeMultiplier (frexp, round half away to 31 bits), vectorised; for building cases only."""
    q, e = np.frexp(real)
    m = np.floor(q * 2.0 ** 31 + 0.5).astype(np.int64)
    e = np.where(m == 2 ** 31, e + 1, e)
    return np.where(m == 2 ** 31, 2 ** 30, m), e


def _ruy(acc, m, e):
    """ruy's x86 double rounding (both steps tie up), right shifts only; for building cases only."""
    q = (acc * m + 2 ** 30) >> 31
    r = -e
    return (q + np.where(r > 0, 1 << np.maximum(r - 1, 0), 0)) >> r


def discriminate(fb, buf, rng, lo=-100, hi=100):
    """The model with each channel's bias set to an accumulator at which a plausible but wrong derivation of
    the multiplier gives another output than the right one, for one path per channel in turn: XNNPACK's
    float32 (in * w) / out against in * (w / out); the builtin kernels' QuantizeMultiplier of the float64
    (double)in * w / out against that of the float32 product; the reference kernels' round of the float64
    multiplier against the same float32-product one. Run with x = the input zero point, so acc = bias.
    Returns the model and how many channels discriminate."""
    model = fb.read_model_from_bytearray(bytearray(buf))
    op, _ = fully_connected(fb, model)
    tensors = model.subgraphs[0].tensors
    x_t, w_t, b_t, y_t = tensors[op.inputs[0]], tensors[op.inputs[1]], tensors[op.inputs[2]], tensors[op.outputs[0]]
    n = w_t.shape[0]
    f32 = np.float32
    # A 16 times coarser output scale (exact in float32) makes the multiplier small: a wider accumulator
    # range stays inside the clamp, and more of it lies where the two derivations round apart.
    y_t.quantization.scale = [float(f32(y_t.quantization.scale[0]) * 16)]
    x_s, y_s = f32(x_t.quantization.scale[0]), f32(y_t.quantization.scale[0])
    w_s = np.broadcast_to(np.asarray(w_t.quantization.scale, dtype=f32), (n,))
    bias = rng.integers(-2000, 2000, n)
    found = 0
    for c in range(n):
        right = np.float64(x_s) * np.float64(w_s[c]) / np.float64(y_s)
        wrong = np.float64(x_s * w_s[c]) / np.float64(y_s)
        reach = int(min(2 ** 22, hi / right))
        acc = np.arange(-reach, reach + 1, dtype=np.int64)
        if c % 3 == 0:
            a = np.rint(acc.astype(f32) * ((x_s * w_s[c]) / y_s))
            b = np.rint(acc.astype(f32) * (x_s * (w_s[c] / y_s)))
        elif c % 3 == 1:
            (m1, e1), (m2, e2) = _quantize_multiplier(right), _quantize_multiplier(wrong)
            if e1 > 0 or e2 > 0:
                continue
            a, b = _ruy(acc, m1, e1), _ruy(acc, m2, e2)
        else:
            a, b = (np.sign(v) * np.floor(np.abs(v) + 0.5) for v in (acc * right, acc * wrong))
        hits = acc[(a != b) & (a > lo) & (a < hi)]
        if hits.size:
            bias[c] = hits[rng.integers(0, hits.size)]
            found += 1
    model.buffers[b_t.buffer].data = bias.astype(np.int32).tobytes()
    return bytes(fb.convert_object_to_bytearray(model)), found


def large_multipliers(fb, buf, rng):
    """The model rewritten with real multipliers from 1.5 to 24 (in = odd * 2^-2, w_c = 2^-b_c, out =
    2^-(2 + min b + s)): ruy shifts left (TFLite's shift > 0, wrapping); weights in [-2, 2]; half the channels
    get biases of +-[1e9, 2e9], whose scaled value leaves int32 (ruy's left shift wraps, the reference's cast
    gives INT32_MIN, XNNPACK's AVX2 kernels clamp in float and its VNNI kernels' vcvtps2dq gives INT32_MIN)."""
    model = fb.read_model_from_bytearray(bytearray(buf))
    op, _ = fully_connected(fb, model)
    tensors = model.subgraphs[0].tensors
    x_t, w_t, b_t, y_t = tensors[op.inputs[0]], tensors[op.inputs[1]], tensors[op.inputs[2]], tensors[op.outputs[0]]
    n = w_t.shape[0]
    b = rng.integers(1, 3, len(w_t.quantization.scale))
    x_t.quantization.scale = [float(rng.choice([1, 3])) * 0.25]
    w_t.quantization.scale = [float(2.0 ** -v) for v in b]
    b_t.quantization.scale = [float(np.float32(x_t.quantization.scale[0]) * np.float32(w)) for w in w_t.quantization.scale]
    y_t.quantization.scale = [float(2.0 ** -(2 + int(b.min()) + int(rng.integers(1, 4))))]
    y_t.quantization.zeroPoint = [int(rng.integers(-128, 128))]
    model.buffers[w_t.buffer].data = rng.integers(-2, 3, tuple(w_t.shape)).astype(np.int8).tobytes()
    huge = rng.integers(1_000_000_000, 2_000_000_000, n) * rng.choice([-1, 1], n)
    bias = np.where(np.arange(n) % 2 == 0, huge, rng.integers(-6, 7, n))
    model.buffers[b_t.buffer].data = bias.astype(np.int32).tobytes()
    return bytes(fb.convert_object_to_bytearray(model))


def round_half_away(v):
    return np.sign(v) * np.floor(np.abs(v) + 0.5)


def reference_wrap_start(real, zp):
    """The first accumulator, from 0 outward on the zero point's side, at which LiteRT's reference kernel
    (round_half_away((double)acc * real) cast to int32 on x86-64, plus zp in int32) wraps to the far clamp
    bound: round(acc * real) + zp >= 2^31 for zp >= 0, < -2^31 for zp < 0 (float64, as the kernel)."""
    side = 1 if zp >= 0 else -1
    wraps = (lambda a: round_half_away(np.float64(a) * real) + zp >= 2.0 ** 31) if zp >= 0 else \
            (lambda a: round_half_away(np.float64(a) * real) + zp < -2.0 ** 31)
    lo, hi = 0, 2 ** 31  # |start| in (lo, hi]: wraps at side * hi (beyond int32: the accumulator wraps first)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if wraps(side * mid):
            hi = mid
        else:
            lo = mid
    return side * hi


def wrap_edge_multipliers(fb, buf, rng):
    """The model rewritten with real multipliers in (1, 2), one per channel (per-channel weight scales), and
    each channel's bias at the first accumulator where the reference kernel's int32 cast and zero-point add
    wrap (reference_wrap_start); one weight of 1 in input column 0, the others 0, so that the accumulators
    are that bias plus x[:, 0] - x_zp: inputs from -2 to 2 around the zero point put them on both sides of
    the wrap's start. Returns the rewritten model."""
    model = fb.read_model_from_bytearray(bytearray(buf))
    op, _ = fully_connected(fb, model)
    tensors = model.subgraphs[0].tensors
    x_t, w_t, b_t, y_t = tensors[op.inputs[0]], tensors[op.inputs[1]], tensors[op.inputs[2]], tensors[op.outputs[0]]
    n, k = w_t.shape[0], w_t.shape[1]
    x_scale, y_scale = float(np.float32(rng.uniform(0.01, 0.1))), float(np.float32(rng.uniform(0.01, 0.1)))
    y_zp = int(rng.integers(-128, 128))
    reals = rng.uniform(1.0 + 1e-3, 2.0, n)
    w_scales = [float(np.float32(r * y_scale / x_scale)) for r in reals]
    x_t.quantization.scale = [x_scale]
    w_t.quantization.scale = w_scales
    w_t.quantization.zeroPoint = [0] * n
    b_t.quantization.scale = [float(np.float32(x_scale) * np.float32(w)) for w in w_scales]
    b_t.quantization.zeroPoint = [0] * n
    y_t.quantization.scale = [y_scale]
    y_t.quantization.zeroPoint = [y_zp]
    weights = np.zeros((n, k), np.int8)
    weights[:, 0] = 1
    model.buffers[w_t.buffer].data = weights.tobytes()
    # the multiplier as the reference kernel forms it: (double)input_scale * filter_scale / output_scale
    real = np.float64(np.float32(x_scale)) * np.asarray(w_scales, np.float32).astype(np.float64) / np.float64(np.float32(y_scale))
    bias = np.array([reference_wrap_start(float(r), y_zp) for r in real], np.int64)
    assert np.all(np.abs(bias) <= 2 ** 31 - 3), "the accumulators around the wrap must stay inside int32"
    model.buffers[b_t.buffer].data = bias.astype(np.int32).tobytes()
    return bytes(fb.convert_object_to_bytearray(model))


def wrap_offsets(qmac, d):
    """How many channels of d/layer.json qmac's single_away runs with a wrap offset (`qmac params`)."""
    out = subprocess.run([qmac, "params", "--layer", f"{d}/layer.json"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"qmac params failed:\n{out.stderr}")
    return out.stdout.count("(wrap offset ")


def output_clamp(fb, model, op, y_scale, y_zp):
    """TFLite's CalculateActivationRangeQuantized for int8: ReLU from zp, ReLU6 to zp + round(6 / scale)."""
    act = op.builtinOptions.fusedActivationFunction
    kinds = fb.schema_fb.ActivationFunctionType
    lo, hi = -128, 127
    if act in (kinds.RELU, kinds.RELU6):
        lo = max(lo, y_zp)
    if act == kinds.RELU6:
        hi = min(hi, y_zp + int(np.round(np.float32(6.0) / np.float32(y_scale))))  # TfLiteRound: half away
    elif act != kinds.NONE and act != kinds.RELU:
        raise RuntimeError(f"fused activation {act} not handled")
    return lo, hi


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("qmac")
    ap.add_argument("--models", type=int, default=MODELS)
    ap.add_argument("--discriminating", type=int, default=DISCRIMINATING)
    ap.add_argument("--large", type=int, default=LARGE)
    ap.add_argument("--wrap-edge", type=int, default=WRAP_EDGE)
    ap.add_argument("--backends", type=backends_arg, default=["golden"],
                    help="comma-separated qmac backends to compare with LiteRT (default golden)")
    args = ap.parse_args()
    t0 = time.time()
    import tensorflow as tf
    from ai_edge_litert import interpreter as litert
    from tensorflow.lite.tools import flatbuffer_utils as fb
    tf.get_logger().setLevel("ERROR")
    rng = np.random.default_rng(11)
    xnn_mode, xnn_why = xnnpack_mode()
    PATHS = paths(xnn_mode)
    stats = {mode: {"models": 0, "outputs": 0, "ties": 0, **{m: 0 for m in OTHER_MODES},
                   **{m + " at negative ties": 0 for m in OTHER_MODES}} for _, _, mode in PATHS}
    discriminating = 0
    xnn_beyond_int32 = 0  # XNNPACK outputs whose scaled accumulator leaves int32 (compared like the rest)
    xnn_wraps = 0  # of them, below -2^31 with a negative zero point: where xnnpack_vnni and fp32 differ
    beyond_int32_run = 0  # litert_reference `large` models on a hardware backend (any refusal fails the test)
    edge_run = 0  # litert_reference wrap-edge models on a hardware backend
    edge_outputs = 0  # their outputs on the wrap's first accumulator or the one before it
    offset_channels = 0  # their channels that single_away runs with a wrap offset (qmac params)
    kinds = {"per-channel": 0, "per-tensor": 0, "relu": 0, "relu6": 0, "uint8 in/out": 0, "aimed at ties": 0,
             "built where the multiplier's derivation matters": 0,
             "with multipliers above 1, scaled accumulators beyond int32": 0,
             "with multipliers between 1 and 2, biases on the reference's wrap": 0}
    total = args.models + args.discriminating + args.large + args.wrap_edge
    with tempfile.TemporaryDirectory() as d:
        for m in range(total):
            k, n, batch = int(rng.integers(4, 65)), int(rng.integers(4, 49)), int(rng.integers(16, 49))
            per_channel = bool(m % 2)
            activation = (None, None, "relu", "relu6")[m % 4]
            uint8_io = m % 10 == 9
            disc = args.models <= m < args.models + args.discriminating
            large = args.models + args.discriminating <= m < args.models + args.discriminating + args.large
            edge = m >= args.models + args.discriminating + args.large
            tie = m % 3 == 0 and not uint8_io and not disc and not large and not edge
            if disc or large or edge:  # no clamp, so that the built accumulators show; wide layers, many channels
                activation, uint8_io, n = None, False, 48
            if edge:
                per_channel = True
            if large and m % 2:  # ReLU6: xnnpack_vnni's wrap gives 127 above its max
                activation = "relu6"
            buf = convert(tf, rng, k, n, batch, per_channel, activation, uint8_io)
            if tie:
                buf = aim_at_ties(fb, buf, rng)
            if disc:
                buf, found = discriminate(fb, buf, rng)
                discriminating += found
            if large:
                buf = large_multipliers(fb, buf, rng)  # K <= 64 keeps bias + K * 2 * 255 inside int32
            if edge:
                buf = wrap_edge_multipliers(fb, buf, rng)
            model = fb.read_model_from_bytearray(bytearray(buf))
            op, op_index = fully_connected(fb, model)
            x_i, w_i, b_i = (int(i) for i in op.inputs[:3])
            y_i = int(op.outputs[0])
            for key, on in (("per-channel", per_channel), ("per-tensor", not per_channel), ("relu", activation == "relu"),
                            ("relu6", activation == "relu6"), ("uint8 in/out", uint8_io), ("aimed at ties", tie),
                            ("built where the multiplier's derivation matters", disc),
                            ("with multipliers above 1, scaled accumulators beyond int32", large),
                            ("with multipliers between 1 and 2, biases on the reference's wrap", edge)):
                kinds[key] += on

            ref = litert.Interpreter(model_content=buf, experimental_op_resolver_type=litert.OpResolverType.BUILTIN_REF,
                                     experimental_preserve_all_tensors=True)
            ref.allocate_tensors()
            det = {t["index"]: t for t in ref.get_tensor_details()}
            q = {i: det[i]["quantization_parameters"] for i in (x_i, w_i, b_i, y_i)}
            assert det[x_i]["dtype"] == np.int8 and det[y_i]["dtype"] == np.int8 and det[w_i]["dtype"] == np.int8
            w, bias = ref.get_tensor(w_i), ref.get_tensor(b_i)
            x_zp, y_zp = int(q[x_i]["zero_points"][0]), int(q[y_i]["zero_points"][0])
            w_zp = q[w_i]["zero_points"]
            y_scale = q[y_i]["scales"][0]
            lo, hi = output_clamp(fb, model, op, y_scale, y_zp)
            model_in = ref.get_input_details()[0]
            if disc:
                x = np.full((batch, k), x_zp, dtype=np.int8)
            elif tie or large:  # small inputs around the zero point keep the accumulators inside the clamp
                x = np.clip(x_zp + rng.integers(-6, 7, (batch, k)), -128, 127).astype(np.int8)
            elif edge:  # column 0 (weight 1) from x_zp - 2 to x_zp + 2: the wrap's start and both sides
                assert -128 <= x_zp - 2 and x_zp + 2 <= 127
                x = np.clip(x_zp + rng.integers(-6, 7, (batch, k)), -128, 127).astype(np.int8)
                x[:, 0] = x_zp + (np.arange(batch) % 5 - 2)
            else:
                x = rng.integers(-128, 128, (batch, k)).astype(np.int8)
            # A model with uint8 input gets the uint8 code whose QUANTIZE result is x; it is read back from the
            # interpreter's FULLY_CONNECTED input tensor (preserved), so the comparison does not rely on it.
            feed = (x.astype(np.int16) + 128).astype(np.uint8) if uint8_io else x

            for _, resolver, mode in PATHS:
                with quiet():  # "INFO: Created TensorFlow Lite XNNPACK delegate for CPU."
                    it = litert.Interpreter(model_content=buf,
                                            experimental_op_resolver_type=getattr(litert.OpResolverType, resolver),
                                            experimental_preserve_all_tensors=uint8_io and mode != xnn_mode)
                    it.allocate_tensors()
                it.set_tensor(model_in["index"], feed)
                it.invoke()
                fc_in = it.get_tensor(x_i) if uint8_io else x
                fc_out = it.get_tensor(y_i)
                if uint8_io and mode == xnn_mode:
                    # XNNPACK runs the whole graph; its intermediate tensors are not preserved: compare the
                    # model output, re-quantized back to int8 by the model's own output QUANTIZE (zp + 128).
                    fc_in = x
                    fc_out = (it.get_tensor(it.get_output_details()[0]["index"]).astype(np.int16) - 128).astype(np.int8)
                requant = {"mode": mode, "input_scale": exact_float(q[x_i]["scales"][0]),
                           "weight_scale": exact_float(q[w_i]["scales"]) if per_channel else exact_float(q[w_i]["scales"][0]),
                           "output_scale": exact_float(y_scale)}
                write_layer(d, w, requant, fc_in, bias=bias, input_zero_point=x_zp,
                            weight_zero_point=[int(z) for z in w_zp] if per_channel else int(w_zp[0]),
                            output_zero_point=y_zp, output_dtype="int8", output_min=lo, output_max=hi)
                # XNNPACK's output stage beyond int32 depends on the CPU's kernel: the AVX2 and AVX-512 SKX
                # kernels clamp in float (qmac's fp32), the VNNI ones convert first (vcvtps2dq: INT32_MIN) and
                # add the zero point in int32, which wraps to 127 for a negative one (xnnpack_vnni). Counted.
                if mode == xnn_mode:
                    acc_now = (fc_in.astype(np.int64) - x_zp) @ w.astype(np.int64).T + bias
                    scale_now = (np.float32(q[x_i]["scales"][0]) * np.asarray(q[w_i]["scales"], np.float32)) / np.float32(y_scale)
                    scaled_now = acc_now.astype(np.float32) * scale_now
                    xnn_beyond_int32 += int((np.abs(scaled_now.astype(np.float64)) >= 2.0 ** 31).sum())
                    xnn_wraps += int(((scaled_now.astype(np.float64) <= -2.0 ** 31) & (y_zp < 0)).sum())
                for backend in args.backends:
                    got = run_qmac(args.qmac, d, backend)
                    # The large models' scaled accumulators pass int32, where the reference kernel's x86 cast
                    # and int32 zero-point add wrap to the far clamp bound: single_away does the same.
                    beyond_int32_run += large and mode == "litert_reference" and backend != "golden" and got is not None
                    edge_run += edge and mode == "litert_reference" and backend != "golden" and got is not None
                    problem = "refused by qmac" if got is None else mismatch_report(got, fc_out, f"LiteRT {resolver}")
                    if problem:
                        print(f"model {m} ({mode}, k={k} n={n} batch={batch} per_channel={per_channel} "
                              f"activation={activation} uint8_io={uint8_io} tie={tie}), backend {backend}: {problem}")
                        return 1
                if edge and mode == "litert_reference":
                    offset_channels += wrap_offsets(args.qmac, d)
                    start = bias[np.newaxis, :]
                    acc_edge = (fc_in.astype(np.int64) - x_zp) @ w.astype(np.int64).T + bias
                    at, before = acc_edge == start, acc_edge == start - np.sign(start)
                    edge_outputs += int((at | before).sum())
                    # LiteRT itself jumps there (so the model tests the wrap): on the zero point's side (zp >= 0:
                    # above INT32_MAX, to min; zp < 0: below INT32_MIN, to max) the far bound at the start, the
                    # near one an accumulator before it
                    far, near = (lo, hi) if y_zp >= 0 else (hi, lo)
                    if not (at.any() and before.any() and np.all(fc_out[at] == far) and np.all(fc_out[before] == near)):
                        print(f"model {m}: LiteRT's reference output is not {far} on the wrap's first accumulator and "
                              f"{near} on the one before")
                        return 1
                s = stats[mode]
                s["models"] += 1
                s["outputs"] += fc_out.size
                acc = (fc_in.astype(np.int64) - x_zp) @ w.astype(np.int64).T + bias
                mult = (np.float64(q[x_i]["scales"][0]) * np.asarray(q[w_i]["scales"], np.float64) / np.float64(y_scale))
                v = acc * mult
                tie_at = ((v - np.floor(v)) == 0.5) & (v + y_zp > lo) & (v + y_zp < hi)
                s["ties"] += int(tie_at.sum())
                if mode != xnn_mode:
                    for other in OTHER_MODES:
                        requant["mode"] = other
                        write_layer(d, w, requant, fc_in, bias=bias, input_zero_point=x_zp,
                                    weight_zero_point=[int(z) for z in w_zp] if per_channel else int(w_zp[0]),
                                    output_zero_point=y_zp, output_dtype="int8", output_min=lo, output_max=hi)
                        differ = run_qmac(args.qmac, d, "golden") != fc_out
                        s[other] += int(differ.sum())
                        s[other + " at negative ties"] += int((differ & tie_at & (v < 0)).sum())
    print(f"LiteRT (ai-edge-litert) FULLY_CONNECTED, models converted by TensorFlow {tf.__version__}, vs qmac run "
          f"--backend {'|'.join(args.backends)} (each output on every backend): {total} models ({', '.join(f'{v} {k}' for k, v in kinds.items())})")
    for name, _, mode in PATHS:
        s = stats[mode]
        line = (f"  {name:48s} -> {mode:16s} {s['models']} models, {s['outputs']} outputs compared "
                f"({s['ties']} exact real ties), 0 mismatches")
        if mode != xnn_mode:
            line += "; for comparison " + ", ".join(f"{o} would differ on {s[o]} ({s[o + ' at negative ties']} at "
                                                    "exact negative ties)" for o in OTHER_MODES)
        print(line)
    print(f"  {discriminating} channels built where the multiplier's derivation order changes the output; "
          f"in {time.time() - t0:.1f} s")
    hardware = [b for b in args.backends if b != "golden"]
    print(f"  litert_reference on {'/'.join(hardware) or 'no hardware backend'}: {beyond_int32_run} of "
          f"{args.large * len(hardware)} (model, backend) pairs whose scaled accumulators pass int32 run and match, "
          "0 refused")
    print(f"  litert_reference wrap-edge models on {'/'.join(hardware) or 'no hardware backend'}: {edge_run} of "
          f"{args.wrap_edge * len(hardware)} (model, backend) pairs run and match, 0 refused; {edge_outputs} outputs on "
          f"the wrap's first accumulator or the one before; {offset_channels} channels run with a wrap offset")
    print(f"  XNNPACK path: {xnn_mode} ({xnn_why}); {xnn_beyond_int32} of its outputs with scaled accumulators "
          f"beyond int32, {xnn_wraps} of them where the zero point wraps (xnnpack_vnni and fp32 differ there)")
    if args.large and xnn_beyond_int32 == 0:
        print("the large models put no XNNPACK output beyond int32")
        return 1
    if args.large and xnn_wraps == 0:
        print("the large models put no XNNPACK output where the zero point wraps")
        return 1
    if beyond_int32_run != args.large * len(hardware):
        print("not every layer beyond int32 ran on the hardware")
        return 1
    if edge_run != args.wrap_edge * len(hardware):
        print("not every wrap-edge layer ran on the hardware")
        return 1
    if args.wrap_edge and (edge_outputs == 0 or offset_channels == 0):
        print("the wrap-edge models put no output on the wrap's start, or need no wrap offset")
        return 1
    if any(s["models"] < total for s in stats.values()):
        print("fewer models ran than asked")
        return 1
    if discriminating < 12 * args.discriminating:
        print(f"only {discriminating} discriminating channels could be built")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
