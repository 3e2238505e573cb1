# Yosys commands of the output-FIFO proof between `proc` and the SMT-LIB export (scripts/formal runs them as
# `tcl formal/qmac_mvu_fifo_stream.tcl Width=<w> Depth=<d>`): flatten, map the FIFO's memory to one register
# per word (memory_map names them u_dut.mem[i]) and connect the harness's probe_* wires to them and to the
# pointers and the count. A probe left unconnected is a free value and fails its lemma.
foreach arg $argv {
  lassign [split $arg =] name value
  set param($name) $value
}
set width $param(Width)
set depth $param(Depth)
yosys flatten
yosys memory_map
for {set i 0} {$i < $depth} {incr i} {
  set lo [expr {$i * $width}]
  set hi [expr {$lo + $width - 1}]
  yosys connect -set probe_mem\[$hi:$lo\] u_dut.mem\[$i\]
}
yosys connect -set probe_wptr u_dut.wptr_q
yosys connect -set probe_rptr u_dut.rptr_q
yosys connect -set probe_rptr_next u_dut.rptr_next_q
yosys connect -set probe_count u_dut.count_q
yosys connect -set probe_nonempty u_dut.nonempty_q
# Depth is not a power of two: the mapped read multiplexer's inputs beyond word Depth - 1 have no driver.
# They become free values (a read there returns anything); l_ptrs proves rptr_q < Depth.
yosys setundef -undriven -anyseq
