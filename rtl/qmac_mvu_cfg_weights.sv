// qmac_mvu_cfg_weights: where each weight value of a configuration packet goes (qmac_mvu_cfg's weight half).
//
// The values arrive one per step (step_i, value_i: the parser's registered take) in the stream's order, k
// fastest, then the channel n (docs/mvu.md, "Configuration stream"). Counters: the lane k % SIMD, the beat
// k / SIMD (kb), the bank p = n % PE and the fold f = n / PE; the bank address (base_q: the fold's first
// word). SIMD values fill a collector whose word is written into bank p (registered: wgt_we_o one-hot).
// final_o: the value of the next step is the packet's last (the parser's end checks read it). Every compare
// the counters need is a flag registered beside them (iCE40 Fmax), checked against the counters in
// simulation. restart_i (the parser's Hdr1 state) clears them for a new packet, whose bounds kb_last_i and
// f_last_i, with their registered zero and one flags, are stable from then to the packet's end.
module qmac_mvu_cfg_weights #(
  parameter int PE        = 4,
  parameter int SIMD      = 8,
  parameter int KbBits    = 1,   // K / SIMD - 1
  parameter int FBits     = 1,   // N / PE - 1
  parameter int WAddrBits = 1    // a weight bank's address
) (
  input  logic                                    clk_i,
  input  logic                                    rst_i,
  input  logic                                    restart_i,
  input  logic                                    step_i,
  input  logic [qmac_mvu_pkg::WeightFieldBits-1:0] value_i,
  input  logic [KbBits-1:0]                       kb_last_i,   // K / SIMD - 1
  input  logic [FBits-1:0]                        f_last_i,    // N / PE - 1
  input  logic                                    kb_z_i,      // kb_last_i == 0
  input  logic                                    f_z_i,       // f_last_i == 0
  input  logic                                    kb_one_i,    // kb_last_i == 1
  input  logic                                    f_one_i,     // f_last_i == 1
  output logic                                    final_o,
  output logic [PE-1:0]                           wgt_we_o,    // one-hot: the bank written
  output logic [WAddrBits-1:0]                    wgt_waddr_o,
  output logic [SIMD*qmac_pkg::WeightBits-1:0]    wgt_wdata_o
);
  localparam int WBits     = qmac_pkg::WeightBits;
  localparam int FieldBits = qmac_mvu_pkg::WeightFieldBits;
  localparam int LaneBits  = (SIMD > 1) ? $clog2(SIMD) : 1;
  localparam int PBits     = (PE > 1) ? $clog2(PE) : 1;

  logic [LaneBits-1:0]  lane_q;
  logic [KbBits-1:0]    kb_q;
  logic [PBits-1:0]     p_q;
  logic [FBits-1:0]     f_q;
  logic [WAddrBits-1:0] addr_q, base_q;
  logic [SIMD*WBits-1:0] col_d;   // the collector with this value shifted in
  logic lane_wrap, kb_wrap, p_wrap;
  // The counters' compares are registered beside them (iCE40 Fmax: they fed the state machine through the
  // packet's end checks): lane_end_q = (lane_q == SIMD - 1), kb_end_q = (kb_q == kb_last_i), p_end_q = (p_q ==
  // PE - 1), f_end_q = (f_q == f_last_i), each from the value its counter takes.
  logic lane_end_q, kb_end_q, p_end_q, f_end_q;   // p_end_q = (p_q == PE - 1)
  // kb_pen_q = (kb_q + 1 == kb_last_i) and f_pen_q = (f_q + 1 == f_last_i), registered the same way: at a
  // counter's step its end flag takes the penultimate flag, which compares with kb_last_i - 2 (f_last_i - 2),
  // registered: no compare between a step and the flags that follow it.
  logic kb_pen_q, f_pen_q;
  logic [KbBits-1:0] kb_m2_q;
  logic [FBits-1:0]  f_m2_q;
  always_ff @(posedge clk_i) begin
    kb_m2_q <= kb_last_i - KbBits'(2);
    f_m2_q  <= f_last_i - FBits'(2);
  end
  // kb_wrap_q = lane_end_q && kb_end_q and f_wrap_q = kb_wrap_q && p_end_q, registered like final_q below
  // (the counters' enables are then one LUT: the step and one flag).
  logic kb_wrap_q, f_wrap_q, f_wrap;
  assign lane_wrap = lane_end_q;
  assign kb_wrap   = kb_wrap_q;
  assign p_wrap    = p_end_q;
  assign f_wrap    = f_wrap_q;
  // Lane k % SIMD: after SIMD values the first sits in lane 0.
  qmac_lane_collector #(.Lanes(SIMD), .Width(WBits)) u_col (
    .clk_i, .en_i(step_i), .value_i(value_i[WBits-1:0]), .word_o(col_d));
  logic unused_value_i;   // the upper bits of the int16 field: the assertions check the range
  assign unused_value_i = ^value_i[FieldBits-1:WBits];

  always_ff @(posedge clk_i) begin
    if (rst_i || restart_i) begin
      lane_q <= '0;
      kb_q   <= '0;
      p_q    <= '0;
      f_q    <= '0;
      addr_q <= '0;
      base_q <= '0;
    end else if (step_i) begin
      lane_q <= lane_wrap ? '0 : lane_q + LaneBits'(1);
      if (lane_wrap) begin
        if (kb_wrap) begin
          kb_q <= '0;
          if (f_wrap) begin
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

  // Each flag loads only when its counter moves (or at Hdr1, from the bounds: kb_z_i = (kb_last_i == 0) and
  // f_z_i = (f_last_i == 0), registered with them), so its flip-flop's enable takes the step and its data
  // input only the compare (iCE40 Fmax). kb_wrap_q, f_wrap_q and final_q = f_wrap_q && f_end_q (final_o: this
  // value is the packet's last) are the flags ANDed, from the values they take at a step.
  // kb_one_i = (kb_last_i == 1), f_one_i = (f_last_i == 1): the penultimate flags at a counter's restart.
  logic final_q;
  logic lane_end_n, kb_end_n, p_end_n, f_end_n, kb_wrap_n, f_wrap_n;   // the flags after a step
  assign lane_end_n = lane_wrap ? SIMD == 1 : SIMD >= 2 && lane_q == LaneBits'(SIMD - 2);
  assign kb_end_n   = lane_wrap ? (kb_wrap ? kb_z_i : kb_pen_q) : kb_end_q;
  assign p_end_n    = kb_wrap ? (p_wrap ? PE == 1 : PE >= 2 && p_q == PBits'(PE - 2)) : p_end_q;
  assign f_end_n    = f_wrap ? f_pen_q : f_end_q;
  assign kb_wrap_n  = lane_end_n && kb_end_n;
  assign f_wrap_n   = kb_wrap_n && p_end_n;
  always_ff @(posedge clk_i) begin
    if (restart_i) begin
      lane_end_q <= SIMD == 1;
      p_end_q    <= PE == 1;
      kb_end_q   <= kb_z_i;
      f_end_q    <= f_z_i;
      kb_pen_q   <= kb_one_i;
      f_pen_q    <= f_one_i;
      kb_wrap_q  <= SIMD == 1 && kb_z_i;
      f_wrap_q   <= SIMD == 1 && PE == 1 && kb_z_i;
      final_q    <= SIMD == 1 && PE == 1 && kb_z_i && f_z_i;
    end else if (step_i) begin
      lane_end_q <= lane_end_n;
      if (kb_wrap)   p_end_q  <= p_end_n;
      if (lane_wrap) kb_end_q <= kb_end_n;
      if (f_wrap)    f_end_q  <= f_end_n;
      if (lane_wrap) kb_pen_q <= kb_wrap ? kb_one_i : kb_q == kb_m2_q;
      if (f_wrap)    f_pen_q  <= f_q == f_m2_q;
      kb_wrap_q  <= kb_wrap_n;
      f_wrap_q   <= f_wrap_n;
      final_q    <= f_wrap_n && f_end_n;
    end
  end
`ifndef SYNTHESIS
  always_ff @(posedge clk_i) begin
    if (!rst_i && step_i && (lane_end_q != (lane_q == LaneBits'(SIMD - 1)) || kb_end_q != (kb_q == kb_last_i)
                            || p_end_q != (p_q == PBits'(PE - 1)) || f_end_q != (f_q == f_last_i)
                            || kb_wrap_q != (lane_end_q && kb_end_q) || f_wrap_q != (kb_wrap_q && p_end_q)
                            || (!kb_end_q && kb_pen_q != (kb_q + KbBits'(1) == kb_last_i))
                            || (!f_end_q && f_pen_q != (f_q + FBits'(1) == f_last_i))
                            || final_q != (lane_end_q && kb_end_q && p_end_q && f_end_q))) begin
      $error("qmac_mvu_cfg_weights: a registered compare differs from its counter");
    end
  end
`endif

  // The bank write is registered (iCE40 Fmax: the enables went from s_cfg_tvalid to block RAMs on both
  // sides of the chip); a word lands an edge after its last value, long before a vector can read it.
  logic [PE-1:0]         wgt_we_q;
  logic [WAddrBits-1:0]  wgt_waddr_q;
  logic [SIMD*WBits-1:0] wgt_wdata_q;
  always_ff @(posedge clk_i) begin
    if (rst_i) wgt_we_q <= '0;
    else begin
      for (int p = 0; p < PE; p++) wgt_we_q[p] <= step_i && lane_wrap && p_q == PBits'(p);
    end
    wgt_waddr_q <= addr_q;
    wgt_wdata_q <= col_d;
  end
  assign wgt_we_o    = wgt_we_q;
  assign wgt_waddr_o = wgt_waddr_q;
  assign wgt_wdata_o = wgt_wdata_q;
  assign final_o = final_q;

endmodule
