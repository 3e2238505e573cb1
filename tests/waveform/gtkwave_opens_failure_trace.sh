#!/usr/bin/env bash
# GTKWave itself opens a real failure waveform of qmac-sim with the save file written beside it, and shows
# every signal that file names, in its order and in its groups (a name or width that does not match the
# Verilated model leaves that signal out, and the comparison fails).
# Usage: gtkwave_opens_failure_trace.sh QMAC_SIM LANES WORKDIR
set -euo pipefail
sim=$1 lanes=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
# A golden model made wrong on ties fails the run; its re-run writes the waveform and the save file.
if "$sim" --lanes "$lanes" --beats 20000 --inject-bug golden-tie --fail-trace failure.fst >run.log 2>&1; then
  echo "FAIL: the injected bug was not caught"; exit 1
fi
grep -q "view: gtkwave .*failure.gtkw" run.log || { echo "FAIL: qmac-sim does not name the save file"; cat run.log; exit 1; }
[ -s failure.fst ] && [ -s failure.gtkw ] || { echo "FAIL: no waveform or no save file"; exit 1; }

cat >dump.tcl <<'TCL'
set f [open displayed.txt w]
foreach s [gtkwave::getDisplayedSignals] { puts $f $s }
puts $f "traces [gtkwave::getTotalNumTraces]"
close $f
gtkwave::/File/Quit
TCL
# GTKWave needs a display: a private X server (xvfb-run -a picks a free one).
timeout 120 xvfb-run -a gtkwave -S dump.tcl failure.gtkw >gtkwave.log 2>&1 || true
[ -f displayed.txt ] || { echo "FAIL: GTKWave did not run the script"; cat gtkwave.log; exit 1; }

grep '^TOP\.' failure.gtkw >expected.txt
groups=$(grep -c '^-' failure.gtkw)   # each group: a begin and an end marker
{ cat expected.txt; echo "traces $(( $(wc -l <expected.txt) + groups ))"; } >expected_all.txt
if ! diff -u expected_all.txt displayed.txt; then
  echo "FAIL: GTKWave shows other signals than failure.gtkw names (above: - named, + shown)"; exit 1
fi
echo "GTKWave shows all $(wc -l <expected.txt) signals in $(( groups / 2 )) groups of failure.gtkw (LANES=$lanes)"
