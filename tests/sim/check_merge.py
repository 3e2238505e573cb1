#!/usr/bin/python3
"""qmac-sim's --report / --junit and qmac-sim-merge. Usage: check_merge.py QMAC_SIM QMAC_SIM_MERGE WORKDIR MODE

MODE shards:    4 short shards of one regression, merged: the merged counts and every coverage bin equal
                the sums of the shards', the JUnit files parse and hold the run's checks, a required bin
                that is empty in every shard fails the merge, a failing shard fails it with its message.
MODE malformed: reports that cannot be used (truncated, a field missing or of the wrong type, shards of
                different regressions, a shard twice, no file) and misuse: exit 2, one line naming the file.
Exit 0 only when every check holds."""
import copy
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SIM, MERGE, WORK, MODE = sys.argv[1:5]
os.makedirs(WORK, exist_ok=True)
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL: " + what)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def path(name):
    return os.path.join(WORK, name)


def shard(i, n, *extra, name="s"):
    report, junit = path(f"{name}{i}.json"), path(f"{name}{i}.xml")
    for f in (report, junit):
        if os.path.exists(f):
            os.remove(f)
    rc, out, err = run([SIM, "--shard", f"{i}/{n}", "--report", report, "--junit", junit, "--no-rerun", *extra])
    return rc, out, report, junit


def merge(*args):
    out_json = path("merged.json")
    if os.path.exists(out_json):
        os.remove(out_json)
    rc, out, err = run([MERGE, "--output", out_json, *args])
    return rc, out, err, out_json


def load(f):
    with open(f) as fh:
        return json.load(fh)


def junit_cases(f):
    root = ET.parse(f).getroot()  # raises on malformed XML
    check(root.tag == "testsuites", f"{f}: root is <testsuites>")
    cases = root.findall("./testsuite/testcase")
    check(int(root.get("tests")) == len(cases), f"{f}: tests= counts the test cases")
    check(int(root.get("failures")) == sum(c.find("failure") is not None for c in cases), f"{f}: failures= counts them")
    return {c.get("name"): c.find("failure") for c in cases}


def summed(values):
    """The element-wise sum of equally shaped JSON values (numbers, lists, objects)."""
    first = values[0]
    if isinstance(first, dict):
        return {k: summed([v[k] for v in values]) for k in first}
    if isinstance(first, list):
        return [summed([v[i] for v in values]) for i in range(len(first))]
    return sum(values)


def shards_mode():
    common = ["--beats", "200000", "--reset-prob", "5e-5", "--stall-prob", "0.3", "--seed", "7"]
    reports = []
    for i in range(4):
        rc, out, report, junit = shard(i, 4, *common)
        check(rc == 0 and "PASSED" in out, f"shard {i}/4 passes (rc {rc})")
        reports.append(report)
        cases = junit_cases(junit)
        names = list(cases)
        check(len(names) == 3 and names[0].startswith("outputs equal the golden model")
              and names[1] == "RTL and HLS in lockstep, exact latency, II = 1" and names[2] == "every expected output arrived",
              f"shard {i}: JUnit test cases {names}")
        check(all(f is None for f in cases.values()), f"shard {i}: JUnit cases all passed")

    rc, out, err, merged_path = merge("--junit", path("merged.xml"), "--require-coverage", *reports)
    check(rc == 0 and out.startswith("PASSED: 4 shards"), f"merge of 4 passing shards exits 0 (rc {rc}: {out}{err})")
    shards = [load(r) for r in reports]
    m = load(merged_path)
    check(m["counts"] == summed([s["counts"] for s in shards]), "merged counts are the sums of the shards'")
    cov = {k: v for k, v in m["coverage"].items() if k != "rounding_codes_used"}
    want = summed([{k: v for k, v in s["coverage"].items() if k != "rounding_codes_used"} for s in shards])
    check(cov == want, "merged coverage bins are the sums of the shards'")
    check(sorted(m["shards_merged"]) == [0, 1, 2, 3], "merged report lists shards 0..3")
    check(m["counts"]["outputs_matched"] > 0 and m["status"] == 0, "merged report passed with outputs")
    cases = junit_cases(path("merged.xml"))
    check(len(cases) == 6 and all(f is None for f in cases.values()), f"merged JUnit: 4 shards + presence + coverage, passed: {list(cases)}")

    # A required bin empty in every shard (here: no INT32_MIN accumulators anywhere) fails the merge.
    forged = []
    for i, s in enumerate(shards):
        s = copy.deepcopy(s)
        s["coverage"]["acc_int32_min"] = 0
        forged.append(path(f"forged{i}.json"))
        with open(forged[-1], "w") as fh:
            json.dump(s, fh)
    rc, out, err, _ = merge("--junit", path("forged.xml"), "--require-coverage", *forged)
    # (the number of required bins follows sim/tb/coverage.cpp; a second forgery with two empty bins must give
    # the same count)
    one = re.fullmatch(r"FAILED: 1 of ([1-9][0-9]*) required coverage bins are empty in the merged coverage: "
                       r"INT32_MIN accumulators\n", out)
    check(rc == 1 and one is not None, f"an empty required bin fails the merge (rc {rc}: {out}{err})")
    forged2 = []
    for i, f in enumerate(forged):
        with open(f) as fh:
            s = json.load(fh)
        s["coverage"]["acc_int32_max"] = 0
        forged2.append(path(f"forged2_{i}.json"))
        with open(forged2[-1], "w") as fh:
            json.dump(s, fh)
    rc2, out2, err2, _ = merge("--require-coverage", *forged2)
    want2 = (f"FAILED: 2 of {one.group(1) if one else '?'} required coverage bins are empty in the merged coverage: "
             "INT32_MIN accumulators, INT32_MAX accumulators\n")
    check(rc2 == 1 and out2 == want2, f"two empty bins, the same count of required bins (rc {rc2}: {out2}{err2})")
    failed = [n for n, f in junit_cases(path("forged.xml")).items() if f is not None]
    check(len(failed) == 1 and failed[0].startswith("required coverage bins of the merged coverage"),
          f"merged JUnit fails the coverage case: {failed}")
    rc, out, err, _ = merge(*forged)
    check(rc == 0, f"without --require-coverage the same shards pass (rc {rc})")
    # ... and so does a regression too short to fill the bins, run as it is.
    short = [shard(i, 2, "--beats", "400", name="short")[2] for i in range(2)]
    rc, out, err, _ = merge("--require-coverage", *short)
    check(rc == 1 and out.startswith("FAILED: ") and "required coverage bins are empty in the merged coverage" in out
          and out.count("\n") == 1, f"a too-short regression fails on coverage in one line (rc {rc}: {out})")

    # A failing shard fails the merge, with its message; its own JUnit names the failed check.
    bad = []
    for i in range(2):
        rc, out, report, junit = shard(i, 2, "--beats", "200000", "--inject-bug", "golden-tie", name="bug")
        bad.append(report)
        if i == 0:
            check(rc == 1, f"a shard with a golden model wrong on ties fails (rc {rc})")
            failed = [n for n, f in junit_cases(junit).items() if f is not None]
            check(len(failed) == 1 and failed[0].startswith("outputs equal the golden model"), f"its JUnit fails the golden case: {failed}")
            msg = junit_cases(junit)[failed[0]].get("message") if failed else ""
            check(msg.startswith("output of group "), f"with the mismatch as message: {msg}")
    rc, out, err, merged_path = merge("--junit", path("bug.xml"), *bad)
    check(rc == 1 and out.startswith("FAILED: shard 0/2 (") and "failed: output of group" in out,
          f"a failed shard fails the merge (rc {rc}: {out})")
    check(load(merged_path)["status"] == 1, "the merged report says failed")


def malformed_mode():
    good = []
    for i in range(2):
        rc, out, report, _ = shard(i, 2, "--beats", "2000")
        check(rc == 0, f"shard {i}/2 passes")
        good.append(report)
    base = load(good[0])

    def variant(name, change):
        j = copy.deepcopy(base)
        change(j)
        f = path(name)
        with open(f, "w") as fh:
            json.dump(j, fh)
        return f

    truncated = path("truncated.json")
    with open(good[0]) as fh, open(truncated, "w") as out:
        out.write(fh.read()[:200])
    cases = [
        ([truncated, good[1]], truncated + ": not valid JSON"),
        ([variant("no_cycles.json", lambda j: j["counts"].pop("cycles")), good[1]], path("no_cycles.json") + ": 'counts.cycles' is missing"),
        ([variant("neg_tie.json", lambda j: j["coverage"]["ties"].update(double=-1)), good[1]],
         path("neg_tie.json") + ": 'coverage.ties.double' must be an unsigned integer, got -1"),
        ([variant("shifts.json", lambda j: j["coverage"]["shifts"].pop("5")), good[1]],
         path("shifts.json") + ": 'coverage.shifts' must be an object of 63 counts"),
        ([variant("not_report.json", lambda j: j.update(report="something else")), good[1]], path("not_report.json") + ": not a qmac-sim report"),
        ([variant("shard_range.json", lambda j: j.update(shard=2)), good[1]], path("shard_range.json") + ": 'shard' = 2 must be below config.shards = 2"),
        ([good[0], variant("lanes4.json", lambda j: (j["config"].update(lanes=4), j.update(shard=1)))],
         path("lanes4.json") + ": config 'lanes' = 4, but " + good[0] + " has 8 (shards of different regressions)"),
        ([good[0], good[0]], good[0] + ": shard 0/2 again (also in " + good[0] + ")"),
        ([path("nowhere.json")], path("nowhere.json") + ": cannot open"),
    ]
    for inputs, message in cases:
        rc, out, err, merged_path = merge(*inputs)
        one_line = err.count("\n") == 1 and err.endswith("\n")
        check(rc == 2 and err.startswith("qmac-sim-merge: error: " + message) and one_line and out == ""
              and not os.path.exists(merged_path),
              f"{message}: exit 2 with one line, no merged file (rc {rc}: {out}{err})")
    rc, out, err = run([MERGE, good[0]])
    check(rc == 2 and err == "qmac-sim-merge: error: --output is required\n", f"misuse: no --output (rc {rc}: {err})")
    rc, out, err = run([MERGE, "--output", path("m.json")])
    check(rc == 2 and err == "qmac-sim-merge: error: SHARD.json is required\n", f"misuse: no shards (rc {rc}: {err})")
    rc, out, err = run([MERGE, "--help"])
    check(rc == 0 and out.startswith("usage: qmac-sim-merge --output MERGED.json [--junit MERGED.xml] [--require-coverage] SHARD.json..."),
          f"--help: the usage (rc {rc}: {out})")


{"shards": shards_mode, "malformed": malformed_mode}[MODE]()
print(f"{len(failures)} check(s) failed" if failures else "all checks passed")
sys.exit(1 if failures else 0)
