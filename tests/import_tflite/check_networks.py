"""`qmac import` + `qmac run --network` on golden, hls and rtl against LiteRT on each of its three paths,
every tensor bit-exact (label import / conformance).

For each model of MODELDIR (make_models.py) and each --match path as it runs on this CPU (the XNNPACK one is
litert-xnnpack-vnni on a CPU with VNNI, runtime_tensors.litert_host_matches): `qmac import` writes the network; LiteRT
runs the model on that path with every network tensor visible (qmac_import.runtime_tensors, in this
process: one interpreter start per model and path); then
  1. each MAC layer file alone, on LiteRT's own input tensor, through `qmac run --layer` (layer_check.py),
  2. the whole network through `qmac run --network --trace` on every backend, each traced tensor compared
     with LiteRT's,
  3. `qmac compare` on the first model of each path (golden and the last backend): exit 0, "bit-exact".
Any difference or refusal fails the test, naming the model, path, backend, op and first mismatch.

Usage: check_networks.py QMAC MODELDIR WORKDIR [--backends golden,hls,rtl]   (BUILD/venv's python)"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "importer"))
from qmac_import import runtime_tensors  # noqa: E402

import layer_check  # noqa: E402
import models  # noqa: E402

CODES = {"int8": (-128, 127), "uint8": (0, 255)}


def model_input(network, rng, ties):
    t = network["tensors"][network["inputs"][0]]
    if t["dtype"] == "float32":
        # Half the values exact ties of the first QUANTIZE's x / scale (k + 1/2 in float32), where the
        # runtimes' float32 quantizations round apart; the rest random.
        q = network["tensors"][network["ops"][0]["outputs"][0]]
        s = np.float32(q["scale"])
        ties = (rng.integers(-100, 100, t["shape"]).astype(np.float32) + np.float32(0.5)) * s
        x = np.where(rng.random(t["shape"]) < 0.5, ties, rng.normal(0.2, 2.0, t["shape"]))
        return x.astype(np.float32)
    lo, hi = CODES[t["dtype"]]
    if ties:  # near the zero point, where models.aim_at_ties keeps the outputs inside the clamps
        return np.clip(t["zero_point"] + rng.integers(-6, 7, t["shape"]), lo, hi).astype(t["dtype"])
    return rng.integers(lo, hi + 1, t["shape"]).astype(t["dtype"])


def run(argv, what):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        raise AssertionError(f"{what}: exit status {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("qmac")
    ap.add_argument("modeldir")
    ap.add_argument("work")
    ap.add_argument("--backends", default="golden")
    a = ap.parse_args()
    backends = a.backends.split(",")
    os.environ["QMAC_PYTHON"] = sys.executable  # qmac import / compare: this venv's Python
    t0 = time.time()
    rng = np.random.default_rng(7)
    names = models.GOOD + [n + "_ties" for n in models.TIES] + [n + "_clamps" for n in models.CLAMPS] + \
        [n + "_n1" for n in models.N1_TO_1]
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    ops, layer_outputs = {}, {}
    matches = runtime_tensors.litert_host_matches()
    print(f"LiteRT's XNNPACK path here: {' '.join(runtime_tensors.litert_xnnpack_match())}")
    outputs = {(m, b): 0 for m in matches for b in backends}
    tensors = {m: 0 for m in matches}
    compares = 0
    try:
        for name in names:
            path = os.path.join(a.modeldir, name + ".tflite")
            for match in matches:
                where = f"{name} ({match})"
                net_dir = os.path.join(a.work, f"{name}-{match}")
                # Every (model, path) imports: a refusal fails the test (run raises), so 0 are refused.
                run([a.qmac, "import", path, "--output", net_dir, "--match", match], f"{where}: qmac import")
                with open(os.path.join(net_dir, "network.json")) as f:
                    network = json.load(f)
                x = model_input(network, rng, name.endswith(("_ties", "_clamps", "_n1")))
                x_path = os.path.join(a.work, "model_input.npy")  # layer_check uses x.npy
                np.save(x_path, x)
                theirs = runtime_tensors.litert_tensors(network, path, x)
                for b, n in layer_check.check(a.qmac, net_dir, theirs, backends, a.work).items():
                    layer_outputs[(match, b)] = layer_outputs.get((match, b), 0) + n
                for op in network["ops"] if match == matches[0] else []:  # each model's ops once
                    ops[op["op"]] = ops.get(op["op"], 0) + 1
                for backend in backends:
                    trace = os.path.join(a.work, "trace")
                    shutil.rmtree(trace, ignore_errors=True)
                    run([a.qmac, "run", "--network", os.path.join(net_dir, "network.json"), "--input", x_path,
                         "--output", os.path.join(a.work, "y.npy"), "--trace", trace, "--backend", backend],
                        f"{where}: qmac run --network --backend {backend}")
                    for i, op in enumerate(network["ops"]):
                        for t in op["outputs"]:
                            ours = np.load(os.path.join(trace, network["tensors"][t]["trace"]))
                            want = theirs[t]
                            if ours.dtype != want.dtype or ours.shape != want.shape:
                                raise AssertionError(f"{where}, {backend}, op {i} {op['op']} '{t}': qmac {ours.dtype}"
                                                     f"{list(ours.shape)}, LiteRT {want.dtype}{list(want.shape)}")
                            bad = ours != want
                            if bad.any():
                                at = tuple(int(v) for v in np.argwhere(bad)[0])
                                raise AssertionError(f"{where}, {backend}, op {i} {op['op']} '{t}': {int(bad.sum())} of "
                                                     f"{bad.size} differ, first at {at}: LiteRT {want[at]}, qmac {ours[at]}")
                            outputs[(match, backend)] += ours.size
                            tensors[match] += backend == backends[0]
                if name == names[0]:
                    for backend in (backends[0], backends[-1]):
                        out = run([a.qmac, "compare", "--network", os.path.join(net_dir, "network.json"), "--model",
                                   path, "--input", x_path, "--backend", backend], f"{where}: qmac compare on {backend}")
                        if "bit-exact" not in out.splitlines()[-1] or "NOT" in out.splitlines()[-1]:
                            raise AssertionError(f"{where}: qmac compare on {backend} said:\n{out}")
                        compares += 1
                    # qmac compare must be able to fail: a copy of the network whose first MAC layer's bias
                    # is off by 1000 must give a mismatch with its accumulator and exit 1.
                    bad_dir = net_dir + "-broken"
                    shutil.copytree(net_dir, bad_dir)
                    layer = next(op["layer"] for op in network["ops"] if "layer" in op)
                    with open(os.path.join(bad_dir, layer)) as f:
                        bias_file = os.path.join(bad_dir, "layers", json.load(f)["bias"])
                    np.save(bias_file, np.load(bias_file) + 1000)
                    r = subprocess.run([a.qmac, "compare", "--network", os.path.join(bad_dir, "network.json"),
                                        "--model", path, "--input", x_path], stdout=subprocess.PIPE, text=True)
                    if r.returncode != 1 or "MISMATCH at" not in r.stdout or "accumulator" not in r.stdout:
                        raise AssertionError(f"{where}: qmac compare of a broken network: exit {r.returncode}:\n{r.stdout}")
                    compares += 1
    except AssertionError as e:
        print(f"FAIL: {e}")
        return 1
    print(f"TFLite import: {len(names)} models x 3 LiteRT paths, {sum(ops.values())} ops {dict(sorted(ops.items()))}, every tensor of "
          f"qmac run --network vs LiteRT, 0 mismatches, 0 (model, path) refused:")
    for match in matches:
        print(f"  {match:17s} {tensors[match]} tensors; outputs compared per backend: " +
              ", ".join(f"{b} {outputs[(match, b)]}" for b in backends) +
              "; MAC layers alone (qmac run --layer): " + ", ".join(f"{b} {layer_outputs.get((match, b), 0)}" for b in backends))
    print(f"  qmac compare: {compares} runs as expected ({compares // 3 * 2} bit-exact, {compares // 3} on a network "
          f"broken on purpose: a mismatch with its accumulator, exit 1); in {time.time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
