"""`qmac run --backend golden` (mode fp32) against ONNX Runtime's CPU kernels, run from the pinned wheel.

Random layers, a fixed seed: QLinearMatMul, QGemm (com.microsoft, with alpha) and a 1x1 QLinearConv used as
a matrix layer; int8 and uint8 activations, int8 and uint8 weights (every pairing with a kernel), per-tensor and per-column (per output
channel) weight scales and weight zero points, int32 biases. A third of the layers are built to land on
ties: power-of-two scales and small inputs, so that float32(acc) * multiplier is often exactly j + 1/2.
Each layer runs through ONNX Runtime and through `qmac run` (docs/layer-format.md); every output must be
equal. Some 1x1 layers are built where the order of the multiplier's float32 operations changes the
output (random layers almost never show it). The counts are printed; the script fails on any mismatch or when fewer layers ran than asked.

Usage: onnxruntime_layers.py QMAC [--layers N]   (run with BUILD/venv's python, scripts/venv)
"""
import argparse
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

from qmac_layer_run import backends_arg, exact_float, mismatch_report, run_qmac, write_layer

LAYERS, DISCRIMINATING = 150, 30
OPS = ("QLinearMatMul", "QGemm", "QLinearConv")
# (activation, weight) types every op is run with: all that ONNX Runtime 1.32's CPU provider has kernels for
# (int8 activations with uint8 weights it has none, and the output type must be the activations').
TYPE_PAIRS = ((np.uint8, np.int8), (np.int8, np.int8), (np.uint8, np.uint8))
ONNX_TYPE = {np.uint8: TensorProto.UINT8, np.int8: TensorProto.INT8}
NAME = {np.uint8: "uint8", np.int8: "int8"}


def type_range(t):
    info = np.iinfo(t)
    return int(info.min), int(info.max)


def random_layer(rng, tie):
    """One layer's shapes, types, scales, zero points, weights, bias and input."""
    op = OPS[int(rng.integers(0, len(OPS)))]
    a_t, b_t = TYPE_PAIRS[int(rng.integers(0, len(TYPE_PAIRS)))]
    y_t = a_t
    per_column = bool(rng.integers(0, 2))
    n, k, batch = int(rng.integers(1, 33)), int(rng.integers(1, 65)), int(rng.integers(1, 17))
    nc = n if per_column else 1
    a_lo, a_hi = type_range(a_t)
    b_lo, b_hi = type_range(b_t)
    if (a_t, b_t) == (np.uint8, np.int8):
        # ONNX Runtime's u8s8 kernels on x86 without VNNI (this machine: AVX2) multiply with vpmaddubsw, which
        # saturates each pair of raw-code products to int16: 255 * 127 * 2 does not fit. Its quantizer's
        # reduce_range (7-bit weights) is the documented way out; with weights in [-64, 63] no pair saturates.
        b_lo, b_hi = -64, 63
    y_lo, y_hi = type_range(y_t)
    if tie:
        # Power-of-two scales (times 1, 3 or 5 for the activations): the multiplier has at most 3 significant
        # bits, float32(acc) * multiplier is exact and every accumulator that is an odd multiple of half its
        # step is a tie. Small inputs around the zero point keep the outputs inside the clamp.
        # The multiplier is odd * 2^-e with e in [2, 4]: a quarter to a sixteenth of the accumulators tie.
        a_exp, b_exp = int(rng.integers(4, 8)), rng.integers(4, 7, nc)
        a_scale = np.float32(float(rng.choice([1, 3])) * 2.0 ** -a_exp)
        b_scale = (2.0 ** -b_exp).astype(np.float32)
        y_scale = np.float32(2.0 ** -(a_exp + int(b_exp.min()) - 2))
        spread = 2
        k = min(k, 16)
    else:
        a_scale = np.float32(2.0 ** rng.uniform(-8, -2))
        b_scale = (2.0 ** rng.uniform(-9, -4, nc)).astype(np.float32)
        y_scale = np.float32(2.0 ** rng.uniform(-6, 0))
        spread = None
    a_zp = int(rng.integers(a_lo, a_hi + 1)) if rng.integers(0, 4) else 0
    b_zp = rng.integers(b_lo // 2, b_hi // 2 + 1, nc) if rng.integers(0, 4) else np.zeros(nc, dtype=np.int64)
    if b_t == np.uint8:
        b_zp = rng.integers(96, 160, nc)  # uint8 weights are centred on their zero point
    y_zp = int(rng.integers(y_lo, y_hi + 1))
    w = rng.integers(b_lo, b_hi + 1, (n, k))  # [N, K], one row per output channel
    if spread is not None:
        w = np.clip(b_zp.reshape(-1, 1) + rng.integers(-3, 4, (n, k)), b_lo, b_hi)
        x = np.clip(a_zp + rng.integers(-spread, spread + 1, (batch, k)), a_lo, a_hi)
    else:
        x = rng.integers(a_lo, a_hi + 1, (batch, k))
    bias = rng.integers(-20000, 20000, n) if op != "QLinearMatMul" else np.zeros(n, dtype=np.int64)
    if spread is not None and op != "QLinearMatMul":
        bias = rng.integers(-16, 17, n)
    alpha = np.float32(1.0)
    if op == "QGemm" and rng.integers(0, 2):
        alpha = np.float32(rng.choice([0.5, 2.0, 0.75, rng.uniform(0.3, 3.0)]))
    return dict(op=op, a_t=a_t, b_t=b_t, y_t=y_t, n=n, k=k, batch=batch, per_column=per_column,
                a_scale=a_scale, b_scale=b_scale, y_scale=y_scale, a_zp=a_zp, b_zp=b_zp.astype(np.int64),
                y_zp=y_zp, w=w.astype(b_t), x=x.astype(a_t), bias=bias.astype(np.int32), alpha=alpha)


def discriminating_layer(rng):
    """A 1x1 layer (QGemm or QLinearConv, so that the bias sets the accumulator: x is the zero point) whose
    scales make ONNX Runtime's float32 multiplier ((alpha * a) * b) / y differ from another plausible order
    (a * (b / y), alpha * ((a * b) / y), float32 of the float64 quotient), with the accumulator at which the
    outputs differ. Random layers almost never tell the orders apart; these do, one order each."""
    f32 = np.float32
    while True:
        L = random_layer(rng, tie=False)
        if L["op"] == "QLinearMatMul":
            continue
        a, b, y, al = L["a_scale"], L["b_scale"][:1], L["y_scale"], L["alpha"]
        m = (f32(al * a) * b) / y
        others = (f32(al) * (f32(a) * (b / y)), f32(al) * ((a * b) / y), (np.float64(al) * a * b / y).astype(f32))
        acc = np.arange(-20000, 20001, dtype=np.int64)
        v = np.rint(acc.astype(f32) * m)
        differ = np.zeros(acc.size, dtype=bool)
        for o in others:
            differ |= v != np.rint(acc.astype(f32) * o)
        differ &= np.abs(v) < 100
        if not differ.any():
            continue
        lo, hi = type_range(L["a_t"])
        b_lo, b_hi = type_range(L["b_t"])
        b_zp = int(rng.integers(b_lo, b_hi))
        L.update(n=1, k=1, batch=1, per_column=False, b_scale=b, b_zp=np.array([b_zp]),
                 w=np.array([[b_zp + 1]]).astype(L["b_t"]), x=np.array([[L["a_zp"]]]).astype(L["a_t"]),
                 y_zp=(lo + hi + 1) // 2, bias=np.array([acc[differ][rng.integers(0, differ.sum())]], dtype=np.int32))
        return L


def onnx_model(L):
    """The layer as a one-node ONNX model with its constants as initializers; input 'x', output 'y'."""
    n, k = L["n"], L["k"]
    scalar_or = (lambda v, t: helper.make_tensor("", t, [len(v)] if L["per_column"] else [],
                                                 list(v) if L["per_column"] else [v[0]]))
    init = []

    def const(name, tensor):
        tensor.name = name
        init.append(tensor)
        return name

    a_s = const("a_scale", helper.make_tensor("", TensorProto.FLOAT, [], [float(L["a_scale"])]))
    a_z = const("a_zp", helper.make_tensor("", ONNX_TYPE[L["a_t"]], [], [L["a_zp"]]))
    b_s = const("b_scale", scalar_or([float(s) for s in L["b_scale"]], TensorProto.FLOAT))
    b_z = const("b_zp", scalar_or([int(z) for z in L["b_zp"]], ONNX_TYPE[L["b_t"]]))
    y_s = const("y_scale", helper.make_tensor("", TensorProto.FLOAT, [], [float(L["y_scale"])]))
    y_z = const("y_zp", helper.make_tensor("", ONNX_TYPE[L["y_t"]], [], [L["y_zp"]]))
    b_t = ONNX_TYPE[L["b_t"]]
    if L["op"] == "QLinearMatMul":
        wt = const("w", helper.make_tensor("", b_t, [k, n], L["w"].T.flatten().tolist()))  # B is [K, N]
        node = helper.make_node("QLinearMatMul", ["x", a_s, a_z, wt, b_s, b_z, y_s, y_z], ["y"])
        x_shape, y_shape, domain = [L["batch"], k], [L["batch"], n], []
    elif L["op"] == "QGemm":
        wt = const("w", helper.make_tensor("", b_t, [n, k], L["w"].flatten().tolist()))  # transB = 1
        c = const("c", helper.make_tensor("", TensorProto.INT32, [n], L["bias"].tolist()))
        node = helper.make_node("QGemm", ["x", a_s, a_z, wt, b_s, b_z, c, y_s, y_z], ["y"], domain="com.microsoft",
                                transB=1, alpha=float(L["alpha"]))
        x_shape, y_shape, domain = [L["batch"], k], [L["batch"], n], [helper.make_opsetid("com.microsoft", 1)]
    else:
        wt = const("w", helper.make_tensor("", b_t, [n, k, 1, 1], L["w"].flatten().tolist()))
        c = const("c", helper.make_tensor("", TensorProto.INT32, [n], L["bias"].tolist()))
        node = helper.make_node("QLinearConv", ["x", a_s, a_z, wt, b_s, b_z, y_s, y_z, c], ["y"])
        x_shape, y_shape, domain = [L["batch"], k, 1, 1], [L["batch"], n, 1, 1], []
    graph = helper.make_graph([node], "layer", [helper.make_tensor_value_info("x", ONNX_TYPE[L["a_t"]], x_shape)],
                              [helper.make_tensor_value_info("y", ONNX_TYPE[L["y_t"]], y_shape)], init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)] + domain)
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString(), x_shape


def ties_of(L):
    """How many outputs are float32 ties, unclipped: fraction of float32(acc) * multiplier exactly 1/2."""
    acc = (L["x"].astype(np.int64) - L["a_zp"]) @ (L["w"].astype(np.int64) - L["b_zp"].reshape(-1, 1)).T + L["bias"]
    m = (np.float32(L["alpha"] * L["a_scale"]) * L["b_scale"]) / L["y_scale"]  # float32, as ONNX Runtime
    v = acc.astype(np.float32) * m.astype(np.float32)
    y_lo, y_hi = type_range(L["y_t"])
    inside = (v + L["y_zp"] > y_lo) & (v + L["y_zp"] < y_hi)
    return int(((v - np.floor(v)) == np.float32(0.5))[inside].sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("qmac")
    ap.add_argument("--layers", type=int, default=LAYERS)
    ap.add_argument("--discriminating", type=int, default=DISCRIMINATING)
    ap.add_argument("--backends", type=backends_arg, default=["golden"],
                    help="comma-separated qmac backends to compare with ONNX Runtime (default golden)")
    args = ap.parse_args()
    t0 = time.time()
    rng = np.random.default_rng(10)
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    opts.intra_op_num_threads = 1
    counts = {}  # (op, a, w, per-column) -> [layers, outputs, ties]
    layers = 0
    with tempfile.TemporaryDirectory() as d:
        for i in range(args.layers + args.discriminating):
            L = random_layer(rng, tie=(i % 3 == 0)) if i < args.layers else discriminating_layer(rng)
            model, x_shape = onnx_model(L)
            sess = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
            y = sess.run(None, {"x": L["x"].reshape(x_shape)})[0].reshape(L["batch"], L["n"])
            # QGemm's multiplier is ((alpha * a_scale) * b_scale) / y_scale in float32: alpha * a_scale,
            # rounded to float32, is the layer's input scale, and fp32_scale does the rest in that order.
            requant = {"mode": "fp32", "input_scale": exact_float(np.float32(L["alpha"] * L["a_scale"])),
                       "weight_scale": exact_float(L["b_scale"]) if L["per_column"] else exact_float(L["b_scale"][0]),
                       "output_scale": exact_float(L["y_scale"])}
            zp = [int(z) for z in L["b_zp"]] if L["per_column"] else int(L["b_zp"][0])
            write_layer(d, L["w"], requant, L["x"], bias=L["bias"], input_zero_point=L["a_zp"], weight_zero_point=zp,
                        output_zero_point=L["y_zp"], output_dtype=NAME[L["y_t"]])
            for backend in args.backends:
                got = run_qmac(args.qmac, d, backend)
                problem = "refused by qmac" if got is None else mismatch_report(got, y, "onnxruntime")
                if problem:
                    print(f"layer {i} ({L['op']}, {NAME[L['a_t']]} x {NAME[L['b_t']]} -> {NAME[L['y_t']]}, "
                          f"n={L['n']} k={L['k']} per_column={L['per_column']} alpha={L['alpha']}), "
                          f"backend {backend}: {problem}")
                    return 1
            key = (L["op"], NAME[L["a_t"]], NAME[L["b_t"]], "per-column" if L["per_column"] else "per-tensor")
            if i >= args.layers:
                key = ("built where the multiplier's float32 order matters",)
            c = counts.setdefault(key, [0, 0, 0])
            c[0] += 1
            c[1] += y.size
            c[2] += ties_of(L)
            layers += 1
    print(f"ONNX Runtime {ort.__version__} (CPU) vs qmac run --backend {'|'.join(args.backends)} (fp32), "
          f"each output compared on every backend:")
    for key in sorted(counts):
        print(f"  {' '.join(key):40s} {counts[key][0]:4d} layers {counts[key][1]:6d} outputs "
              f"{counts[key][2]:5d} ties, 0 mismatches")
    total = [sum(c[j] for c in counts.values()) for j in range(3)]
    print(f"  total: {total[0]} layers, {total[1]} outputs compared ({total[2]} exact float32 ties), 0 mismatches "
          f"in {time.time() - t0:.1f} s")
    missing = [(op, NAME[a], NAME[b]) for op in OPS for a, b in TYPE_PAIRS
               if not any(k[:3] == (op, NAME[a], NAME[b]) for k in counts)]
    if layers < args.layers + args.discriminating or (args.layers >= LAYERS and missing):
        print(f"only {layers} of {args.layers + args.discriminating} layers ran; combinations never drawn: {missing}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
