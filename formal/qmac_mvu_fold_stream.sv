// qmac_mvu_fold_stream: formal harness of qmac_mvu_fold, the layer engine's fold schedule and output credits
// (scripts/formal, proof `mvu_fold`).
//
// The environment (assumptions, on the fold engine's inputs only; each is a guarantee of the module that
// drives the input in qmac_mvu, formal/README.md):
//   - a reset in the first cycle; after a reset no beat comes before a layer load (qmac_mvu_frame accepts
//     only when configured);
//   - the input register (qmac_mvu_frame's u_in2, proof `mvu_frame`): once in_valid_i is high it stays high
//     with in_data_i and in_abort_i unchanged until in_ready_o takes the beat;
//   - a load (load_i, qmac_mvu_cfg busy) starts only one cycle after idle_o was high with no beat waiting
//     (qmac_mvu's start_q is registered), with no beat then, and no beat comes during it; the layer's bounds
//     kb_last_i, f_last_i change only in a cycle after a load's cycle (not in its first: the parser takes
//     the header after the load started), or while no load has ended since a reset (proof `mvu_cfg`
//     p_bounds); no beat comes in a cycle where they changed or in the two after it, and none after a load
//     whose bounds changed in its last two cycles or after it until the next load: the beats come only
//     while the parser is idle and configured (qmac_mvu_frame's accept_allow_i), configured_o implies the
//     bounds settled for three cycles and rises only at a load's end (`mvu_cfg` p_settled, p_configured: a
//     malformed packet whose TLAST is on a header word changes the bounds at the load's very end and
//     leaves the engine unconfigured);
//   - out_fire_i (a beat leaves the output FIFO) only while a beat of an issued output fold is outstanding:
//     each output fold gives the FIFO one beat (proofs `mvu_serial` and `mvu_fifo`), so the FIFO holds at
//     most the outstanding ones. m_axis_tready is otherwise free: out_fire_i may stay low for ever.
// The properties (on the ports), with `outstanding` = output folds issued (step_load_o) minus beats left
// (out_fire_i), and a shadow (sb, sf) of the schedule: the beat and fold of the next step, advanced by each
// step (step_valid_o), a fold ending after kb_last_i + 1 steps or at an aborted beat in fold 0, a vector after
// f_last_i + 1 folds or at an abort:
//   p_credit    outstanding <= FifoDepth, counting the fold issued this cycle: whatever m_axis_tready does,
//               the output FIFO never holds more beats than its entries (no overflow)
//   p_in        a fold-0 step exactly for each beat in_ready_o took, with that beat's activations (act_o):
//               the engine stalls (in_ready_o low, the beat waits) rather than drops or repeats a beat
//   p_schedule  each step's flags as the schedule says: fold 0 (activations from the port), fold end, output
//               (not for an aborted vector), the vector's last fold
//   p_addr      the step's input-buffer word (sb) and weight word (sf x (kb_last + 1) + sb)
//   p_gap       output folds at least PE cycles apart (the serializer's condition, proof `mvu_serial`)
// Lemmas (internal, proven too): the counters and the registered flags equal the shadow, the credits equal
// FifoDepth - outstanding. formal/qmac_mvu_fold_stream.tcl connects the probe_* wires after flattening.
module qmac_mvu_fold_stream #(
  parameter int PE        = 2,
  parameter int SIMD      = 2,
  parameter int KbBits    = 2,    // MAX_K / SIMD = 4 beats
  parameter int FBits     = 1,    // MAX_N / PE = 2 folds
  parameter int WAddrBits = 3,    // 4 x 2 weight words
  parameter int FifoDepth = qmac_mvu_pkg::fifo_depth(PE, SIMD, 1'b0)   // qmac_mvu's (21 at PE = SIMD = 2)
) (
  input logic clk_i
);
  localparam int ActW       = SIMD * qmac_mvu_pkg::ActLaneBits;
  localparam int CreditBits = $clog2(FifoDepth + 2);
  localparam int GapBits    = (PE > 1) ? $clog2(PE) : 1;
  localparam int SinceBits  = $clog2(PE + 1);

  (* anyseq *) logic              rst_i, in_valid_i, in_abort_i, out_fire_i, load_i;
  (* anyseq *) logic [KbBits-1:0] kb_last_i;
  (* anyseq *) logic [FBits-1:0]  f_last_i;
  (* anyseq *) logic [ActW-1:0]   in_data_i;
  logic                 in_ready_o, idle_o, buf_we_o;
  logic [KbBits-1:0]    buf_waddr_o, buf_raddr_o;
  logic [WAddrBits-1:0] wgt_raddr_o;
  logic                 step_valid_o, step_last_o, step_load_o, step_vlast_o, step_fold0_o;
  logic [ActW-1:0]      act_o;
  qmac_mvu_fold #(
    .PE(PE), .SIMD(SIMD), .KbBits(KbBits), .FBits(FBits), .WAddrBits(WAddrBits), .FifoDepth(FifoDepth)
  ) u_dut (
    .clk_i, .rst_i, .kb_last_i, .f_last_i, .in_valid_i, .in_ready_o, .in_data_i, .in_abort_i, .out_fire_i,
    .load_i, .idle_o, .buf_we_o, .buf_waddr_o, .buf_raddr_o, .wgt_raddr_o,
    .step_valid_o, .step_last_o, .step_load_o, .step_vlast_o, .step_fold0_o, .act_o);

  // ---- The reset in the first cycle (assumed), the cycles the properties are checked in -----------------------
  logic first_q, checking;
  qmac_formal_reset u_reset (.clk_i, .rst_i, .first_o(first_q), .checking_o(checking));

  // ---- Probes (lemmas only), driven by formal/qmac_mvu_fold_stream.tcl ---------------------------------------
  logic [KbBits-1:0]     probe_b, probe_kb_m1;
  logic [FBits-1:0]      probe_f, probe_f_m1;
  logic [WAddrBits-1:0]  probe_waddr;
  logic [CreditBits-1:0] probe_credits;
  logic [GapBits-1:0]    probe_gap;
  logic                  probe_fold0, probe_b_last, probe_vlast, probe_may_end, probe_take, probe_keep;
  logic                  probe_kb_z, probe_f_z;

  // ---- Shadow ------------------------------------------------------------------------------------------------
  logic accepted, accepted_q, abort_q, loaded_q, load_q;
  logic [ActW-1:0] data_q;
  assign accepted = in_valid_i && in_ready_o;
  logic [CreditBits-1:0] out_q;                  // outstanding output folds (before this cycle's step_load_o)
  logic [KbBits-1:0]     sb_q;
  logic [FBits-1:0]      sf_q;
  logic [SinceBits-1:0]  since_q;                // cycles since the last output fold, saturating at PE
  logic [KbBits-1:0]     buf_q;
  logic [WAddrBits-1:0]  wgt_q;
  logic                  exp_abort, exp_last, exp_load, exp_vend;
  logic [KbBits-1:0]     sb_d;
  logic [FBits-1:0]      sf_d;
  assign exp_abort = sf_q == '0 && abort_q;
  assign exp_last  = exp_abort || sb_q == kb_last_i;
  assign exp_load  = exp_last && !exp_abort;
  assign exp_vend  = exp_last && (exp_abort || sf_q == f_last_i);
  assign sb_d = !step_valid_o ? sb_q : (exp_last ? '0 : sb_q + KbBits'(1));
  assign sf_d = !step_valid_o ? sf_q : (exp_vend ? '0 : (exp_last ? sf_q + FBits'(1) : sf_q));
  always_ff @(posedge clk_i) begin
    accepted_q   <= !rst_i && accepted;
    abort_q      <= in_abort_i;
    data_q       <= in_data_i;
    load_q       <= !rst_i && load_i;
    buf_q        <= buf_raddr_o;
    wgt_q        <= wgt_raddr_o;
    if (rst_i) begin
      loaded_q <= 1'b0;
      out_q    <= '0;
      sb_q     <= '0;
      sf_q     <= '0;
      since_q  <= SinceBits'(PE);
    end else begin
      // a load whose bounds changed in its last two cycles, or after it (a malformed packet's header: the
      // parser leaves the engine unconfigured, so no beat comes until the next load): no beat after it
      if (!load_i && (changed || changed_q != 2'b00)) loaded_q <= 1'b0;
      else if (load_q && !load_i)                     loaded_q <= 1'b1;
      out_q   <= out_q + CreditBits'(step_load_o) - CreditBits'(out_fire_i);
      sb_q    <= sb_d;
      sf_q    <= sf_d;
      since_q <= step_load_o ? SinceBits'(1) : (since_q == SinceBits'(PE) ? since_q : since_q + SinceBits'(1));
    end
  end

  // ---- The environment ---------------------------------------------------------------------------------------
  logic              pending_q;
  logic [ActW:0]     in_beat_q;
  logic [KbBits-1:0] kb_q;
  logic [FBits-1:0]  f_q;
  logic [1:0]        changed_q;                  // the bounds changed 1, 2 cycles ago
  logic              changed, start_ok_q;
  assign changed = kb_last_i != kb_q || f_last_i != f_q;
  always_ff @(posedge clk_i) begin
    start_ok_q <= !rst_i && idle_o && !in_valid_i;
    pending_q <= !rst_i && in_valid_i && !in_ready_o;
    in_beat_q <= {in_abort_i, in_data_i};
    kb_q      <= kb_last_i;
    f_q       <= f_last_i;
    changed_q <= rst_i ? 2'b00 : {changed_q[0], changed};
  end
  always_comb begin
    if (!first_q && !rst_i) begin
      if (pending_q) assume (in_valid_i && {in_abort_i, in_data_i} == in_beat_q);
      if (!loaded_q || load_i || changed || changed_q != 2'b00) assume (!in_valid_i);
      if (load_i && !load_q) assume (start_ok_q && !in_valid_i);
      if (changed) assume (load_q || !loaded_q);
      if (out_fire_i) assume (out_q != '0);
    end
  end

  // ---- Properties (on the ports) -----------------------------------------------------------------------------
  always_comb begin
    if (checking) begin
      p_credit:   assert (out_q + CreditBits'(step_load_o) <= CreditBits'(FifoDepth));
      p_in:       assert ((step_valid_o && step_fold0_o) == accepted_q && (!accepted_q || act_o == data_q));
      p_schedule: assert (step_valid_o ? (step_fold0_o == (sf_q == '0) && step_last_o == exp_last
                                          && step_load_o == exp_load && step_vlast_o == (sf_q == f_last_i))
                                       : (!step_last_o && !step_load_o));
      p_addr:     assert (!step_valid_o || (buf_q == sb_q
                          && wgt_q == WAddrBits'(sf_q) * WAddrBits'(kb_last_i + 1'b1) + WAddrBits'(sb_q)));
      p_gap:      assert (!step_load_o || since_q == SinceBits'(PE));
    end
  end

  // ---- Lemmas (on the probes; off in the mutants' runs, -DFORMAL_NO_LEMMAS) ----------------------------------
`ifndef FORMAL_NO_LEMMAS
  logic settled;                                 // the bounds have not changed for two cycles
  assign settled = !changed && changed_q == 2'b00;
  always_comb begin
    if (checking) begin
      l_range:    assert (sb_q <= kb_last_i && sf_q <= f_last_i && sb_d <= kb_last_i && sf_d <= f_last_i
                          && (loaded_q || (sb_q == '0 && sf_q == '0 && !step_valid_o && !probe_take)));
      l_counters: assert (probe_b == sb_d && probe_f == sf_d
                          && probe_waddr == WAddrBits'(sf_d) * WAddrBits'(kb_last_i + 1'b1) + WAddrBits'(sb_d)
                          && (!load_i || (sb_d == '0 && sf_d == '0 && !step_valid_o)));
      l_bounds:   assert (!settled || (probe_kb_m1 == kb_last_i - 1'b1 && probe_f_m1 == f_last_i - 1'b1
                                       && probe_kb_z == (kb_last_i == '0) && probe_f_z == (f_last_i == '0)));
      l_flags:    assert (probe_fold0 == (probe_f == '0)
                          && (!loaded_q || load_i || !settled || (probe_b_last == (probe_b == kb_last_i)
                                                      && probe_vlast == (probe_f == f_last_i)))
                          && probe_may_end == (probe_credits != CreditBits'(probe_take) && probe_gap == '0));
      l_credits:  assert (probe_credits == CreditBits'(FifoDepth) - out_q && out_q <= CreditBits'(FifoDepth)
                          && probe_credits >= CreditBits'(probe_take) && probe_keep == step_load_o
                          && (!step_load_o || probe_take));
      // The gap counts down from PE - 1 after each take: since an output fold, gap + cycles >= PE - 1 (an
      // aborted take in between restarts it), so the next fold end waits PE cycles.
      l_take:     assert (probe_take == (step_valid_o && sb_q == kb_last_i)
                          && (!probe_take || !(probe_gap != GapBits'(PE - 1)))
                          && since_q != '0 && since_q <= SinceBits'(PE)
                          && (since_q == SinceBits'(PE) || 8'(probe_gap) + 8'(since_q) >= 8'(PE - 1)));
    end
  end
`endif

endmodule
