# Yosys commands of the output-side proof between `proc` and the SMT-LIB export (scripts/formal runs them as
# `tcl formal/qmac_mvu_serial_stream.tcl PE=<p> ChanBits=<c>`). The requantizer's output becomes a free value
# every cycle (cutpoint): the properties concern where its outputs go, not their values (its stages have proofs
# of their own). Then the probe_* wires are connected to the serializer's registers, the valid/last/vlast bits
# of u_item_d (2 stages) and u_y_d (RequantLatency stages, read from rtl/qmac_pkg.sv) and the lane collector.
foreach arg $argv {
  lassign [split $arg =] name value
  set param($name) $value
}
set f [open [file join [file dirname [info script]] .. rtl qmac_pkg.sv]]
set pkg [read $f]
close $f
if {![regexp {localparam int RequantLatency [^=]*= ([0-9]+);} $pkg -> rq]} {
  error "qmac_mvu_serial_stream.tcl: RequantLatency not found in rtl/qmac_pkg.sv"
}
yosys select -assert-count 1 */c:u_requant
yosys cutpoint */c:u_requant
yosys flatten
yosys connect -nomap -set probe_y u_dut.y
yosys connect -nomap -set probe_active u_dut.active_q
yosys connect -nomap -set probe_vlast u_dut.vlast_q
yosys connect -nomap -set probe_cnt u_dut.cnt_q
yosys connect -nomap -set probe_chan u_dut.chan_q
for {set k 0} {$k < 2} {incr k} {
  yosys connect -nomap -set probe_item_v\[$k\] u_dut.u_item_d.gen_regs.gen_stage\[$k\].q\[2\]
  yosys connect -nomap -set probe_item_l\[$k\] u_dut.u_item_d.gen_regs.gen_stage\[$k\].q\[1\]
  yosys connect -nomap -set probe_item_vl\[$k\] u_dut.u_item_d.gen_regs.gen_stage\[$k\].q\[0\]
}
for {set j 0} {$j < $rq} {incr j} {
  yosys connect -nomap -set probe_y_v\[$j\] u_dut.u_y_d.gen_regs.gen_stage\[$j\].q\[2\]
  yosys connect -nomap -set probe_y_l\[$j\] u_dut.u_y_d.gen_regs.gen_stage\[$j\].q\[1\]
  yosys connect -nomap -set probe_y_vl\[$j\] u_dut.u_y_d.gen_regs.gen_stage\[$j\].q\[0\]
}
yosys connect -nomap -set probe_held u_dut.u_beat.gen_lanes.held_q
