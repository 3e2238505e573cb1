# Yosys commands of the configuration-parser proof between `proc` and the SMT-LIB export (scripts/formal runs
# them as `tcl formal/qmac_mvu_cfg_stream.tcl PE=<p> ...`): flatten, then connect the harness's probe_* wires
# to qmac_mvu_cfg's state flip-flops. A probe left unconnected is a free value and fails its lemma.
yosys flatten
foreach {probe reg} {
  probe_idle idle_q  probe_hdr0 hdr0_q  probe_hdr1 hdr1_q  probe_chan chan_st_q  probe_wgt0 wgt0_q
  probe_wgt1 wgt1_q  probe_drop drop_q  probe_ready ready_q  probe_chk chk_q  probe_pend pend_q
  probe_chkw chkw_q  probe_wstep wstep  probe_kb_z kb_z_q  probe_f_z f_z_q  probe_kb_one kb_one_q
  probe_f_one f_one_q  probe_header_ok header_ok_q  probe_flags_ok flags_ok_q  probe_terms hdr_terms_q
  probe_final u_weights.final_q  probe_lane u_weights.lane_q  probe_kb u_weights.kb_q  probe_p u_weights.p_q
  probe_f u_weights.f_q  probe_lane_end u_weights.lane_end_q  probe_kb_end u_weights.kb_end_q
  probe_p_end u_weights.p_end_q  probe_f_end u_weights.f_end_q  probe_kb_pen u_weights.kb_pen_q
  probe_f_pen u_weights.f_pen_q  probe_kb_wrap u_weights.kb_wrap_q  probe_f_wrap u_weights.f_wrap_q
  probe_kb_m2 u_weights.kb_m2_q  probe_f_m2 u_weights.f_m2_q
} {
  yosys connect -nomap -set $probe u_dut.$reg
}
