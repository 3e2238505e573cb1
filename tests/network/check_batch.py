#!/usr/bin/python3
"""check_batch.py QMAC DIR NETWORK BACKEND: a batch of 3 inputs ([3, ...] for the network input's [1, ...])
through `qmac run --network` equals the three inputs run one at a time, output and every traced tensor
(each in its batched shape: [3, ...]); and the same batch through `qmac quantize --network` equals the three
inputs quantized one at a time. The inputs are the network's own input file DIR/x.npy and two random ones."""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

qmac, d, network, backend = sys.argv[1:5]
net = json.load(open(os.path.join(d, network)))
x0 = np.load(os.path.join(d, "x.npy"))
rng = np.random.default_rng(7)
xs = [x0] + [rng.uniform(-6, 6, x0.shape).astype(x0.dtype) for _ in range(2)]
problems = []
with tempfile.TemporaryDirectory() as tmp:
    def run(*args):
        r = subprocess.run([qmac, *args], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"check_batch: qmac {' '.join(args)}: {r.stderr.strip()}")
    batch = os.path.join(tmp, "xb.npy")
    np.save(batch, np.concatenate(xs))
    run("run", "--network", os.path.join(d, network), "--input", batch, "--output", os.path.join(tmp, "yb.npy"),
        "--backend", backend, "--trace", os.path.join(tmp, "tb"))
    run("quantize", "--network", os.path.join(d, network), "--input", batch, "--output", os.path.join(tmp, "qb.npy"))
    for i, x in enumerate(xs):
        np.save(os.path.join(tmp, f"x{i}.npy"), x)
        run("run", "--network", os.path.join(d, network), "--input", os.path.join(tmp, f"x{i}.npy"),
            "--output", os.path.join(tmp, f"y{i}.npy"), "--backend", backend, "--trace", os.path.join(tmp, f"t{i}"))
        run("quantize", "--network", os.path.join(d, network), "--input", os.path.join(tmp, f"x{i}.npy"),
            "--output", os.path.join(tmp, f"q{i}.npy"))
    def stacked(name):
        parts = [np.load(name(i)) for i in range(len(xs))]
        return np.concatenate(parts) if parts[0].shape[:1] == (1,) else np.stack(parts)
    pairs = [("output", np.load(os.path.join(tmp, "yb.npy")), stacked(lambda i: os.path.join(tmp, f"y{i}.npy"))),
             ("quantize --network", np.load(os.path.join(tmp, "qb.npy")), stacked(lambda i: os.path.join(tmp, f"q{i}.npy")))]
    for f in sorted(os.listdir(os.path.join(tmp, "t0"))):
        pairs.append((f, np.load(os.path.join(tmp, "tb", f)), stacked(lambda i: os.path.join(tmp, f"t{i}", f))))
    for what, got, want in pairs:
        if got.dtype != want.dtype or got.shape != want.shape or not np.array_equal(got, want):
            problems.append(f"{what}: batch {got.dtype} {got.shape}, one at a time {want.dtype} {want.shape}"
                            + ("" if got.shape != want.shape else f", {int(np.sum(got != want))} differ"))
    if len(pairs) < 3:
        problems.append("no traced tensors compared")
print(f"check_batch: {network} on {backend}: {len(pairs)} arrays compared, {len(problems)} differ")
for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
