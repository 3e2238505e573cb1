#!/usr/bin/python3
"""Conformance vectors for the golden model's `seed` mode, computed by numpy itself.

Runs the seed procedure (shared seed example_01) on random inputs with numpy, exactly as the seed writes
it (numpy scalars, np.round, np.clip, astype), and writes one line per case for
tests/golden/test_numpy_conformance.cpp. Floats are written with float.hex() so nothing is lost in text.

Line kinds:
  Q k x scale q                          quantize: clip(np.round(x * scale), -m, m), m = 2^(k-1) - 1
  S k n act_range out_range bias w.. a.. | res wq.. aq.. bq acc y deq err
                                         the whole seed procedure for bit width k and length n
  A n v..                                an int64 array; the next line is str(array) with newlines as '|'

Usage: gen_seed_vectors.py OUTPUT [--quantize N] [--dots N] [--seed S]
"""
import argparse
import os
import sys
import tempfile

import numpy as np


def seed_procedure(weights, activations, bias, k, act_range, out_range):
    """The seed's arithmetic, generalised from k = 8 only where the seed hard-codes 127 and int8."""
    m = 2 ** (k - 1) - 1
    res = (weights * activations).sum() + bias
    scale_weights = m / np.abs(weights).max()
    scale_activations = m / np.abs([0, act_range]).max()
    scale_bias = scale_weights * scale_activations
    weights_quant = np.round(weights * scale_weights).astype(np.int64)
    bias_quant = np.round(bias * scale_bias).astype(np.int64)
    activations_quant = np.clip(np.round(activations * scale_activations).astype(np.int64), -m, m)
    new_scale = scale_weights * scale_activations
    res_quant = (weights_quant * activations_quant).sum() + bias_quant
    scale_layer2 = m / out_range
    requant_coeff = scale_layer2 / new_scale
    rescaled = requant_coeff * res_quant.astype(np.float32)
    rescaled = np.clip(rescaled, -m, m).astype(np.int64)  # the seed's astype(np.int8): truncation
    dequant = rescaled.astype(np.float32) / scale_layer2
    error = 100 * np.abs(res - dequant) / res
    return res, weights_quant, activations_quant, int(bias_quant), int(res_quant), int(rescaled), dequant, error


def hexf(x):
    return float(x).hex()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("output")
    ap.add_argument("--quantize", type=int, default=100_000)
    ap.add_argument("--dots", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    lines = []

    for i in range(args.quantize):
        k = int(rng.choice([4, 8, 12, 16]))
        m = 2 ** (k - 1) - 1
        if i % 10 == 0:  # exact ties: scale 1, x = n + 0.5
            scale = m / float(m)
            x = float(rng.integers(-m - 3, m + 3)) + 0.5
        else:
            scale = m / float(rng.uniform(0.01, 100.0))
            x = float(rng.uniform(-1.3, 1.3)) * m / scale
        q = int(np.clip(np.round(np.array([x]) * scale), -m, m)[0])
        lines.append(f"Q {k} {hexf(x)} {hexf(scale)} {q}")

    for i in range(args.dots):
        k = int(rng.choice([4, 8, 12, 16]))
        n = int(rng.integers(1, 65)) if i % 10 else int(rng.integers(65, 400))
        if i % 10 == 5:  # short 16-bit dot products: accumulators above 2^24, where float32(acc) rounds
            k, n = 16, int(rng.integers(1, 4))
        weights = rng.uniform(-50, 50, n) * (10.0 ** rng.uniform(-2, 1))
        act_range = float(rng.uniform(0.5, 10.0))
        activations = rng.uniform(-1.2, 1.2, n) * act_range
        bias = np.array(float(rng.uniform(-100, 100)))
        out_range = float(rng.uniform(1.0, 500.0))
        res, wq, aq, bq, acc, y, deq, err = seed_procedure(weights, activations, bias, k, act_range, out_range)
        lines.append(" ".join(
            ["S", str(k), str(n), hexf(act_range), hexf(out_range), hexf(bias)] + [hexf(v) for v in weights] +
            [hexf(v) for v in activations] + ["|", hexf(res)] + [str(v) for v in wq] + [str(v) for v in aq] +
            [str(bq), str(acc), str(y), hexf(deq), hexf(err)]))

    for n in list(range(0, 12)) + [20, 24, 25, 26, 30, 40, 100]:
        values = rng.integers(-(10 ** int(rng.integers(1, 9))), 10 ** int(rng.integers(1, 9)), n)
        lines.append(" ".join(["A", str(n)] + [str(v) for v in values]))
        lines.append(str(values).replace("\n", "|"))

    # Write to a temporary file and rename, so a failed run never leaves a partial vector file behind.
    directory = os.path.dirname(os.path.abspath(args.output))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".vectors-")
    with os.fdopen(fd, "w") as f:
        f.write(f"# numpy {np.__version__}\n")
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, args.output)
    print(f"wrote {args.quantize} quantize cases and {args.dots} seed dot products to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
