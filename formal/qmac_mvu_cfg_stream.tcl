# Yosys commands of the configuration-parser proof between `proc` and the SMT-LIB export (scripts/formal runs
# them as `tcl formal/qmac_mvu_cfg_stream.tcl PE=<p> ...`): flatten, then connect the harness's probe_* wires
# to qmac_mvu_cfg's state flip-flops. A probe left unconnected is a free value and fails its lemma.
yosys flatten
foreach {probe reg} {
  probe_idle idle_q  probe_hdr0 hdr0_q  probe_hdr1 hdr1_q  probe_chan chan_st_q  probe_wgt0 wgt0_q
  probe_wgt1 wgt1_q  probe_drop drop_q  probe_ready ready_q  probe_chk chk_q  probe_pend pend_q
  probe_chkw chkw_q
} {
  yosys connect -nomap -set $probe u_dut.$reg
}
