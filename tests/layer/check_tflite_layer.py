#!/usr/bin/python3
"""Runs `qmac run` on the generated tflite layer and compares with a TFLite fully connected written
independently here in numpy int64 arithmetic (QuantizeMultiplier, SRDHM, RoundingDivideByPOT as TFLite
defines them). Usage: check_tflite_layer.py QMAC CASES_DIR. Exit 0 only when every output matches."""
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np


def quantize_multiplier(real):
    q, e = math.frexp(real)
    m = int(math.floor(abs(q) * 2**31 + 0.5)) * (1 if q >= 0 else -1)  # TfLiteRound: half away from zero
    if m == 2**31:
        m //= 2
        e += 1
    if e < -31:
        return 0, 0
    return m, e


def srdhm(a, b):
    ab = a.astype(np.int64) * np.int64(b)
    nudge = np.where(ab >= 0, 1 << 30, 1 - (1 << 30))
    x = ab + nudge
    return (np.sign(x) * (np.abs(x) // (1 << 31))).astype(np.int64)  # C division truncates toward zero


def rdbpot(x, e):
    mask = (1 << e) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (x < 0)
    return (x >> e) + (remainder > threshold)


def main():
    qmac, d = sys.argv[1], sys.argv[2]
    layer = json.load(open(os.path.join(d, "layer.json")))
    w = np.load(os.path.join(d, "w.npy")).astype(np.int64)
    b = np.load(os.path.join(d, "b.npy")).astype(np.int64)
    compared = 0
    for xname, out_dtype, lo, hi in (("x.npy", np.int8, -128, 127), ("x_u8.npy", np.uint8, 0, 255)):
        x = np.load(os.path.join(d, xname)).astype(np.int64)
        zx = layer.get("input_zero_point", 0)
        acc = (x - zx) @ w.T + b
        q = layer["requant"]
        y = np.empty_like(acc)
        for c in range(w.shape[0]):
            real = float(q["input_scale"]) * float(q["weight_scale"][c]) / float(q["output_scale"])
            m, s = quantize_multiplier(real)
            left, right = max(s, 0), max(-s, 0)
            v = rdbpot(srdhm(acc[:, c] << left, m), right)
            y[:, c] = np.clip(v + layer.get("output_zero_point", 0), lo, hi)
        with tempfile.TemporaryDirectory() as t:
            yp, ap = os.path.join(t, "y.npy"), os.path.join(t, "acc.npy")
            subprocess.run([qmac, "run", "--layer", os.path.join(d, "layer.json"), "--input", os.path.join(d, xname),
                            "--output", yp, "--accumulators", ap], check=True)
            got_y, got_acc = np.load(yp), np.load(ap)
        if got_y.dtype != out_dtype or got_acc.dtype != np.int32 or got_y.shape != y.shape:
            print(f"{xname}: dtype/shape mismatch: {got_y.dtype} {got_y.shape}, acc {got_acc.dtype}")
            return 1
        bad = int((got_y.astype(np.int64) != y).sum() + (got_acc.astype(np.int64) != acc).sum())
        compared += y.size
        if bad:
            print(f"{xname}: {bad} mismatches\nexpected\n{y}\ngot\n{got_y}")
            return 1
    print(f"qmac run vs numpy TFLite fully connected: {compared} outputs compared, 0 mismatches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
