#!/usr/bin/env bash
# scripts/plot draws PNG files from a synthesis report and a benchmark report, and refuses a report of the
# wrong kind or a malformed one with one line naming the file, exit 1, and no picture left behind.
# Usage: plot_test.sh WORKDIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
plot=$here/../../scripts/plot
work=$1
rm -rf "$work" && mkdir -p "$work"
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] && [ "$(stat -c %s "$1")" -gt 10000 ]; }

"$plot" resources "$here/resources.json" "$work/ok" >/dev/null
"$plot" bench "$here/bench.json" "$work/ok" >/dev/null
for f in resources fmax bench bench-lanes; do
  is_png "$work/ok/$f.png" || { echo "FAIL: $f.png is not a PNG picture"; exit 1; }
done

# Bad input: a benchmark report given as a synthesis report, and a truncated file.
head -c 100 "$here/resources.json" >"$work/truncated.json"
refused() {  # refused KIND REPORT EXPECTED_TEXT
  local rc=0 msg
  msg=$("$plot" "$1" "$2" "$work/bad" 2>&1) || rc=$?
  [ $rc -eq 1 ] || { echo "FAIL: '$1 $2' exits $rc, not 1"; exit 1; }
  [[ $msg == "scripts/plot: error: $2: "*"$3"* ]] || { echo "FAIL: '$1 $2' says: $msg"; exit 1; }
  [ ! -e "$work/bad" ] || { echo "FAIL: '$1 $2' left output behind"; exit 1; }
}
refused resources "$here/bench.json" "no 'xilinx'"
refused resources "$work/truncated.json" "Expecting"
echo "scripts/plot: 4 pictures drawn, 2 bad reports refused"
