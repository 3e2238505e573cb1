#!/usr/bin/env bash
# scripts/regress on one engine, end to end:
#  1. a 4-shard regression passes and the merged report says 4 shards with every count the sum of the
#     shards' (check_merged.py); on Slurm, the controller's own records show 4 array tasks COMPLETED;
#  2. three faulty shards (tests/regress/faulty_sim.sh: 1 mismatches, 2 is killed, 3 writes no report) fail
#     it with exit status 1, each named, and shard 0 blamed for nothing; on Slurm, tasks 1 and 2 FAILED.
# The slurm engine runs on a real single-node Slurm started here in a private directory (MUNGE, slurmctld,
# slurmd: tests/regress/private_slurm.bash), always stopped and removed afterwards; it needs root and the
# Debian packages slurm-wlm and munge (scripts/deps).
# Usage: regress_engine.sh local|slurm REGRESS QMAC-SIM QMAC-SIM-MERGE
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
engine=$1 regress=$2 sim=$3 merge=$4

fail() { echo "regress_engine($engine): FAILED: $*" >&2; exit 1; }
tmp=$(mktemp -d /tmp/qmac-regress-test.XXXXXX)
if [ "$engine" = slurm ]; then
  source "$here/private_slurm.bash"
  [ "$(id -u)" -eq 0 ] || fail "needs root: slurmd runs the jobs as their submitter and must switch to it"
  for p in munged mungekey slurmctld slurmd sbatch sinfo scontrol; do
    command -v "$p" >/dev/null || fail "$p not found (scripts/deps installs slurm-wlm and munge)"
  done
  chmod 711 "$tmp"  # munged wants every directory above its socket searchable (private_slurm.bash)
  trap 'private_slurm_stop; rm -rf "$tmp"' EXIT
  private_slurm_start "$tmp/slurm" || fail "the private Slurm did not start (its logs above)"
else
  trap 'rm -rf "$tmp"' EXIT
fi

# scripts/regress with its stderr kept in $err (and shown), returning its exit status. Bounded well inside
# ctest's TIMEOUT, so that this script, not ctest's kill, ends a hung run and the trap stops the daemons.
run_regress() {
  local s=0
  timeout 100 "$regress" --engine "$engine" --shards 4 --beats-per-shard 20000 --lanes 4 "$@" 2>"$err" || s=$?
  cat "$err" >&2
  return "$s"
}
# On Slurm: the array tasks of the job scripts/regress submitted, one "task state exit-code" line each.
slurm_tasks() {
  local job
  job=$(sed -n 's/^regress: Slurm job \([0-9]*\) submitted.*/\1/p' "$err")
  [ -n "$job" ] || fail "scripts/regress named no Slurm job"
  scontrol -o show job "$job" |
    sed -n 's/.*ArrayTaskId=\([0-9]*\) .*JobState=\([A-Z_]*\) .*ExitCode=\([0-9:]*\).*/\1 \2 \3/p' | sort -n |
    tee >(sed 's/^/  Slurm task /' >&2)
}

# 1. A small regression, seconds of simulation: 4 shards x 20,000 beats of the 4-lane datapath, resets
#    often enough that the merged coverage has every required bin.
echo "== 4 shards, $engine" >&2
err=$tmp/pass.err
run_regress --seed 7 --out "$tmp/pass" --sim "$sim" --merge "$merge" --require-coverage -- --reset-prob 1e-3 \
  || fail "scripts/regress failed on a passing regression"
/usr/bin/python3 "$here/check_merged.py" "$tmp/pass" 4 || fail "the merged report is not the sum of the shards"
if [ "$engine" = slurm ]; then
  [ "$(slurm_tasks)" = "$(printf '%s COMPLETED 0:0\n' 0 1 2 3)" ] || fail "expected tasks 0-3 COMPLETED with exit code 0:0"
fi

# 2. Faults in shards 1, 2 and 3.
echo "== 4 shards, $engine: shard 1 mismatching, shard 2 killed, shard 3 without its report" >&2
err=$tmp/faults.err status=0
QMAC_SIM=$sim QMAC_FAULTS="1=mismatch 2=killed 3=no-report" run_regress --out "$tmp/faults" \
  --sim "$here/faulty_sim.sh" --merge "$merge" || status=$?
[ "$status" -eq 1 ] || fail "scripts/regress exited $status with three faulty shards, expected 1"
grep -q "^qmac: error: shard 1/4 failed with exit status 1: " "$err" || fail "the mismatching shard 1 is not named"
grep -q "^qmac: error: shard 2/4 did not finish" "$err" || fail "the killed shard 2 is not named"
grep -q "^qmac: error: shard 3/4 wrote no report" "$err" || fail "shard 3, without its report, is not named"
[ "$(grep -c '^qmac: error: shard' "$err")" -eq 3 ] || fail "shard 0 was blamed too"
if [ "$engine" = slurm ]; then
  [ "$(slurm_tasks | awk '$1 == 1 || $1 == 2 { print $2 }' | sort -u)" = FAILED ] \
    || fail "Slurm does not record tasks 1 and 2 as FAILED"
fi
# 3. A regression that finds a bug (a golden model wrong on ties, in every shard): each shard is named, and
#    the merge still runs, so that the merged report and the JUnit file carry the failures.
if [ "$engine" = local ]; then
  echo "== 4 shards, $engine: every shard mismatching" >&2
  err=$tmp/bug.err status=0
  run_regress --out "$tmp/bug" --sim "$sim" --merge "$merge" -- --inject-bug golden-tie || status=$?
  [ "$status" -eq 1 ] || fail "scripts/regress exited $status on a regression that finds a bug, expected 1"
  [ "$(grep -c '^qmac: error: shard [0-3]/4 failed with exit status 1: ' "$err")" -eq 4 ] || fail "not every shard is named"
  grep -q "^qmac: error: the regression failed (4 of 4 shards failed" "$err" || fail "no verdict line"
  /usr/bin/python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["status"] != 1)' "$tmp/bug/merged.json" \
    || fail "the merged report does not say it failed"
  grep -q '<testsuites [^>]*failures="4"' "$tmp/bug/junit.xml" || fail "the merged JUnit file does not hold 4 failures"
fi
echo "regress_engine($engine): PASSED" >&2
