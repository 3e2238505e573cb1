// qmac_mvu_cfg_stream: formal harness of qmac_mvu_cfg (with qmac_mvu_cfg_weights inside), the layer engine's
// configuration parser (scripts/formal, proof `mvu_cfg`): the guarantees the other layer-engine proofs assume
// of it (formal/README.md, assume-guarantee table), on its ports.
//
// The environment (assumptions, on the parser's inputs only):
//   - a reset in the first cycle; later resets are free;
//   - s_cfg an AXI4-Stream master: once s_cfg_tvalid is high it stays high, with s_cfg_tdata and s_cfg_tlast
//     unchanged, until s_cfg_tready takes the word (a reset releases it);
//   - start_i as qmac_mvu drives it (its start_q, rtl/qmac_mvu.sv): a register, low after a reset, high only
//     one cycle after a cycle with s_cfg_tvalid and idle_o high (its other terms, the fold engine idle and the
//     input empty, are free here). That is qmac_mvu's own logic, not another module's guarantee.
// The properties (on the ports), with `changed` = kb_last_o or f_last_o differs from the cycle before:
//   p_ready       s_cfg_tready only during a load (idle_o low)
//   p_bounds      the bounds change only one cycle after a cycle of a load (idle_o low then, and no reset):
//                 never while idle, never in a load's first cycle (the one after idle_o), so they hold from a
//                 load's end to the next load's second cycle
//   p_settled     configured_o high: the bounds have not changed in this cycle nor in the three before
//   p_configured  configured_o high only while idle (not during a load); it falls only when a load starts
//                 (idle_o and start_i the cycle before) or at a reset, and rises only one or two cycles after
//                 a cycle of a load (so after a malformed load it stays low until the next load)
//   p_err         err_cfg_o is sticky (falls only at a reset)
//   p_value       a weight step (wgt_step_o) carries the low value of the word accepted the cycle before, or,
//                 when none was, the high value of the word accepted two cycles before: every value written
//                 comes from an accepted word, in the stream's order, and no half of a word is written twice
//                 (a step at t names the pair (word at t - 1, low) or (word at t - 2, high): one step per pair)
//   p_wcount      the number of weight steps since the load started never exceeds K x N of a good header (0
//                 for a malformed one: no step), and configured_o rises only when it is exactly K x N (no value
//                 lost, none extra); K, N and the header's validity read from the accepted words by the
//                 harness (the specification: K, N in {2, 4}, flag bits 0), not from the parser
// Lemmas (internal, proven too; formal/qmac_mvu_cfg_stream.tcl connects the probes after flattening): the
// one-hot state and its flags (l_state); the harness's packet position agrees with the state (l_packet); the
// parser's bounds, their flags and the header checks agree with the accepted header (l_header); the weight
// counters' position ((f PE + p)(kb_last + 1) + kb) SIMD + lane equals the step count (l_steps); the
// counters' registered compares, in range (l_flags).
// Not proven here: where the words go (parameter address, bank and bank address: see formal/README.md).
module qmac_mvu_cfg_stream #(
  parameter int PE        = 2,
  parameter int SIMD      = 2,
  parameter int MAX_K     = 4,
  parameter int MAX_N     = 4,
  parameter int KbBits    = 1,
  parameter int FBits     = 1,
  parameter int WAddrBits = 2,
  parameter int ChanBits  = 2
) (
  input logic clk_i
);
  localparam int WordBits = qmac_mvu_pkg::CfgWordBits;
  (* anyseq *) logic                rst_i, start_i, s_cfg_tvalid, s_cfg_tlast;
  (* anyseq *) logic [WordBits-1:0] s_cfg_tdata;
  logic                 s_cfg_tready, idle_o, configured_o, err_cfg_o, act_signed_o;
  logic [KbBits-1:0]    kb_last_o;
  logic [FBits-1:0]     f_last_o;
  logic                 prm_we_o;
  logic [ChanBits-1:0]  prm_waddr_o;
  logic [qmac_mvu_pkg::ChannelWords*WordBits-1:0] prm_wdata_o;
  logic [PE-1:0]        wgt_we_o;
  logic [WAddrBits-1:0] wgt_waddr_o;
  logic [SIMD*qmac_pkg::WeightBits-1:0] wgt_wdata_o;
  logic                 wgt_step_o;
  logic [qmac_mvu_pkg::WeightFieldBits-1:0] wgt_value_o;
  qmac_mvu_cfg #(
    .PE(PE), .SIMD(SIMD), .MAX_K(MAX_K), .MAX_N(MAX_N),
    .KbBits(KbBits), .FBits(FBits), .WAddrBits(WAddrBits), .ChanBits(ChanBits)
  ) u_dut (
    .clk_i, .rst_i, .start_i, .s_cfg_tvalid, .s_cfg_tready, .s_cfg_tdata, .s_cfg_tlast,
    .idle_o, .configured_o, .err_cfg_o, .act_signed_o, .kb_last_o, .f_last_o,
    .prm_we_o, .prm_waddr_o, .prm_wdata_o, .wgt_we_o, .wgt_waddr_o, .wgt_wdata_o, .wgt_step_o, .wgt_value_o);

  // ---- Probes (lemmas only), driven by formal/qmac_mvu_cfg_stream.tcl ----------------------------------------
  logic probe_idle, probe_hdr0, probe_hdr1, probe_chan, probe_wgt0, probe_wgt1, probe_drop;
  logic probe_ready, probe_chk, probe_pend, probe_chkw;
  logic probe_wstep, probe_final, probe_lane, probe_kb, probe_p, probe_f, probe_lane_end, probe_kb_end;
  logic probe_p_end, probe_f_end, probe_kb_pen, probe_f_pen, probe_kb_wrap, probe_f_wrap, probe_kb_m2, probe_f_m2;
  logic probe_kb_z, probe_f_z, probe_kb_one, probe_f_one, probe_header_ok, probe_flags_ok;
  logic [5:0] probe_terms;

  // ---- History -----------------------------------------------------------------------------------------------
  logic first_q = 1'b1, reset_seen_q = 1'b0;
  logic rst_q, rst_q2, idle_q, idle_q2, start_q, cfg_q, err_q, pending_q, offer_q;
  logic [WordBits:0] word_q;
  logic [KbBits-1:0] kb_q;
  logic [FBits-1:0]  f_q;
  logic [2:0]        changed_q;   // the bounds changed 1, 2, 3 cycles ago
  logic              acc1_q, acc2_q;   // a word was accepted 1, 2 cycles ago
  logic [WordBits-1:0] w1_q, w2_q;     // those words
  logic changed;
  // The packet as the specification reads it: the words accepted since the load started (idx, saturating at
  // 2), its header (K, N, the flags word), the weight steps since the load started (sc), and how many values
  // a good header asks for (tot; 0 for a bad one).
  logic        pkt_q;   // a load started since the last reset
  logic [1:0]  idx_q;
  logic [qmac_mvu_pkg::HeaderKBits-1:0] k_s;
  logic [qmac_mvu_pkg::HeaderNBits-1:0] n_s;
  logic        fl_s;
  logic [4:0]  sc_q, tot;
  logic        kn_ok, good, start_take, accepted;
  assign start_take = idle_o && start_i;
  assign accepted   = s_cfg_tvalid && s_cfg_tready;
  // K a multiple of SIMD in [SIMD, MAX_K], N a multiple of PE in [PE, MAX_N] (docs/mvu.md's header checks)
  assign kn_ok = k_s != '0 && k_s <= MAX_K && k_s % SIMD == 0 && n_s != '0 && n_s <= MAX_N && n_s % PE == 0;
  assign good  = kn_ok && fl_s;
  if (qmac_mvu_pkg::HeaderNWord != qmac_mvu_pkg::HeaderKWord || qmac_mvu_pkg::HeaderWords != 2) begin : gen_check_header
    $error("qmac_mvu_cfg_stream: the header is read as two words, K and N in one of them");
  end
  assign tot   = good ? 5'(k_s[2:0] * n_s[2:0]) : 5'd0;
  assign changed = kb_last_o != kb_q || f_last_o != f_q;
  always_ff @(posedge clk_i) begin
    first_q      <= 1'b0;
    reset_seen_q <= reset_seen_q || rst_i;
    rst_q        <= rst_i;
    idle_q       <= idle_o;
    idle_q2      <= idle_q;
    rst_q2       <= rst_q;
    start_q      <= start_i;
    cfg_q        <= configured_o;
    err_q        <= err_cfg_o;
    pending_q    <= !rst_i && s_cfg_tvalid && !s_cfg_tready;
    offer_q      <= !rst_i && s_cfg_tvalid && idle_o;
    word_q       <= {s_cfg_tlast, s_cfg_tdata};
    kb_q         <= kb_last_o;
    f_q          <= f_last_o;
    changed_q    <= {changed_q[1:0], changed};
    acc1_q       <= !rst_i && s_cfg_tvalid && s_cfg_tready;
    acc2_q       <= acc1_q;
    w1_q         <= s_cfg_tdata;
    w2_q         <= w1_q;
    if (rst_i) begin
      pkt_q <= 1'b0;
      idx_q <= '0;
      sc_q  <= '0;
    end else if (start_take) begin
      pkt_q <= 1'b1;
      idx_q <= '0;
      sc_q  <= '0;
    end else begin
      if (accepted && idx_q != 2'd2) idx_q <= idx_q + 2'd1;
      sc_q <= sc_q + 5'(wgt_step_o);
    end
    if (!rst_i && accepted && idx_q == 2'(qmac_mvu_pkg::HeaderKWord)) begin   // K and N share a word (checked below)
      k_s <= s_cfg_tdata[qmac_mvu_pkg::HeaderKLsb +: qmac_mvu_pkg::HeaderKBits];
      n_s <= s_cfg_tdata[qmac_mvu_pkg::HeaderNLsb +: qmac_mvu_pkg::HeaderNBits];
    end
    if (!rst_i && accepted && idx_q == 2'(qmac_mvu_pkg::HeaderActSignedWord)) fl_s <= (s_cfg_tdata >> qmac_mvu_pkg::HeaderActSignedBits) == '0;
  end

  // ---- The environment ---------------------------------------------------------------------------------------
  always_comb begin
    if (first_q) assume (rst_i);
    if (!first_q && pending_q && !rst_i) assume (s_cfg_tvalid && {s_cfg_tlast, s_cfg_tdata} == word_q);
    if (!first_q && start_i) assume (offer_q);
  end

  logic [4:0] cnt;   // the weight counters' position: ((f PE + p)(kb_last + 1) + kb) SIMD + lane
  assign cnt = 5'((((5'(probe_f) << 1) + 5'(probe_p)) * (5'(kb_last_o) + 5'd1) + 5'(probe_kb)) << 1) + 5'(probe_lane);

  // ---- Properties (on the ports) -----------------------------------------------------------------------------
  logic checking, after;   // after: this cycle and the one before are checked
  assign checking = reset_seen_q && !rst_i;
  assign after    = checking && !rst_q && !first_q;
  always_comb begin
    if (checking) begin
      p_ready:      assert (!s_cfg_tready || !idle_o);
      p_configured: assert ((!configured_o || idle_o) && (!after || !cfg_q || configured_o || (idle_q && start_q))
                            && (!after || cfg_q || !configured_o || !idle_q || (!rst_q2 && !idle_q2)));
      p_err:        assert (!after || !err_q || err_cfg_o);
      p_wcount:     assert (5'(sc_q + 5'(wgt_step_o)) <= tot && sc_q <= tot
                            && (!after || cfg_q || !configured_o || (tot != '0 && sc_q == tot)));
      p_value:      assert (!wgt_step_o || (!rst_q && ((acc1_q && wgt_value_o == w1_q[0 +: qmac_mvu_pkg::WeightFieldBits])
                                                       || (!acc1_q && acc2_q && wgt_value_o == w2_q[qmac_mvu_pkg::WeightFieldBits +: qmac_mvu_pkg::WeightFieldBits]))));
    end
    if (after) begin
      p_bounds:     assert (!changed || !idle_q);
      p_settled:    assert (!configured_o || (!changed && changed_q == 3'b000));
    end
`ifndef FORMAL_NO_LEMMAS
    // Lemmas: the state is one-hot, s_cfg_tready is its decode, the check flags sit in their states.
    if (checking) begin
      l_state: assert ($countones({probe_idle, probe_hdr0, probe_hdr1, probe_chan, probe_wgt0, probe_wgt1,
                                   probe_drop}) == 1 && probe_ready == !(probe_idle || probe_wgt1)
                       && (!probe_chk || probe_chan || probe_idle) && (!probe_pend || probe_wgt0)
                       && (!probe_chkw || probe_idle) && (!probe_idle || probe_idle == idle_o));
      l_packet: assert ((!probe_hdr0 || (pkt_q && idx_q == 2'd0 && sc_q == '0))
                        && (!probe_hdr1 || (pkt_q && idx_q == 2'd1 && sc_q == '0))
                        && (!(probe_chan || probe_wgt0 || probe_wgt1 || probe_drop) || (pkt_q && idx_q == 2'd2))
                        && (!probe_chan || sc_q == '0) && (pkt_q || (sc_q == '0 && probe_idle && !probe_chkw))
                        && (probe_wstep == (probe_wgt1 || probe_pend || probe_chkw)));
      if (pkt_q && !probe_hdr0) begin
        l_header: assert (kb_last_o == KbBits'(k_s / SIMD - 1) && f_last_o == FBits'(n_s / PE - 1)
                          && probe_kb_z == (kb_last_o == '0) && probe_f_z == (f_last_o == '0)
                          && probe_kb_one == (kb_last_o == KbBits'(1)) && probe_f_one == (f_last_o == FBits'(1))
                          && (&probe_terms) == kn_ok
                          && (!(probe_chan || probe_wgt0 || probe_wgt1) || (probe_header_ok == kn_ok && probe_flags_ok == fl_s))
                          && (!((probe_chan && !probe_chk) || probe_wgt0 || probe_wgt1 || probe_chkw) || good));
      end
      if (pkt_q && idx_q == 2'd2) begin   // the counters restarted (Hdr1) in this load
        l_steps: assert (sc_q == cnt || (sc_q == tot && tot != '0 && cnt == '0) || (sc_q == tot && cnt == tot));
      end
      if (pkt_q && (probe_chan || probe_wgt0 || probe_wgt1 || probe_chkw)) begin
        l_flags: assert (probe_kb <= kb_last_o && probe_f <= f_last_o && probe_lane_end == probe_lane && probe_kb_end == (probe_kb == kb_last_o)
                         && probe_p_end == probe_p && probe_f_end == (probe_f == f_last_o)
                         && probe_kb_wrap == (probe_lane_end && probe_kb_end)
                         && probe_f_wrap == (probe_kb_wrap && probe_p_end)
                         && (probe_kb_end || probe_kb_pen == (KbBits'(probe_kb + 1'b1) == kb_last_o))
                         && (probe_f_end || probe_f_pen == (FBits'(probe_f + 1'b1) == f_last_o))
                         && probe_final == (probe_lane_end && probe_kb_end && probe_p_end && probe_f_end)
                         && probe_kb_m2 == KbBits'(kb_last_o - 2'd2) && probe_f_m2 == FBits'(f_last_o - 2'd2)
                         && (probe_chan || (sc_q < tot && probe_final == (sc_q == 5'(tot - 5'd1)))));
      end
    end
`endif
  end
endmodule
