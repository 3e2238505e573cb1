"""A mutation fuzzer of `qmac import` (the importer is Python, so libFuzzer does not reach it): seed models
are mutated (bit flips, bytes set to edge values, 32-bit words overwritten, where flatbuffer offsets and
protobuf lengths live, truncation, chunks deleted or repeated) and each mutant is imported in-process.
Every outcome must be one of:
  - accepted: exit 0 and a network.json; then (--qmac) `qmac import` itself, which also reads the network
    back with the runner's reader, refuses it with one line and nothing left, or writes a network that
    `qmac run --network` (golden) runs;
  - refused: exit 1, one line `qmac: error: MUTANT: ...` on stderr, and no output directory.
A Python exception, a second line, a hang (10 s) or a leftover directory is a finding: the mutant is saved
to --findings and the run fails.

Usage: fuzz_import.py --seeds MODEL... [--onnx-models NAME,...] [--seconds S | --iterations N] [--qmac QMAC]
       --work DIR [--findings DIR] [--seed R]
(run with the Python of BUILD/venv, PYTHONPATH = importer/ and, for --onnx-models, tests/import_onnx/, whose
models.build makes those seed models)"""
import argparse
import contextlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import numpy as np

from qmac_import.__main__ import main as qmac_import

CASE_SECONDS = 10


def mutate(data, rng):
    """1 to 4 random edits of a model's bytes."""
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not b:
            break
        kind = rng.randrange(6)
        i = rng.randrange(len(b))
        if kind == 0:
            b[i] ^= 1 << rng.randrange(8)
        elif kind == 1:
            b[i] = rng.choice((0, 1, 0x7F, 0x80, 0xFF))
        elif kind == 2 and len(b) >= 4:
            i &= ~3
            word = rng.choice((0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, rng.getrandbits(32), len(b) - i))
            b[i:i + 4] = (word & 0xFFFFFFFF).to_bytes(4, "little")
        elif kind == 3:
            del b[rng.randrange(len(b)):]
        elif kind == 4:
            n = rng.randint(1, 64)
            del b[i:i + n]
        else:
            n = rng.randint(1, 64)
            b[i:i] = b[i:i + n]
    return bytes(b)


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def import_once(model, out):
    """(exit status, stderr lines, exception text or None) of one in-process import."""
    err = io.StringIO()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(CASE_SECONDS)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = qmac_import([model, "--output", out])
        problem = None
    except Hang:
        status, problem = None, f"no answer within {CASE_SECONDS} s"
    except SystemExit as e:
        status, problem = e.code, None
    except BaseException as e:  # noqa: BLE001 - anything escaping the importer is the finding
        status, problem = None, f"{type(e).__name__}: {e}"
    finally:
        signal.alarm(0)
    return status, err.getvalue().splitlines(), problem


def import_and_run(qmac, mutant, work):
    """An accepted mutant through `qmac import` itself (the Python importer, then the runner's reader): it
    must refuse with one line and leave nothing, or write a network that `qmac run --network` (golden) runs
    on zeros of its input. '' when it does, else the problem."""
    out = os.path.join(work, "out_qmac")
    shutil.rmtree(out, ignore_errors=True)
    r = subprocess.run([qmac, "import", mutant, "--output", out], capture_output=True, text=True, timeout=120)
    lines = r.stderr.strip().splitlines()
    if r.returncode == 1:
        if len(lines) == 1 and lines[0].startswith(f"qmac: error: {mutant}") and not os.path.exists(out):
            return ""
        return f"qmac import refused, but not with one line and nothing left: {r.stderr.strip()!r}"
    if r.returncode != 0:
        return f"qmac import: exit {r.returncode}, {r.stderr.strip()!r}"
    return run_network(qmac, os.path.join(out, "network.json"), work)


def run_network(qmac, net, work):
    """`qmac run --network` (golden) on zeros of the network's input: '' when it runs."""
    with open(net) as f:
        doc = json.load(f)
    t = doc["tensors"][doc["inputs"][0]]
    x = os.path.join(work, "x.npy")
    np.save(x, np.zeros(t["shape"], dtype=t["dtype"]))
    y = os.path.join(work, "y.npy")
    r = subprocess.run([qmac, "run", "--network", net, "--input", x, "--output", y], capture_output=True, text=True,
                       timeout=60)
    if r.returncode == 0:
        return ""
    return f"import accepted a network the runner refuses: exit {r.returncode}, {r.stderr.strip()!r}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", nargs="*", default=[])
    p.add_argument("--onnx-models", default="", help="seed models built by tests/import_onnx/models.py")
    p.add_argument("--seconds", type=float, default=None)
    p.add_argument("--iterations", type=int, default=None)
    p.add_argument("--qmac", help="also run every accepted mutant's network (golden)")
    p.add_argument("--work", required=True)
    p.add_argument("--findings")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    if (a.seconds is None) == (a.iterations is None):
        p.error("give --seconds or --iterations")
    rng = random.Random(a.seed)
    seeds = []
    for s in a.seeds:
        with open(s, "rb") as f:
            seeds.append((os.path.splitext(s)[1], f.read()))
    os.makedirs(a.work, exist_ok=True)
    if a.onnx_models:
        import models as onnx_models
        for name in a.onnx_models.split(","):
            data, _ = onnx_models.build(name, np.random.default_rng(a.seed), a.work)
            seeds.append((".onnx", bytes(data)))
    if not seeds:
        p.error("no seed models")
    counts = {"accepted": 0, "refused": 0}
    findings = []
    start, i = time.time(), 0
    while (a.iterations is None or i < a.iterations) and (a.seconds is None or time.time() - start < a.seconds):
        ext, data = seeds[i % len(seeds)]
        mutant = os.path.join(a.work, f"mutant{ext}")
        with open(mutant, "wb") as f:
            f.write(mutate(data, rng))
        out = os.path.join(a.work, "out")
        shutil.rmtree(out, ignore_errors=True)
        status, lines, problem = import_once(mutant, out)
        if problem is None:
            if status == 0:
                counts["accepted"] += 1
                if not os.path.isfile(os.path.join(out, "network.json")):
                    problem = "exit 0 without network.json"
                elif a.qmac:
                    problem = import_and_run(a.qmac, mutant, a.work) or None
            elif status == 1 and len(lines) == 1 and lines[0].startswith(f"qmac: error: {mutant}") and \
                    lines[0].isprintable():
                counts["refused"] += 1
                if os.path.exists(out):
                    problem = "refused, but the output directory was left behind"
            else:
                problem = f"exit {status}, stderr {lines!r}"
        if problem is not None:
            findings.append(problem)
            print(f"fuzz_import: finding {len(findings)} (iteration {i}): {problem}", file=sys.stderr)
            if a.findings:
                os.makedirs(a.findings, exist_ok=True)
                shutil.copy(mutant, os.path.join(a.findings, f"finding{len(findings)}{ext}"))
        i += 1
    secs = time.time() - start
    print(f"fuzz_import: {i} mutants of {len(seeds)} seed models in {secs:.0f} s: {counts['accepted']} accepted, "
          f"{counts['refused']} refused, {len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
