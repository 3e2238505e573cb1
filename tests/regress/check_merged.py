#!/usr/bin/env python3
"""Checks a scripts/regress output directory: the merged report covers shards 0..N-1 of one regression and
each of its counts is the sum of the shards' counts. Usage: check_merged.py OUT_DIR N"""
import json
import sys
from pathlib import Path

# Counts of qmac-sim's --report that add up over shards (sim/tb/qmac_sim_main.cpp writes them).
SUMMED = ["cycles", "beats", "outputs_matched"]


def main() -> int:
    out, n = Path(sys.argv[1]), int(sys.argv[2])
    shards = [json.loads((out / "shards" / f"shard-{i}.json").read_text()) for i in range(n)]
    merged = json.loads((out / "merged.json").read_text())
    problems = []
    if [s["shard"] for s in shards] != list(range(n)) or {s["shards"] for s in shards} != {n}:
        problems.append(f"the shard reports are not shards 0..{n - 1} of {n}")
    if merged.get("shards") != n:
        problems.append(f"merged 'shards' is {merged.get('shards')!r}, expected {n}")
    for key in SUMMED:
        total = sum(s[key] for s in shards)
        if merged.get(key) != total:
            problems.append(f"merged {key!r} is {merged.get(key)!r}, the shards sum to {total}")
        else:
            print(f"check_merged: {key} = {total} = " + " + ".join(str(s[key]) for s in shards))
    for p in problems:
        print(f"check_merged: {out / 'merged.json'}: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
