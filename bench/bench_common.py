"""What the benchmark scripts of bench/ share: errors, running commands, wall-clock and callgrind counts."""
import os
import re
import subprocess
import sys
import tempfile
import time


def fail(msg, status=1):
    print(f"qmac: error: {msg}", file=sys.stderr)
    sys.exit(status)


def run(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["(nothing on stderr)"])[-1]
        fail(f"{' '.join(cmd)} failed (exit {out.returncode}): {last}")
    return out


def seconds(cmds):
    """Wall-clock seconds of running cmds one after another (one process each)."""
    t0 = time.perf_counter()
    for c in cmds:
        run(c)
    return time.perf_counter() - t0


def callgrind(cmds):
    """Instructions of cmds (each under callgrind), and {function: own instructions} of the last one."""
    total, functions = 0, {}
    with tempfile.TemporaryDirectory() as d:
        for i, c in enumerate(cmds):
            cg = os.path.join(d, f"cg{i}.out")
            out = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}"] + c,
                                 capture_output=True, text=True)
            if out.returncode != 0:
                fail(f"callgrind of {' '.join(c)} failed (exit {out.returncode})")
            m = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
            total += int(m.group(1))
        ann = run(["callgrind_annotate", "--inclusive=no", "--threshold=100", cg]).stdout
        for line in ann.splitlines():
            m = re.match(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(\S.*)$", line)
            if m and "PROGRAM TOTALS" not in line:
                name = re.sub(r"\s*\[[^]]*\]$", "", m.group(2))  # without the object file
                functions[name] = functions.get(name, 0) + int(m.group(1).replace(",", ""))
    return total, functions


def top_functions(f1, f2, macs, count):
    """[(instructions per MAC, function)] of the count costliest functions per MAC: f2 - f1 (two batch
    sizes: what the extra work costs, start-up cancelled), or f2 alone when f1 is None."""
    cost = {n: v - (f1 or {}).get(n, 0) for n, v in f2.items()}
    return sorted(((v / macs, n) for n, v in cost.items()), reverse=True)[:count]
