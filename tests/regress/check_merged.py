#!/usr/bin/python3
"""Checks what scripts/regress left in OUT_DIR: the shard reports are shards 0..N-1 of one regression, the
merged report says it merged those N shards and passed, and each of its counts and coverage bins is the
sum of the shards'. Usage: check_merged.py OUT_DIR N"""
import json
import sys
from pathlib import Path


def summed(parts, where, problems):
    """The shards' values added up leaf by leaf (counts, coverage bins); other leaves must agree."""
    first = parts[0]
    if isinstance(first, dict):
        return {k: summed([p[k] for p in parts], f"{where}.{k}", problems) for k in first}
    if isinstance(first, list) and all(isinstance(x, int) for x in first):
        return [sum(col) for col in zip(*parts)]
    if isinstance(first, int) and not isinstance(first, bool):
        return sum(parts)
    if any(p != first for p in parts):
        problems.append(f"{where} differs between shards")
    return first


def main() -> int:
    out, n = Path(sys.argv[1]), int(sys.argv[2])
    shards = [json.loads((out / "shards" / f"shard-{i}.json").read_text()) for i in range(n)]
    merged = json.loads((out / "merged.json").read_text())
    problems = []
    if [s["shard"] for s in shards] != list(range(n)) or {s["config"]["shards"] for s in shards} != {n}:
        problems.append(f"the shard reports are not shards 0..{n - 1} of {n}")
    if merged["shards_merged"] != list(range(n)) or merged["config"]["shards"] != n:
        problems.append(f"merged shards {merged['shards_merged']} of {merged['config']['shards']}, expected 0..{n - 1} of {n}")
    if merged["status"] != 0:
        problems.append(f"merged status {merged['status']}: {merged['failure']}")
    for part in ("counts", "coverage"):
        expected = summed([s[part] for s in shards], part, problems)
        for key, value in expected.items():
            if merged[part].get(key) != value:
                problems.append(f"merged {part}.{key} is {merged[part].get(key)}, the shards sum to {value}")
        if set(merged[part]) != set(expected):
            problems.append(f"merged {part} has other keys than the shards: {sorted(set(merged[part]) ^ set(expected))}")
    c = merged["counts"]
    print(f"check_merged: {n} shards merged: {c['cycles']} cycles, {c['beats']} beats, {c['outputs_matched']} outputs "
          f"= " + " + ".join(str(s["counts"]["outputs_matched"]) for s in shards))
    for p in problems:
        print(f"check_merged: {out / 'merged.json'}: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
