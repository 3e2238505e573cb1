#!/usr/bin/env bash
# qmac-sim with faults in chosen shards, to prove that scripts/regress notices each kind (tests only).
# Usage: QMAC_SIM=path/to/qmac-sim QMAC_FAULTS="1=mismatch 2=killed" faulty_sim.sh QMAC-SIM-ARGS...
# Faults, for the shard i of `--shard i/n`:
#   mismatch   a real failure: the shard runs with a golden model wrong on ties (qmac-sim --inject-bug)
#   no-report  exits 0 without running, so without writing its --report
#   killed     kills the process that runs it (Slurm's batch script, or scripts/regress's local runner), as a
#              time limit or a lost node would: the shard ends with no exit status recorded
# Every other shard, and a run without --shard, is plain qmac-sim.
set -euo pipefail
shard=""
args=("$@")
for ((k = 0; k < ${#args[@]}; k++)); do
  [ "${args[k]}" = --shard ] && shard=${args[k + 1]%%/*}
done
fault=""
for f in ${QMAC_FAULTS:-}; do
  [ -n "$shard" ] && [ "${f%%=*}" = "$shard" ] && fault=${f#*=}
done
case $fault in
  "") exec "$QMAC_SIM" "$@" ;;
  mismatch) exec "$QMAC_SIM" "$@" --inject-bug golden-tie --no-rerun ;;
  no-report) echo "faulty_sim: shard $shard exits 0 without a report" >&2; exit 0 ;;
  killed) echo "faulty_sim: shard $shard kills its runner (pid $PPID)" >&2; kill -KILL "$PPID"; exit 137 ;;
  *) echo "qmac: error: faulty_sim: unknown fault '$fault' in QMAC_FAULTS" >&2; exit 2 ;;
esac
