"""Runs `qmac run` on a layer folder and compares its output with a framework's, for the conformance
scripts. A float mode that qmac cannot prove exact on an integer backend is refused by qmac (the
documented behaviour): that comes back as None, for the caller to count."""
import json
import subprocess

import numpy as np


def backends_arg(text):
    """--backends golden,hls,rtl -> the list, each a `qmac run --backend` name."""
    names = [b for b in text.split(",") if b]
    if not names or any(b not in ("golden", "hls", "rtl") for b in names):
        raise ValueError(f"--backends takes a comma-separated list of golden, hls, rtl, got '{text}'")
    return names


def run_qmac(qmac, d, backend, allow_inexact=False):
    """Output of `qmac run` on d/layer.json and d/x.npy, or None when qmac refused an inexact float layer."""
    run = subprocess.run([qmac, "run", "--layer", f"{d}/layer.json", "--input", f"{d}/x.npy",
                          "--output", f"{d}/y.npy", "--backend", backend] + (["--allow-inexact"] if allow_inexact else []),
                         stderr=subprocess.PIPE, text=True)
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


def write_layer(d, weights, requant, x, bias=None, input_zero_point=0, weight_zero_point=0,
                output_zero_point=0, output_dtype="int8", output_min=None, output_max=None):
    """Writes d/layer.json, d/w.npy (int8 or uint8 [N, K]), d/b.npy (int32 [N]) and d/x.npy for `qmac run`
    (docs/layer-format.md). weight_zero_point: an int or a list of N ints; requant: the JSON object."""
    np.save(f"{d}/w.npy", np.ascontiguousarray(weights))
    layer = {"weights": "w.npy", "input_zero_point": int(input_zero_point), "requant": requant,
             "output_zero_point": int(output_zero_point), "output_dtype": output_dtype}
    zp = np.asarray(weight_zero_point)
    layer["weight_zero_point"] = [int(v) for v in zp] if zp.ndim else int(zp)
    if bias is not None:
        np.save(f"{d}/b.npy", np.asarray(bias, dtype=np.int32))
        layer["bias"] = "b.npy"
    if output_min is not None:
        layer["output_min"] = int(output_min)
    if output_max is not None:
        layer["output_max"] = int(output_max)
    np.save(f"{d}/x.npy", np.ascontiguousarray(x))
    with open(f"{d}/layer.json", "w") as f:
        json.dump(layer, f)


def exact_float(v):
    """A float32 scale (or list of them) as the float64 value JSON carries exactly (repr round-trips)."""
    a = np.asarray(v, dtype=np.float32).astype(np.float64)
    return [float(s) for s in a] if a.ndim else float(a)
