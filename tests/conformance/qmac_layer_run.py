"""Runs `qmac run` on a layer folder and compares its output with a framework's, for the conformance
scripts. A float mode that qmac cannot prove exact on an integer backend is refused by qmac (the
documented behaviour): that comes back as None, for the caller to count."""
import subprocess

import numpy as np


def run_qmac(qmac, d, backend):
    """Output of `qmac run` on d/layer.json and d/x.npy, or None when qmac refused an inexact float layer."""
    run = subprocess.run([qmac, "run", "--layer", f"{d}/layer.json", "--input", f"{d}/x.npy",
                          "--output", f"{d}/y.npy", "--backend", backend], stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        if backend != "golden" and "not exact on the" in run.stderr:
            return None
        raise RuntimeError(f"qmac run --backend {backend} failed:\n{run.stderr}")
    return np.load(f"{d}/y.npy")


def mismatch_report(got, expected, reference):
    """None when got equals expected in dtype, shape and every value; else a one-line description."""
    if got.dtype != expected.dtype or got.shape != expected.shape:
        return f"got {got.dtype} {got.shape}, {reference} gives {expected.dtype} {expected.shape}"
    bad = int((got != expected).sum())
    if bad == 0:
        return None
    i = tuple(np.argwhere(got != expected)[0])
    return f"{bad} mismatches, first at {i}: {reference} {expected[i]}, qmac {got[i]}"
