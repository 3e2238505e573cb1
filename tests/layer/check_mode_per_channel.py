#!/usr/bin/python3
"""A layer whose requant.mode is an array (one mode per output channel) must give, in channel c, exactly
what the same layer with the single mode mode[c] gives in channel c: through `qmac run --layer` on every
backend named, in both the scale form and the framework-scales form (where each channel's multiplier is
derived by its own mode). The test also requires the per-channel layer to differ from every single-mode
layer, so that it fails if the modes of the array were ignored or applied to the wrong channels.
`qmac params` on the per-channel layer must name each channel's own mode.
Usage: check_mode_per_channel.py QMAC WORKDIR BACKEND... Exit 0 only when every output is equal."""
import json
import os
import re
import subprocess
import sys

import numpy as np

N, K, BATCH = 8, 16, 2000
# Every mode once, tflite twice: the hardware runs a different rounding per channel.
SCALE_MODES = ["litert_ruy", "tflite", "seed", "fp32", "tflite_single", "pytorch_qnnpack", "litert_reference",
               "tflite"]
# LiteRT's builtin depthwise (blocks of 8 litert_ruy, the tail tflite) and others, from framework scales;
# seed is left out, its scales are the seed's own multiplying ones. These modes differ only at ties (and
# in how the multiplier is derived): the scales below make real multipliers of 2^-7 and 2^-6, so that many
# accumulators are ties.
FRAMEWORK_MODES = ["litert_ruy", "litert_ruy", "tflite", "tflite", "fp32", "tflite_single", "litert_reference",
                   "pytorch_qnnpack"]


def run_layer(qmac, d, name, requant, backend):
    layer = {"weights": "w.npy", "bias": "b.npy", "input_zero_point": -3, "weight_zero_point": 2,
             "requant": requant, "output_zero_point": 5}
    with open(os.path.join(d, name + ".json"), "w") as f:
        json.dump(layer, f)
    out = os.path.join(d, f"{name}-{backend}.npy")
    r = subprocess.run([qmac, "run", "--layer", os.path.join(d, name + ".json"), "--input", os.path.join(d, "x.npy"),
                        "--output", out, "--backend", backend], stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise AssertionError(f"{name} on {backend}: exit status {r.returncode}: {r.stderr.strip()}")
    return np.load(out)


def check_form(qmac, d, form, modes, requant, backends):
    compared = 0
    for backend in backends:
        mixed = run_layer(qmac, d, f"{form}_per_channel", dict(requant, mode=modes), backend)
        single = {m: run_layer(qmac, d, f"{form}_{m}", dict(requant, mode=m), backend) for m in set(modes)}
        for c, m in enumerate(modes):
            bad = mixed[:, c] != single[m][:, c]
            if bad.any():
                row = int(np.argmax(bad))
                raise AssertionError(f"{form} form, {backend}: channel {c} ({m}) differs from the {m} layer at row "
                                     f"{row}: {mixed[row, c]} vs {single[m][row, c]}")
            compared += mixed.shape[0]
        for m, y in single.items():
            if np.array_equal(y, mixed):
                raise AssertionError(f"{form} form, {backend}: the per-channel layer equals the single {m} layer: "
                                     "the test cannot tell whether the modes were applied")
    return compared


def check_params(qmac, d, modes):
    """`qmac params` names each channel's own mode: the mode's arithmetic itself on the hardware, or (seed,
    litert_reference) a fixed-point stand-in checked on every reachable accumulator (litert_reference: with its
    x86 int32 wrap)."""
    r = subprocess.run([qmac, "params", "--layer", os.path.join(d, "scale_per_channel.json")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    rows = [line for line in r.stdout.splitlines() if line.split() and line.split()[0].isdigit()]
    if r.returncode != 0 or len(rows) != len(modes):
        raise AssertionError(f"qmac params: exit {r.returncode}, {len(rows)} channel rows:\n{r.stdout}{r.stderr}")
    for c, m in enumerate(modes):
        want = {"seed": "checked on every reachable accumulator",
                "litert_reference": "checked on every reachable accumulator, the x86 int32 wrap included"}.get(
                    m, f"the {m} arithmetic itself")
        # litert_reference's row may end in " (wrap offset N)", the channel's wrap offset (docs/numerics.md).
        if not re.search(re.escape(want) + r"( \(wrap offset [0-9]+\))?$", rows[c]):
            raise AssertionError(f"qmac params: channel {c} ({m}) says: {rows[c]}")


def main():
    qmac, d, backends = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(d, exist_ok=True)
    rng = np.random.default_rng(11)
    # Small weights: accumulators within about +-2^14, outputs mostly inside int8 at these multipliers.
    np.save(os.path.join(d, "w.npy"), rng.integers(-8, 8, (N, K)).astype(np.int8))
    np.save(os.path.join(d, "b.npy"), rng.integers(-3000, 3000, N).astype(np.int32))
    np.save(os.path.join(d, "x.npy"), rng.integers(-128, 128, (BATCH, K)).astype(np.int8))
    scales = [float(s) for s in rng.uniform(2e-3, 1.2e-2, N)]
    try:
        compared = check_form(qmac, d, "scale", SCALE_MODES, {"scale": scales}, backends)
        compared += check_form(qmac, d, "framework", FRAMEWORK_MODES,
                               {"input_scale": 0.5, "weight_scale": [2.0**-6, 2.0**-5] * (N // 2), "output_scale": 1.0},
                               backends)
        check_params(qmac, d, SCALE_MODES)
    except AssertionError as e:
        print(f"FAIL: {e}")
        return 1
    print(f"per-channel modes vs single-mode layers on {', '.join(backends)}: {compared} outputs equal, the "
          "per-channel layer unlike every single-mode one")
    return 0


if __name__ == "__main__":
    sys.exit(main())
