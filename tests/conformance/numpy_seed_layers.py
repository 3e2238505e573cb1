#!/usr/bin/python3
"""`qmac run` with mode seed against the seed procedure in numpy, on random fully connected layers.

Each layer: float weights, activations and bias quantized as the seed does (symmetric, s = 127 / a,
np.round), accumulated in integers, requantized with the float64 coefficient s_out / (s_w * s_a) applied to
float32(acc), clipped to [-127, 127] and truncated (astype(int8)). numpy 1.x would compute
`float64 scalar * float32 array` in float32; the seed multiplies scalars (float64), so this script casts the
float32 accumulators to float64 explicitly, which is what `seed` mode specifies.

Usage: numpy_seed_layers.py QMAC [--layers N] [--backend golden|hls|rtl]
"""
import argparse
import json
import sys
import tempfile

import numpy as np

from qmac_layer_run import mismatch_report, run_qmac


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("qmac")
    ap.add_argument("--layers", type=int, default=60)
    ap.add_argument("--backend", default="golden")
    args = ap.parse_args()
    rng = np.random.default_rng(9)
    compared = 0
    with tempfile.TemporaryDirectory() as d:
        for layer in range(args.layers):
            n, k, batch = int(rng.integers(1, 40)), int(rng.integers(1, 150)), int(rng.integers(1, 8))
            weights = rng.normal(0, 1, (n, k)) * 10 ** rng.uniform(-2, 1)
            bias = rng.normal(0, 5, n)
            act_range, out_range = float(rng.uniform(0.5, 8)), float(rng.uniform(5, 400))
            activations = rng.uniform(-1.2, 1.2, (batch, k)) * act_range

            scale_weights = 127 / np.abs(weights).max()
            scale_activations = 127 / np.abs([0, act_range]).max()
            weights_quant = np.round(weights * scale_weights).astype(np.int32)
            bias_quant = np.round(bias * (scale_weights * scale_activations)).astype(np.int32)
            activations_quant = np.clip(np.round(activations * scale_activations), -127, 127).astype(np.int32)
            acc = activations_quant.astype(np.int64) @ weights_quant.T.astype(np.int64) + bias_quant
            requant_coeff = (127 / out_range) / (scale_weights * scale_activations)
            rescaled = requant_coeff * acc.astype(np.float32).astype(np.float64)
            y = np.clip(rescaled, -127, 127).astype(np.int8)

            np.save(f"{d}/w.npy", weights_quant.astype(np.int8))
            np.save(f"{d}/b.npy", bias_quant)
            np.save(f"{d}/x.npy", activations_quant.astype(np.int8))
            with open(f"{d}/layer.json", "w") as f:
                json.dump({"weights": "w.npy", "bias": "b.npy",
                           "requant": {"mode": "seed", "scale": float(requant_coeff)},
                           "output_min": -127, "output_max": 127}, f)
            got = run_qmac(args.qmac, d, args.backend)
            problem = "refused as inexact (seed layers must map exactly)" if got is None else \
                mismatch_report(got, y, "numpy")
            if problem:
                print(f"layer {layer}: {problem}")
                return 1
            compared += y.size
    print(f"numpy seed procedure vs qmac run ({args.backend}, seed): {args.layers} layers, {compared} outputs "
          f"compared, 0 mismatches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
