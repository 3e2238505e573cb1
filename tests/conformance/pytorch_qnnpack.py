#!/usr/bin/python3
"""`qmac run` with mode pytorch_qnnpack against PyTorch itself (Debian python3-torch 1.13, engine qnnpack).

Random quantized Linear layers (quint8 activations with zero points, qint8 weights, float bias, random
scales, shapes and batch sizes) run through torch; the same layer is exported to npy/JSON, with the int32
bias derived as qnnpack derives it, and run through `qmac run`. Every output must be equal.
(The onednn engine is not a reference: without VNNI it saturates pairs of products to int16.)

Usage: pytorch_qnnpack.py QMAC [--layers N] [--backend golden|hls|rtl]
"""
import argparse
import json
import os
import sys
import tempfile

import numpy as np
import torch

from qmac_layer_run import mismatch_report, run_qmac

# pytorch_qnnpack runs on the hardware's float32 rounding with its own multiplier: no layer may be refused.
LAYERS, DISCRIMINATING = 60, 20


def qnnpack_bias(bias, input_scale, weight_scale):
    """nearbyint(b * (1.f / (w * in))) in float32, ties to even: what qnnpack's linear does to the bias."""
    inverse = np.float32(1.0) / (np.float32(weight_scale) * np.float32(input_scale))
    return np.rint(bias.astype(np.float32) * inverse).astype(np.int32)


def discriminating_layer(rng):
    """Scales for which qnnpack's multiplier order, (w * in) * (1.f / out), and XNNPACK's, in * w / out, give
    different float32 multipliers, and an accumulator at which the two round to different outputs; returned as
    (in_scale, w_scale, out_scale, acc). Random layers almost never land there, so build one that does."""
    f32 = np.float32
    while True:
        in_s, w_s, out_s = (float(f32(np.exp2(rng.uniform(lo, hi)))) for lo, hi in ((-7, -2), (-9, -4), (-6, 0)))
        m_qnnpack = (f32(w_s) * f32(in_s)) * (f32(1) / f32(out_s))
        m_xnnpack = f32(in_s) * f32(w_s) / f32(out_s)
        if m_qnnpack == m_xnnpack:
            continue
        acc = np.arange(-30000, 30000, dtype=np.int64)
        a = acc.astype(np.float32)
        y = np.rint(a * m_qnnpack)
        differ = np.nonzero((y != np.rint(a * m_xnnpack)) & (np.abs(y) < 120))[0]  # unclipped with zp 128
        if differ.size:
            return in_s, w_s, out_s, int(acc[differ[rng.integers(0, differ.size)]])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("qmac")
    ap.add_argument("--layers", type=int, default=LAYERS)
    ap.add_argument("--backend", default="golden")
    ap.add_argument("--discriminating", type=int, default=DISCRIMINATING)
    args = ap.parse_args()
    torch.backends.quantized.engine = "qnnpack"
    torch.manual_seed(5)
    rng = np.random.default_rng(5)
    compared = 0
    with tempfile.TemporaryDirectory() as d:
        discriminated = refused = 0
        for layer in range(args.layers + args.discriminating):
            n, k, batch = int(rng.integers(1, 48)), int(rng.integers(1, 200)), int(rng.integers(1, 8))
            in_scale = float(np.exp2(rng.uniform(-7, -2)))
            w_scale = float(np.exp2(rng.uniform(-9, -4)))
            out_scale = float(np.exp2(rng.uniform(-6, 0)))
            in_zp, out_zp = int(rng.integers(0, 256)), int(rng.integers(0, 256))
            x = torch.quantize_per_tensor(torch.randn(batch, k) * 2, in_scale, in_zp, torch.quint8)
            w = torch.quantize_per_tensor(torch.randn(n, k) * 0.2, w_scale, 0, torch.qint8)
            b = torch.randn(n) * 3
            if layer >= args.layers:
                # One input, one weight of 1, x = zero point: the accumulator is the bias, chosen to sit where
                # the two float32 multiplier orders round differently (an output of 0 + zp must not clip).
                in_scale, w_scale, out_scale, acc = discriminating_layer(rng)
                n, k, batch, out_zp = 1, 1, 1, 128
                x = torch.quantize_per_tensor(torch.tensor([[in_zp * 0.0]]), in_scale, in_zp, torch.quint8)
                w = torch.quantize_per_tensor(torch.tensor([[w_scale]]), w_scale, 0, torch.qint8)
                b = torch.tensor([acc * np.float32(w_scale) * np.float32(in_scale)], dtype=torch.float32)
                if int(qnnpack_bias(b.numpy(), in_scale, w_scale)[0]) != acc:
                    continue
                discriminated += 1
            linear = torch.nn.quantized.Linear(k, n)
            linear.set_weight_bias(w, b)
            linear.scale, linear.zero_point = out_scale, out_zp
            y = linear(x).int_repr().numpy()

            np.save(f"{d}/w.npy", w.int_repr().numpy().astype(np.int8))
            np.save(f"{d}/b.npy", qnnpack_bias(b.numpy(), in_scale, w_scale))
            np.save(f"{d}/x.npy", x.int_repr().numpy().astype(np.uint8))
            with open(f"{d}/layer.json", "w") as f:
                json.dump({"weights": "w.npy", "bias": "b.npy", "input_zero_point": in_zp,
                           "requant": {"mode": "pytorch_qnnpack", "input_scale": in_scale,
                                       "weight_scale": w_scale, "output_scale": out_scale},
                           "output_zero_point": out_zp, "output_dtype": "uint8"}, f)
            # A float mode on the integer kernels: qmac proves per channel whether the integer path is exact
            # over every reachable accumulator and refuses otherwise (counted, not a failure); what runs
            # must match torch bit for bit.
            got = run_qmac(args.qmac, d, args.backend)
            if got is None:
                refused += 1
                continue
            problem = mismatch_report(got, y, "torch")
            if problem:
                print(f"layer {layer} (n={n} k={k}): {problem}")
                return 1
            compared += y.size
    print(f"PyTorch {torch.__version__} qnnpack Linear vs qmac run ({args.backend}, pytorch_qnnpack): "
          f"{args.layers} random layers and {discriminated} built where the multiplier order matters, "
          f"{compared} outputs compared, 0 mismatches; {refused} layers refused as not provably exact")
    if refused:
        print(f"{refused} layers refused on {args.backend}: the float32 path runs every layer")
        return 1
    if discriminated < args.discriminating // 2:
        print(f"only {discriminated} of {args.discriminating} discriminating layers could be built")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
