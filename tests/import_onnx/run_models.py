"""Every ONNX test model (models.NAMES) through `qmac import` and `qmac run --network --trace` on each backend,
every tensor of the network compared with ONNX Runtime's (onnx_runtime_tensors), bit-exact: one process for
all models. Prints per model its ops and the values compared, then the totals per backend; exit 0 only when
every tensor of every model is equal on every backend and no run was refused.

Some models (COMPARED) also go through `qmac compare`, which must report them bit-exact.

Usage: run_models.py --qmac QMAC [--backends golden,hls,rtl] [--models SET] [--seed S] [--keep DIR]
(run with BUILD/venv's python, with importer/ on PYTHONPATH; QMAC_PYTHON names the python `qmac import` runs)"""
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


# the models also run through `qmac compare` (one of each format, the two examples' shapes)
COMPARED = ("qlinearconv_groups_s8", "qdq_mlp_u8_u8w", "qdq_cnn_s8_per_channel")


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
        compared = 0  # the input's values are checked too, but not counted
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
            compared += got.size if tensor != network["inputs"][0] else 0
        final = np.load(y, allow_pickle=False)
        if not np.array_equal(final, np.asarray(expected[network["outputs"][0]])):
            print(f"{name} [{backend}]: --output differs from ONNX Runtime's output")
            ok = False
        if name in COMPARED:
            # qmac compare runs the same two sides itself: it must say bit-exact, and exit 0
            r = subprocess.run([args.qmac, "compare", "--network", os.path.join(out_dir, "network.json"), "--model", model,
                                "--input", x_path, "--backend", backend], capture_output=True, text=True)
            verdict = [line for line in r.stdout.splitlines() if line.startswith("qmac compare:")][-1:]
            if r.returncode != 0 or not verdict or not verdict[0].endswith("bit-exact"):
                print(f"{name} [{backend}]: qmac compare exit {r.returncode}: {verdict[0] if verdict else r.stderr.strip()}")
                ok = False
            else:
                totals["compare", backend] += 1
        totals["values", backend] += compared
        totals["tensors", backend] += len(network["tensors"]) - 1
    print(f"{name}: {sum(ops.values())} ops ({', '.join(f'{n} {op}' for op, n in sorted(ops.items()))}), "
          f"{len(network['tensors']) - 1} tensors after the input, "
          f"{sum(np.asarray(v).size for t, v in expected.items() if t != network['inputs'][0])} values per backend: "
          + ("equal" if ok else "FAILED"))
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--qmac", required=True)
    p.add_argument("--backends", default="golden,hls,rtl", type=lambda s: s.split(","))
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--models", default="requantized", help="requantized (every model but models.INTEGER), "
                   "integer (models.INTEGER), all, or a comma-separated list of names")
    p.add_argument("--keep", metavar="DIR", help="work in DIR and leave the models and traces there")
    args = p.parse_args()
    importer = [args.qmac, "import"]
    names = {"all": models.NAMES, "integer": list(models.INTEGER),
             "requantized": [n for n in models.NAMES if n not in models.INTEGER]}.get(args.models)
    if names is None:
        names = args.models.split(",")
        unknown = [n for n in names if n not in models.NAMES]
        if unknown:
            print(f"qmac: error: run_models.py: unknown model(s) {', '.join(unknown)}", file=sys.stderr)
            return 2
    totals = collections.Counter()
    totals["ops"] = collections.Counter()
    passed = 0
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or scratch
        os.makedirs(tmp, exist_ok=True)
        for name in names:
            seed = [args.seed, models.NAMES.index(name)]
            passed += run_model(name, np.random.default_rng(seed), args, tmp, totals, importer)
    print(f"{len(names)} models, {passed} bit-exact with ONNX Runtime on {', '.join(args.backends)}; "
          f"ops: {', '.join(f'{n} {op}' for op, n in sorted(totals['ops'].items()))}; refusals: {totals['refused']}")
    for b in args.backends:
        print(f"  {b}: {totals['tensors', b]} tensors, {totals['values', b]} values compared, "
              f"{totals['mismatched tensors', b]} tensors differ; qmac compare bit-exact on {totals['compare', b]} models")
    return 0 if passed == len(names) and totals["refused"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
