# Yosys commands of the fold-schedule proof between `proc` and the SMT-LIB export (scripts/formal runs them as
# `tcl formal/qmac_mvu_fold_stream.tcl PE=<p> ...`): flatten, then connect the harness's probe_* wires to
# qmac_mvu_fold's counters, credit counter and registered flags. A probe left unconnected is a free value and
# fails its lemma.
yosys flatten
foreach {probe reg} {
  probe_b b_q  probe_f f_q  probe_waddr waddr_q  probe_credits credits_q  probe_gap gap_q
  probe_kb_m1 kb_m1_q  probe_f_m1 f_m1_q  probe_kb_z kb_z_q  probe_f_z f_z_q
  probe_fold0 fold0_q  probe_b_last b_last_q  probe_vlast vlast_q  probe_may_end may_end_q
  probe_take take_q  probe_keep keep_q
} {
  yosys connect -nomap -set $probe u_dut.$reg
}
