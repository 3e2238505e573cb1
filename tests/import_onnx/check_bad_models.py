"""`qmac import` on models it must refuse (bad_models.CASES): each gives exit status 1, exactly one stderr
line `qmac: error: MODEL: ...` holding the case's words, and leaves no output directory (nor a temporary one).

Usage: check_bad_models.py IMPORT...   (the import command, e.g. `qmac import` or `python -m qmac_import`)"""
import os
import subprocess
import sys
import tempfile

import numpy as np

import bad_models


def main():
    command = sys.argv[1:]
    if not command:
        print("qmac: error: usage: check_bad_models.py IMPORT_COMMAND...", file=sys.stderr)
        return 2
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, case) in enumerate(bad_models.CASES.items()):
            data, expected = case(np.random.default_rng(i))
            model = os.path.join(tmp, f"{name}.onnx")
            with open(model, "wb") as f:
                f.write(data)
            out = os.path.join(tmp, f"{name}_out")
            r = subprocess.run(command + [model, "--output", out], capture_output=True, text=True)
            lines = r.stderr.splitlines()
            problems = []
            if r.returncode != 1:
                problems.append(f"exit status {r.returncode}, expected 1")
            if len(lines) != 1 or not lines[0].startswith(f"qmac: error: {model}"):
                problems.append(f"stderr is not one 'qmac: error: {model}...' line: {r.stderr!r}")
            elif expected not in lines[0]:
                problems.append(f"the error line does not say '{expected}'")
            left = [e for e in os.listdir(tmp) if e.startswith(".qmac-import-") or e == f"{name}_out"]
            if left:
                problems.append(f"left behind: {left}")
            status = "ok" if not problems else "FAILED: " + "; ".join(problems)
            print(f"{name}: {status}\n    {lines[0] if lines else '(no stderr)'}")
            failures += bool(problems)
    print(f"{len(bad_models.CASES)} bad models, {len(bad_models.CASES) - failures} refused as expected")
    return 1 if failures or len(bad_models.CASES) < 10 else 0


if __name__ == "__main__":
    sys.exit(main())
