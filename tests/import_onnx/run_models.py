"""Every ONNX test model (models.NAMES) through `qmac import` and `qmac run --network --trace` on each backend,
every tensor of the network compared with ONNX Runtime's (onnx_runtime_tensors), bit-exact: one process for
all models. Prints per model its ops and the values compared, then the totals per backend; exit 0 only when
every tensor of every model is equal on every backend and no run was refused.

Usage: run_models.py --qmac QMAC [--backends golden,hls,rtl] [--seed S] [--keep DIR]
(run with BUILD/venv's python, with importer/ on PYTHONPATH)"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

import models
from qmac_import import onnx_runtime_tensors


def first_mismatch(expected, got):
    where = np.argwhere(expected != got)[0]
    i = tuple(int(v) for v in where)
    return f"first at {list(i)}: ONNX Runtime {expected[i]}, qmac {got[i]}"


def run_model(name, rng, args, tmp, totals, importer):
    data, x = models.build(name, rng, tmp)
    model = os.path.join(tmp, f"{name}.onnx")
    with open(model, "wb") as f:
        f.write(data)
    x_path = os.path.join(tmp, f"{name}_x.npy")
    np.save(x_path, x)
    out_dir = os.path.join(tmp, f"{name}_net")
    r = subprocess.run(importer + [model, "--output", out_dir], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"{name}: import refused: {r.stderr.strip()}")
        totals["refused"] += 1
        return False
    with open(os.path.join(out_dir, "network.json")) as f:
        network = json.load(f)
    ops = collections.Counter(op["op"] for op in network["ops"])
    for op, n in ops.items():
        totals["ops"][op] += n
    expected = onnx_runtime_tensors.tensors(network, model, x)
    ok = True
    for backend in args.backends:
        trace = os.path.join(tmp, f"{name}_{backend}_trace")
        y = os.path.join(tmp, f"{name}_{backend}_y.npy")
        r = subprocess.run([args.qmac, "run", "--network", os.path.join(out_dir, "network.json"), "--input", x_path,
                            "--output", y, "--backend", backend, "--trace", trace], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"{name} [{backend}]: qmac run refused: {r.stderr.strip()}")
            totals["refused"] += 1
            ok = False
            continue
        compared = 0
        for tensor, entry in network["tensors"].items():
            got = np.load(os.path.join(trace, entry["trace"]), allow_pickle=False)
            want = np.asarray(expected[tensor])
            if got.dtype != want.dtype or got.shape != want.shape:
                print(f"{name} [{backend}] {tensor}: qmac {got.dtype}{list(got.shape)}, ONNX Runtime {want.dtype}{list(want.shape)}")
                totals["mismatched tensors", backend] += 1
                ok = False
            elif not np.array_equal(got, want):
                print(f"{name} [{backend}] {tensor}: {int((got != want).sum())} of {got.size} differ, {first_mismatch(want, got)}")
                totals["mismatched tensors", backend] += 1
                ok = False
            compared += got.size
        final = np.load(y, allow_pickle=False)
        if not np.array_equal(final, np.asarray(expected[network["outputs"][0]])):
            print(f"{name} [{backend}]: --output differs from the traced output tensor")
            ok = False
        totals["values", backend] += compared
        totals["tensors", backend] += len(network["tensors"])
    print(f"{name}: {sum(ops.values())} ops ({', '.join(f'{n} {op}' for op, n in sorted(ops.items()))}), "
          f"{len(network['tensors'])} tensors, {sum(np.asarray(v).size for v in expected.values())} values per backend: "
          + ("equal" if ok else "FAILED"))
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--qmac", required=True)
    p.add_argument("--backends", default="golden,hls,rtl", type=lambda s: s.split(","))
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--import-command", default=None,
                   help="the import command (default: QMAC import)")
    p.add_argument("--keep", metavar="DIR", help="work in DIR and leave the models and traces there")
    args = p.parse_args()
    importer = args.import_command.split() if args.import_command else [args.qmac, "import"]
    totals = collections.Counter()
    totals["ops"] = collections.Counter()
    passed = 0
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or scratch
        os.makedirs(tmp, exist_ok=True)
        for i, name in enumerate(models.NAMES):
            passed += run_model(name, np.random.default_rng([args.seed, i]), args, tmp, totals, importer)
    print(f"{len(models.NAMES)} models, {passed} bit-exact with ONNX Runtime on {', '.join(args.backends)}; "
          f"ops: {', '.join(f'{n} {op}' for op, n in sorted(totals['ops'].items()))}; refusals: {totals['refused']}")
    for b in args.backends:
        print(f"  {b}: {totals['tensors', b]} tensors, {totals['values', b]} values compared, "
              f"{totals['mismatched tensors', b]} tensors differ")
    return 0 if passed == len(models.NAMES) and totals["refused"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
