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
// configured_o falls when a load starts and rises after a good one.
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
  localparam int WBits     = qmac_pkg::WeightBits;
  localparam int FieldBits = qmac_mvu_pkg::WeightFieldBits;
  localparam int DimBits   = qmac_mvu_pkg::HeaderKBits;
  localparam int LaneBits  = (SIMD > 1) ? $clog2(SIMD) : 1;
  localparam int PBits     = (PE > 1) ? $clog2(PE) : 1;
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

  // States as plain constants (Icarus 11 wants a cast for every enum-typed conditional).
  localparam logic [2:0] SIdle = 3'd0, SHdr0 = 3'd1, SHdr1 = 3'd2, SChan = 3'd3, SWgt0 = 3'd4, SWgt1 = 3'd5,
                         SDrop = 3'd6;
  logic [2:0] state_q, state_d;

  logic fire;
  logic ready_q;
  assign s_cfg_tready = ready_q;
  assign fire = s_cfg_tvalid && ready_q;

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
  // SHdr1, word 1's flag check at its transfer. The first SChan cycle (chk_q) then acts on them: a bad
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
  assign rec_done   = cw_q == CwBits'(qmac_mvu_pkg::ChannelWords - 1);
  assign chans_done = rec_done && chan_q == n_last_q;

  // ---- Weights: one value per cycle into a SIMD-lane collector ---------------------------------------------
  logic [FieldBits-1:0] w1_q;
  logic                 tlast_q;
  logic                 wstep;        // a weight value is written this cycle
  logic [FieldBits-1:0] wvalue;
  // wgt0_q / wgt1_q: state_q == SWgt0 / SWgt1, registered beside it (wstep gates every weight counter).
  logic wgt0_q, wgt1_q;
  assign wstep  = (wgt0_q && fire) || wgt1_q;
  assign wvalue = wgt1_q ? w1_q : s_cfg_tdata[FieldBits-1:0];

  logic [LaneBits-1:0]  lane_q;
  logic [KbBits-1:0]    kb_q;
  logic [PBits-1:0]     p_q;
  logic [FBits-1:0]     f_q;
  logic [WAddrBits-1:0] addr_q, base_q;
  logic [SIMD*WBits-1:0] col_d;   // the collector with this value shifted in
  logic lane_wrap, kb_wrap, p_wrap, final_w;
  // The counters' compares are registered beside them (iCE40 Fmax: they fed the state machine through the
  // packet's end checks): lane_end_q = (lane_q == SIMD - 1), kb_end_q = (kb_q == kb_last_q), p_end_q = (p_q ==
  // PE - 1), f_end_q = (f_q == f_last_q), each from the value its counter takes; while a counter holds, its
  // flag re-reads the bound (set by header word 0, before any weight).
  logic lane_end_q, kb_end_q, p_end_q, f_end_q;   // p_end_q = (p_q == PE - 1)
  // kb_last_q - 1 and f_last_q - 1, registered: a counter's next value meets its bound without a chain
  logic [KbBits-1:0] kb_m1_q;
  logic [FBits-1:0]  f_m1_q;
  always_ff @(posedge clk_i) begin
    kb_m1_q <= kb_last_q - KbBits'(1);
    f_m1_q  <= f_last_q - FBits'(1);
  end
  assign lane_wrap = lane_end_q;
  assign kb_wrap   = lane_wrap && kb_end_q;
  assign p_wrap    = p_end_q;
  assign final_w   = kb_wrap && p_wrap && f_end_q;
  // Lane k % SIMD: values shift in at the top lane, so after SIMD of them the first sits in lane 0.
  // The collector holds the SIMD - 1 values before this one.
  if (SIMD > 1) begin : gen_col
    logic [(SIMD-1)*WBits-1:0] col_q;
    assign col_d = {wvalue[WBits-1:0], col_q};
    always_ff @(posedge clk_i) begin
      if (wstep) col_q <= col_d[SIMD*WBits-1:WBits];
    end
  end else begin : gen_col1
    assign col_d = wvalue[WBits-1:0];
  end
  logic unused_wvalue;   // the upper bits of the int16 field: the assertions check the range
  assign unused_wvalue = ^wvalue[FieldBits-1:WBits];

  always_ff @(posedge clk_i) begin
    if (rst_i || state_q == SHdr1) begin
      lane_q <= '0;
      kb_q   <= '0;
      p_q    <= '0;
      f_q    <= '0;
      addr_q <= '0;
      base_q <= '0;
    end else if (wstep) begin
      lane_q <= lane_wrap ? '0 : lane_q + LaneBits'(1);
      if (lane_wrap) begin
        if (kb_wrap) begin
          kb_q <= '0;
          if (p_wrap) begin
            p_q    <= '0;
            f_q    <= f_q + FBits'(1);
            addr_q <= addr_q + WAddrBits'(1);
            base_q <= addr_q + WAddrBits'(1);
          end else begin
            p_q    <= p_q + PBits'(1);
            addr_q <= base_q;
          end
        end else begin
          kb_q   <= kb_q + KbBits'(1);
          addr_q <= addr_q + WAddrBits'(1);
        end
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i || state_q == SHdr1) begin
      lane_end_q <= SIMD == 1;
      p_end_q    <= PE == 1;
      kb_end_q   <= kb_last_q == '0;
      f_end_q    <= f_last_q == '0;
    end else begin
      if (wstep) lane_end_q <= lane_wrap ? SIMD == 1 : lane_q + LaneBits'(1) == LaneBits'(SIMD - 1);
      if (wstep && kb_wrap) p_end_q <= p_wrap ? PE == 1 : p_q + PBits'(1) == PBits'(PE - 1);
      if (wstep && lane_wrap) kb_end_q <= kb_wrap ? kb_last_q == '0 : kb_q == kb_m1_q;
      else                    kb_end_q <= kb_q == kb_last_q;
      if (wstep && kb_wrap && p_wrap) f_end_q <= f_q == f_m1_q;
      else                            f_end_q <= f_q == f_last_q;
    end
  end
`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (!rst_i && wstep && (lane_end_q != (lane_q == LaneBits'(SIMD - 1)) || kb_end_q != (kb_q == kb_last_q)
                            || p_end_q != (p_q == PBits'(PE - 1)) || f_end_q != (f_q == f_last_q))) begin
      $error("qmac_mvu_cfg: a registered compare differs from its counter");
    end
  end
`endif

  for (genvar p = 0; p < PE; p++) begin : gen_we
    assign wgt_we_o[p] = wstep && lane_wrap && p_q == PBits'(p);
  end
  assign wgt_waddr_o = addr_q;
  assign wgt_wdata_o = col_d;
  assign wgt_step_o  = wstep;
  assign wgt_value_o = wvalue;

  // ---- The packet's state machine ----------------------------------------------------------------------------
  logic error, done;   // this cycle ends the load: malformed / good
  always_comb begin
    state_d = state_q;
    error   = 1'b0;
    done    = 1'b0;
    unique case (state_q)
      SIdle: if (start_i) state_d = SHdr0;
      SHdr0: if (fire) begin
        if (s_cfg_tlast) error = 1'b1;
        state_d = s_cfg_tlast ? SIdle : SHdr1;
      end
      SHdr1: if (fire) begin
        if (s_cfg_tlast) error = 1'b1;
        state_d = s_cfg_tlast ? SIdle : SChan;
      end
      SChan: begin
        if (chk_q && !(header_ok_q && flags_ok_q)) begin
          error   = 1'b1;
          state_d = (fire && s_cfg_tlast) ? SIdle : SDrop;
        end else if (fire) begin
          if (s_cfg_tlast) error = 1'b1;
          state_d = s_cfg_tlast ? SIdle : (chans_done ? SWgt0 : SChan);
        end
      end
      SWgt0: if (fire) begin
        if (final_w) begin
          // The packet's last weight is this word's first (an odd K x N): TLAST must be here.
          done    = s_cfg_tlast;
          error   = !s_cfg_tlast;
          state_d = s_cfg_tlast ? SIdle : SDrop;
        end else begin
          state_d = SWgt1;
        end
      end
      SWgt1: begin
        if (final_w) begin
          done    = tlast_q;
          error   = !tlast_q;
          state_d = tlast_q ? SIdle : SDrop;
        end else begin
          error   = tlast_q;
          state_d = tlast_q ? SIdle : SWgt0;
        end
      end
      SDrop: if (fire && s_cfg_tlast) state_d = SIdle;
      default: state_d = SIdle;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      state_q      <= SIdle;
      wgt0_q       <= 1'b0;
      wgt1_q       <= 1'b0;
      ready_q      <= 1'b0;
      configured_q <= 1'b0;
      err_q        <= 1'b0;
      err_d_q      <= 1'b0;
      chk_q        <= 1'b0;
    end else begin
      state_q <= state_d;
      wgt0_q  <= state_d == SWgt0;
      wgt1_q  <= state_d == SWgt1;
      chk_q   <= state_q == SHdr1 && fire;
      ready_q <= state_d == SHdr0 || state_d == SHdr1 || state_d == SChan || state_d == SWgt0 || state_d == SDrop;
      if (state_q == SIdle && start_i) configured_q <= 1'b0;
      else if (done)                   configured_q <= 1'b1;
      err_d_q <= error;   // registered once (iCE40 Fmax): err_cfg_o rises one edge after the error
      if (err_d_q) err_q <= 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    header_ok_q <= &hdr_terms_q;
    if (state_q == SHdr1 && fire) flags_ok_q <= flags_ok;
    if (state_q == SHdr0 && fire) begin
      hdr_terms_q <= hdr_terms;
      kb_last_q <= KbBits'(k_beats - DimBits'(1));
      f_last_q  <= FBits'(n_folds - DimBits'(1));
      n_last_q  <= ChanBits'(hn - DimBits'(1));
    end
    if (state_q == SHdr1 && fire) act_signed_q <= s_cfg_tdata[qmac_mvu_pkg::HeaderActSignedLsb];
    if (wgt0_q && fire) begin
      w1_q    <= s_cfg_tdata[WordBits-1:FieldBits];
      tlast_q <= s_cfg_tlast;
    end
  end

  always_ff @(posedge clk_i) begin
    if (state_q == SHdr1) begin
      cw_q   <= '0;
      chan_q <= '0;
    end else if (state_q == SChan && fire) begin
      rec_q <= {s_cfg_tdata, rec_q[RecBits-WordBits-1:WordBits]};
      cw_q  <= rec_done ? '0 : cw_q + CwBits'(1);
      if (rec_done) chan_q <= chan_q + ChanBits'(1);
    end
  end
  assign prm_we_o    = state_q == SChan && fire && rec_done;
  assign prm_waddr_o = chan_q;
  assign prm_wdata_o = {s_cfg_tdata, rec_q};

  assign idle_o       = state_q == SIdle;
  assign configured_o = configured_q;
  assign err_cfg_o    = err_q;
  assign act_signed_o = act_signed_q;
  assign kb_last_o    = kb_last_q;
  assign f_last_o     = f_last_q;

endmodule
