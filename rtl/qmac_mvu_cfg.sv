// qmac_mvu_cfg: the configuration stream's parser (docs/mvu.md, "Configuration stream"): one layer load per
// packet, written into the parameter memory and the weight banks; the packet's framing and header checks.
//
// A load starts (start_i) only while the engine is idle; s_cfg_tready is high from then to the packet's
// TLAST, except on the cycle after each weight word, which writes that word's second weight (one weight per
// cycle, so that any SIMD and PE take whole bank words from one collector and no bank is written twice in a
// cycle). The packet:
//   header   word 0 {N, K}: K a multiple of SIMD in [SIMD, MAX_K], N a multiple of PE in [PE, MAX_N];
//            word 1: act_signed in bit 0, the other bits 0
//   channels N records of ChannelWords words, written as they are (ChannelWords x 32 bits) at address n of
//            the parameter memory (the serializer extracts the fields: one layout, qmac_mvu_pkg's)
//   weights  K x N values w - zw, row-major, two int16 per word (the low 9 bits are kept: [-255, 255] fits);
//            value (n, k) goes to bank n % PE, word (n / PE) x K / SIMD + k / SIMD, lane k % SIMD
// A malformed packet (a TLAST before the word that holds the last weight, none on it, a bad K or N, nonzero
// flag bits) sets err_cfg_o (sticky) and leaves the engine unconfigured; the words up to its TLAST are dropped.
// configured_o falls when a load starts and rises after a good one. Where each weight goes (its counters,
// the SIMD-lane collector and the bank write) is qmac_mvu_cfg_weights.
module qmac_mvu_cfg #(
  parameter int PE        = 4,
  parameter int SIMD      = 8,
  parameter int MAX_K     = 64,
  parameter int MAX_N     = 16,
  parameter int KbBits    = 1,   // K / SIMD - 1
  parameter int FBits     = 1,   // N / PE - 1
  parameter int WAddrBits = 1,   // a weight bank's address
  parameter int ChanBits  = 1    // a channel index (N - 1)
) (
  input  logic                        clk_i,
  input  logic                        rst_i,
  input  logic                        start_i,         // the engine is idle and a packet waits
  input  logic                        s_cfg_tvalid,
  output logic                        s_cfg_tready,
  input  logic [qmac_mvu_pkg::CfgWordBits-1:0] s_cfg_tdata,
  input  logic                        s_cfg_tlast,
  output logic                        idle_o,          // no load in progress
  output logic                        configured_o,
  output logic                        err_cfg_o,
  output logic                        act_signed_o,
  output logic [KbBits-1:0]           kb_last_o,       // K / SIMD - 1
  output logic [FBits-1:0]            f_last_o,        // N / PE - 1
  // parameter memory: one channel record per address
  output logic                        prm_we_o,
  output logic [ChanBits-1:0]         prm_waddr_o,
  output logic [qmac_mvu_pkg::ChannelWords*qmac_mvu_pkg::CfgWordBits-1:0] prm_wdata_o,
  // weight banks: one word of SIMD lanes
  output logic [PE-1:0]               wgt_we_o,        // one-hot: the bank written
  output logic [WAddrBits-1:0]        wgt_waddr_o,
  output logic [SIMD*qmac_pkg::WeightBits-1:0] wgt_wdata_o,
  // for the assertions: the weight value written this cycle
  output logic                        wgt_step_o,
  output logic [qmac_mvu_pkg::WeightFieldBits-1:0] wgt_value_o
);
  localparam int WordBits  = qmac_mvu_pkg::CfgWordBits;
  localparam int FieldBits = qmac_mvu_pkg::WeightFieldBits;
  localparam int DimBits   = qmac_mvu_pkg::HeaderKBits;
  localparam int CwBits    = $clog2(qmac_mvu_pkg::ChannelWords);
  localparam int RecBits   = qmac_mvu_pkg::ChannelWords * WordBits;
  localparam bit SimdPow2  = (SIMD & (SIMD - 1)) == 0;
  localparam bit PePow2    = (PE & (PE - 1)) == 0;

`ifndef __ICARUS__
  if (qmac_mvu_pkg::HeaderKBits != qmac_mvu_pkg::HeaderNBits || 2 * FieldBits != WordBits
      || qmac_mvu_pkg::HeaderActSignedBits != 1 || qmac_mvu_pkg::HeaderKWord != 0
      || qmac_mvu_pkg::HeaderNWord != 0 || qmac_mvu_pkg::HeaderActSignedWord != 1
      || qmac_mvu_pkg::HeaderWords != 2) begin : gen_check_layout
    $error("qmac_mvu_cfg: the parser reads a 2-word header {N, K}, {flags} and two weights per word");
  end
`endif

  // The states, one-hot (iCE40 Fmax: each next-state bit is a small function of flip-flops; a binary state
  // had the parser's critical path through its decode): exactly one of these is high after reset.
  logic idle_q, hdr0_q, hdr1_q, chan_st_q, wgt0_q, wgt1_q, drop_q;

  logic ready_q;
  assign s_cfg_tready = ready_q;

  // ---- Header word 0: K and N, their checks and the fold counts ----------------------------------------------
  logic [DimBits-1:0] hk, hn;
  assign hk = s_cfg_tdata[qmac_mvu_pkg::HeaderKLsb +: DimBits];
  assign hn = s_cfg_tdata[qmac_mvu_pkg::HeaderNLsb +: DimBits];
  logic k_mult, n_mult;
  logic [DimBits-1:0] k_beats, n_folds;
  // A power-of-two SIMD or PE (every prebuilt shape) is a mask and a shift; others divide by a constant.
  if (SimdPow2) begin : gen_k_pow2
    assign k_mult  = (hk & DimBits'(SIMD - 1)) == '0;
    assign k_beats = hk >> $clog2(SIMD);
  end else begin : gen_k_div
    assign k_mult  = (hk % DimBits'(SIMD)) == '0;
    assign k_beats = hk / DimBits'(SIMD);
  end
  if (PePow2) begin : gen_n_pow2
    assign n_mult  = (hn & DimBits'(PE - 1)) == '0;
    assign n_folds = hn >> $clog2(PE);
  end else begin : gen_n_div
    assign n_mult  = (hn % DimBits'(PE)) == '0;
    assign n_folds = hn / DimBits'(PE);
  end
  // The header's checks are registered before the state machine reads them (iCE40 Fmax: the compares of
  // the raw word took the parser's critical path): word 0's six terms at its transfer, their AND during
  // Hdr1, word 1's flag check at its transfer. The first Chan cycle (chk_q) then acts on them: a bad
  // header sets the error and drops the packet to its TLAST from there (no channel record is written
  // before: a record's last word comes three words later at the earliest).
  logic [5:0] hdr_terms, hdr_terms_q;
  assign hdr_terms = {hk != '0, k_mult, 32'(hk) <= 32'(MAX_K), hn != '0, n_mult, 32'(hn) <= 32'(MAX_N)};
  logic flags_ok;
  assign flags_ok = (s_cfg_tdata >> qmac_mvu_pkg::HeaderActSignedBits) == '0;
  logic header_ok_q, flags_ok_q, chk_q, err_d_q;

  logic [KbBits-1:0]  kb_last_q;
  logic [FBits-1:0]   f_last_q;
  logic [ChanBits-1:0] n_last_q;
  logic               act_signed_q, configured_q, err_q;

  // ---- Channel records -------------------------------------------------------------------------------------
  logic [CwBits-1:0]   cw_q;
  logic [ChanBits-1:0] chan_q;
  logic [RecBits-WordBits-1:0] rec_q;   // the record's words before the last
  logic rec_done, chans_done;
  // chan_last_q = (chan_q == n_last_q), registered beside chan_q (iCE40 Fmax: the compare fed the state
  // machine); n_m1_q = n_last_q - 1, so that chan_q's next value meets the bound without a chain.
  logic chan_last_q;
  logic [ChanBits-1:0] n_m1_q;
  assign rec_done   = cw_q == CwBits'(qmac_mvu_pkg::ChannelWords - 1);
  assign chans_done = rec_done && chan_last_q;

  // ---- Weights: one value per cycle, placed by qmac_mvu_cfg_weights (counters, collector, bank write) ------
  logic [FieldBits-1:0] w1_q;
  logic                 tlast_q;
  // A value taken from the stream (wtake: a word's first in Wgt0, its second in Wgt1) is counted and collected
  // one edge later (wstep, wvalue: registered; iCE40 Fmax: s_cfg_tvalid reached every weight counter's enable).
  // So final_w, "the next value to count is the packet's last", speaks of the value taken one edge earlier when
  // there is one (wstep): the state machine decides on a value one edge after taking it (below).
  logic                 wtake, wstep;
  logic [FieldBits-1:0] wvalue;
  logic                 stop;   // Wgt0 right after Wgt1, and that word's second value was the last: no TLAST on it
  always_ff @(posedge clk_i) begin
    if (rst_i) wstep <= 1'b0;
    else       wstep <= wtake;
    wvalue <= wgt1_q ? w1_q : s_cfg_tdata[FieldBits-1:0];
  end

  logic kb_z_q, f_z_q, kb_one_q, f_one_q;   // kb_last_q == 0, f_last_q == 0, kb_last_q == 1, f_last_q == 1
  logic final_w;   // the next value to count is the packet's last
  qmac_mvu_cfg_weights #(
    .PE(PE), .SIMD(SIMD), .KbBits(KbBits), .FBits(FBits), .WAddrBits(WAddrBits)
  ) u_weights (
    .clk_i, .rst_i,
    .restart_i (hdr1_q),
    .step_i    (wstep),
    .value_i   (wvalue),
    .kb_last_i (kb_last_q),
    .f_last_i  (f_last_q),
    .kb_z_i    (kb_z_q),
    .f_z_i     (f_z_q),
    .kb_one_i  (kb_one_q),
    .f_one_i   (f_one_q),
    .final_o   (final_w),
    .wgt_we_o,
    .wgt_waddr_o,
    .wgt_wdata_o
  );
  assign wgt_step_o  = wstep;
  assign wgt_value_o = wvalue;

  // ---- The packet's state machine ----------------------------------------------------------------------------
  // Idle -> Hdr0 -> Hdr1 -> Chan (N records) -> Wgt0 <-> Wgt1 (a weight word's two values) -> Idle; Drop
  // skips a malformed packet's words up to its TLAST. Every state but Idle and Wgt1 has s_cfg_tready high
  // (ready_q), so a transfer in one of them is s_cfg_tvalid alone (tv below: one input fewer per term).
  logic tv, tl, bad;
  assign tv  = s_cfg_tvalid;
  assign tl  = s_cfg_tlast;
  assign bad = chk_q && !(header_ok_q && flags_ok_q);   // the header's checks failed (first Chan cycle)
  // Weights: Wgt0 takes a word (its first value, wtake) and goes to Wgt1, which takes the second value unless the
  // first was the packet's last (final_w there speaks of the first: an odd K x N, TLAST must be on this word).
  // Otherwise the second value's check waits an edge: with TLAST on the word, in Idle (chkw_q: done if it was
  // the last, else an early TLAST); without, in Wgt0 (pend_q: if it was the last, the TLAST is missing: that
  // cycle acts as Drop). The extra edge delays configured_o and err_cfg_o, never s_cfg_tready's beats.
  logic pend_q, chkw_q;
  assign stop = pend_q && final_w;
  logic idle_d, hdr0_d, hdr1_d, chan_d, wgt0_d, wgt1_d, drop_d;
  logic error, done;   // this cycle ends the load: malformed / good
  always_comb begin
    idle_d = (idle_q && !start_i) || (tv && tl && (hdr0_q || hdr1_q || chan_st_q || drop_q || (wgt0_q && stop)))
             || (wgt1_q && tlast_q);
    hdr0_d = (idle_q && start_i) || (hdr0_q && !tv);
    hdr1_d = (hdr0_q && tv && !tl) || (hdr1_q && !tv);
    chan_d = (hdr1_q && tv && !tl) || (chan_st_q && !bad && !(tv && (tl || chans_done)));
    wgt0_d = (chan_st_q && !bad && tv && !tl && chans_done) || (wgt0_q && !stop && !tv)
             || (wgt1_q && !final_w && !tlast_q);
    wgt1_d = wgt0_q && !stop && tv;
    drop_d = (chan_st_q && bad && !(tv && tl)) || (wgt0_q && stop && !(tv && tl)) || (wgt1_q && final_w && !tlast_q)
             || (drop_q && !(tv && tl));
    wtake  = (wgt0_q && !stop && tv) || (wgt1_q && !final_w);
    // A TLAST in a header or record word, a bad header, a TLAST off the last weight's word, none on it.
    error  = (tv && tl && (hdr0_q || hdr1_q || chan_st_q)) || (chan_st_q && bad) || (wgt0_q && stop)
             || (wgt1_q && final_w && !tlast_q) || (chkw_q && !final_w);
    // The packet's last weight is a word's first (an odd K x N: TLAST on that word) or its second.
    done   = (wgt1_q && final_w && tlast_q) || (chkw_q && final_w);
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      idle_q       <= 1'b1;
      hdr0_q       <= 1'b0;
      hdr1_q       <= 1'b0;
      chan_st_q    <= 1'b0;
      wgt0_q       <= 1'b0;
      wgt1_q       <= 1'b0;
      drop_q       <= 1'b0;
      ready_q      <= 1'b0;
      configured_q <= 1'b0;
      err_q        <= 1'b0;
      err_d_q      <= 1'b0;
      chk_q        <= 1'b0;
      pend_q       <= 1'b0;
      chkw_q       <= 1'b0;
    end else begin
      pend_q    <= wgt1_q && !final_w && !tlast_q;
      chkw_q    <= wgt1_q && !final_w && tlast_q;
      idle_q    <= idle_d;
      hdr0_q    <= hdr0_d;
      hdr1_q    <= hdr1_d;
      chan_st_q <= chan_d;
      wgt0_q    <= wgt0_d;
      wgt1_q    <= wgt1_d;
      drop_q    <= drop_d;
      chk_q     <= hdr1_q && tv;
      ready_q   <= !idle_d && !wgt1_d;
      if (idle_q && start_i) configured_q <= 1'b0;
      else if (done)         configured_q <= 1'b1;
      err_d_q <= error;   // registered once (iCE40 Fmax): err_cfg_o rises one edge after the error
      if (err_d_q) err_q <= 1'b1;
    end
  end
`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (!rst_i && ($countones({idle_q, hdr0_q, hdr1_q, chan_st_q, wgt0_q, wgt1_q, drop_q}) != 1
                   || ready_q != !(idle_q || wgt1_q) || (chan_st_q && chan_last_q != (chan_q == n_last_q)))) begin
      $error("qmac_mvu_cfg: the state is not one-hot, or s_cfg_tready or chan_last_q disagrees with it");
    end
  end
`endif

  always_ff @(posedge clk_i) begin
    header_ok_q <= &hdr_terms_q;
    if (hdr1_q && tv) flags_ok_q <= flags_ok;
    if (hdr0_q && tv) begin
      hdr_terms_q <= hdr_terms;
      kb_last_q <= KbBits'(k_beats - DimBits'(1));
      f_last_q  <= FBits'(n_folds - DimBits'(1));
      kb_z_q    <= KbBits'(k_beats - DimBits'(1)) == '0;
      f_z_q     <= FBits'(n_folds - DimBits'(1)) == '0;
      kb_one_q  <= KbBits'(k_beats - DimBits'(1)) == KbBits'(1);
      f_one_q   <= FBits'(n_folds - DimBits'(1)) == FBits'(1);
      n_last_q  <= ChanBits'(hn - DimBits'(1));
    end
    if (hdr1_q && tv) act_signed_q <= s_cfg_tdata[qmac_mvu_pkg::HeaderActSignedLsb];
    if (wgt0_q && tv) begin
      w1_q    <= s_cfg_tdata[WordBits-1:FieldBits];
      tlast_q <= s_cfg_tlast;
    end
  end

  always_ff @(posedge clk_i) begin
    n_m1_q <= n_last_q - ChanBits'(1);
    if (hdr1_q) begin
      cw_q        <= '0;
      chan_q      <= '0;
      chan_last_q <= n_last_q == '0;
    end else if (chan_st_q && tv) begin
      rec_q <= {s_cfg_tdata, rec_q[RecBits-WordBits-1:WordBits]};
      cw_q  <= rec_done ? '0 : cw_q + CwBits'(1);
      if (rec_done) begin
        chan_q      <= chan_q + ChanBits'(1);
        chan_last_q <= chan_q == n_m1_q;
      end
    end
  end
  assign prm_we_o    = chan_st_q && tv && rec_done;
  assign prm_waddr_o = chan_q;
  assign prm_wdata_o = {s_cfg_tdata, rec_q};

  assign idle_o       = idle_q;
  assign configured_o = configured_q;
  assign err_cfg_o    = err_q;
  assign act_signed_o = act_signed_q;
  assign kb_last_o    = kb_last_q;
  assign f_last_o     = f_last_q;

endmodule
