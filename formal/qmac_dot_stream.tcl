# Yosys commands of the stream proofs between `proc` and the SMT-LIB export (scripts/formal runs them as
# `tcl formal/qmac_dot_stream.tcl LANES=<n>`).
# The requantizer's output becomes a free value every cycle (cutpoint): the properties concern the streams,
# not the arithmetic (the rounding stages have proofs of their own), and the solver is spared the 32x32
# multiplier. Then the harness's probe_* wires are connected to qmac_dot's registers: the valid bits of
# qmac_dot's product and adder-tree stages (u_beat_d: MulLatency + $clog2(LANES) stages of {valid, last}), of
# the accumulator and bias (AccLatency = 3), and of the requantizer (u_y_valid_d: RequantLatency stages), and
# the output buffer's entries. The latencies are read from rtl/qmac_pkg.sv (generated from docs/contract.toml);
# a probe left unconnected is a free value and fails its lemma.
foreach arg $argv {
  lassign [split $arg =] name value
  set param($name) $value
}
set lanes $param(LANES)
set f [open [file join [file dirname [info script]] .. rtl qmac_pkg.sv]]
set pkg [read $f]
close $f
foreach name {MulLatency AccLatency RequantLatency} {
  if {![regexp "localparam int $name \[^=\]*= (\[0-9\]+);" $pkg -> latency($name)]} {
    error "qmac_dot_stream.tcl: $name not found in rtl/qmac_pkg.sv"
  }
}
if {$latency(AccLatency) != 3} {
  error "qmac_dot_stream.tcl: the probes name the accumulator's 3 valid registers, AccLatency is $latency(AccLatency)"
}
set tree 0
while {(1 << $tree) < $lanes} { incr tree }
set sum_latency [expr {$latency(MulLatency) + $tree}]

yosys select -assert-count 1 */c:u_requant
yosys cutpoint */c:u_requant
yosys flatten
set k 0
for {set i 0} {$i < $sum_latency} {incr i} {
  yosys connect -set probe_valid\[$k\] u_dut.u_beat_d.gen_regs.gen_stage\[$i\].q\[0\]
  yosys connect -set probe_beat_valid\[$i\] u_dut.u_beat_d.gen_regs.gen_stage\[$i\].q\[1\]
  incr k
}
foreach reg {acc_valid_q bias_lo_valid_q bias_valid_q} {
  yosys connect -set probe_valid\[$k\] u_dut.$reg
  incr k
}
for {set i 0} {$i < $latency(RequantLatency)} {incr i} {
  yosys connect -set probe_valid\[$k\] u_dut.u_y_valid_d.gen_regs.gen_stage\[$i\].q
  incr k
}
yosys connect -set probe_a_full u_dut.u_out.a_full_q
yosys connect -set probe_b_full u_dut.u_out.b_full_q
yosys connect -set probe_b_data u_dut.u_out.b_data_q
yosys connect -set probe_in_data u_dut.y
