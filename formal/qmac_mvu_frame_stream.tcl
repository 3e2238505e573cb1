# Yosys commands of the activation-port proof between `proc` and the SMT-LIB export (scripts/formal runs them
# as `tcl formal/qmac_mvu_frame_stream.tcl SIMD=<s> KbBits=<b>`): flatten, then connect the harness's probe_*
# wires to qmac_mvu_frame's framing state and to its two spill registers' entries. A probe left unconnected is
# a free value and fails its lemma.
yosys flatten
yosys connect -set probe_pos u_dut.pos_q
yosys connect -set probe_dropping u_dut.dropping_q
yosys connect -set probe_full\[0\] u_dut.u_in2.a_full_q
yosys connect -set probe_full\[1\] u_dut.u_in2.b_full_q
yosys connect -set probe_full\[2\] u_dut.u_in.a_full_q
yosys connect -set probe_full\[3\] u_dut.u_in.b_full_q
yosys connect -set probe_in2_b u_dut.u_in2.b_data_q
yosys connect -set probe_in_a u_dut.u_in.a_data_q
yosys connect -set probe_in_b u_dut.u_in.b_data_q
