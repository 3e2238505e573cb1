// qmac_mvu_requant_serial: the layer engine's output side: the result bank (the PE sums of a fold), the
// serializer that feeds them one per cycle, with their channel's parameters and bias, into the one shared
// qmac_requant, and the assembly of the PE outputs into one output beat.
//
// Timing (edges after the edge E that ends a fold in the PEs' lower halves, lo_load_i high before E):
//   E + p      rdata of the parameter memory = channel p's record (its address is issued one edge earlier:
//              at E from lo_load_i, then counted on); res_lo_q[0] = channel p's lower sum
//   E + p + 1  bias lower half added (carry registered); res_hi_q[0] = channel p's upper sum (the upper
//              halves run one edge behind, as in the PEs)
//   E + p + 2  bias upper half added: the 32-bit biased accumulator enters qmac_requant
//   E + p + 2 + RequantLatency  y of channel p
//   E + PE + 2 + RequantLatency  push_o: the beat of channels 0 .. PE - 1 (lane p = y_p's low 8 bits)
// The result bank is two shift registers (lower and upper halves) loaded with all PE sums at once and
// shifted by one channel per edge; it is free again PE edges after a load, which qmac_mvu_fold guarantees
// (gap_q). The parameter memory's address counts the channels of a vector, 0 .. N - 1, and restarts after the
// vector's last fold (lo_vlast_i): a discarded vector loads nothing, so nothing here knows about it.
module qmac_mvu_requant_serial #(
  parameter int PE          = 4,
  parameter int ChanBits    = 1,
  parameter bit DSP_CASCADE = 1'b0,
  parameter bit SIDEBAND_RAM = 1'b1,
  localparam int RecBits    = qmac_mvu_pkg::ChannelWords * qmac_mvu_pkg::CfgWordBits
) (
  input  logic                    clk_i,
  input  logic                    rst_i,
  input  logic [PE*16-1:0]        lo_sums_i,    // the PEs' lower halves (PE p at [16p +: 16])
  input  logic [PE*16-1:0]        hi_sums_i,    // their upper halves, one edge later
  input  logic                    lo_load_i,    // this edge ends a fold whose sums are output
  input  logic                    lo_vlast_i,   // ... the vector's last fold
  output logic [ChanBits-1:0]     prm_raddr_o,
  input  logic [RecBits-1:0]      prm_rdata_i,
  output logic                    push_o,
  output logic [PE*qmac_mvu_pkg::OutLaneBits-1:0] push_data_o,
  output logic                    push_last_o
);
  localparam int CntBits = (PE > 1) ? $clog2(PE) : 1;
  localparam int OutB    = qmac_mvu_pkg::OutLaneBits;
  localparam int W       = qmac_mvu_pkg::CfgWordBits;

  // ---- Result bank ---------------------------------------------------------------------------------------
  logic [PE*16-1:0] res_lo_q, res_hi_q;
  logic             hi_load_q;
  always_ff @(posedge clk_i) begin
    if (rst_i) hi_load_q <= 1'b0;
    else       hi_load_q <= lo_load_i;
    res_lo_q <= lo_load_i ? lo_sums_i : res_lo_q >> 16;
    res_hi_q <= hi_load_q ? hi_sums_i : res_hi_q >> 16;
  end

  // ---- Serializer: which channel's record and sums are at the front -------------------------------------------
  logic               active_q, vlast_q;
  logic [CntBits-1:0] cnt_q;
  logic [ChanBits-1:0] chan_q;
  logic issue, issue_last, issue_vlast;
  assign issue       = lo_load_i || (active_q && cnt_q != CntBits'(PE - 1));
  assign issue_last  = lo_load_i ? (PE == 1) : (cnt_q + CntBits'(1) == CntBits'(PE - 1));
  assign issue_vlast = lo_load_i ? lo_vlast_i : vlast_q;
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      active_q <= 1'b0;
      cnt_q    <= '0;
      chan_q   <= '0;
    end else begin
      if (lo_load_i) begin
        active_q <= 1'b1;
        cnt_q    <= '0;
      end else if (active_q) begin
        active_q <= cnt_q != CntBits'(PE - 1);
        cnt_q    <= cnt_q + CntBits'(1);
      end
      if (issue) chan_q <= (issue_last && issue_vlast) ? '0 : chan_q + ChanBits'(1);
    end
    if (lo_load_i) vlast_q <= lo_vlast_i;
  end
  assign prm_raddr_o = chan_q;

  // The record's fields (qmac_mvu_pkg's layout).
  logic [qmac_pkg::AccBits-1:0]        bias;
  logic [qmac_pkg::MultiplierBits-1:0] multiplier;
  logic [qmac_pkg::ShiftBits-1:0]      shift;
  logic [qmac_pkg::RoundingBits-1:0]   rounding;
  logic [qmac_pkg::WrapOffsetBits-1:0] wrap_offset;
  logic [qmac_pkg::OutParamBits-1:0]   zero_point, out_min, out_max;
  assign bias       = prm_rdata_i[qmac_mvu_pkg::ChannelBiasWord*W + qmac_mvu_pkg::ChannelBiasLsb +: qmac_pkg::AccBits];
  assign multiplier = prm_rdata_i[qmac_mvu_pkg::ChannelMultiplierWord*W + qmac_mvu_pkg::ChannelMultiplierLsb +: qmac_pkg::MultiplierBits];
  assign shift      = prm_rdata_i[qmac_mvu_pkg::ChannelShiftWord*W + qmac_mvu_pkg::ChannelShiftLsb +: qmac_pkg::ShiftBits];
  assign rounding   = prm_rdata_i[qmac_mvu_pkg::ChannelRoundingWord*W + qmac_mvu_pkg::ChannelRoundingLsb +: qmac_pkg::RoundingBits];
  assign wrap_offset = prm_rdata_i[qmac_mvu_pkg::ChannelWrapOffsetWord*W + qmac_mvu_pkg::ChannelWrapOffsetLsb +: qmac_pkg::WrapOffsetBits];
  assign zero_point = prm_rdata_i[qmac_mvu_pkg::ChannelOutZeroPointWord*W + qmac_mvu_pkg::ChannelOutZeroPointLsb +: qmac_pkg::OutParamBits];
  assign out_min    = prm_rdata_i[qmac_mvu_pkg::ChannelOutMinWord*W + qmac_mvu_pkg::ChannelOutMinLsb +: qmac_pkg::OutParamBits];
  assign out_max    = prm_rdata_i[qmac_mvu_pkg::ChannelOutMaxWord*W + qmac_mvu_pkg::ChannelOutMaxLsb +: qmac_pkg::OutParamBits];

`ifndef __ICARUS__
  if (qmac_mvu_pkg::ChannelBiasBits != qmac_pkg::AccBits || qmac_mvu_pkg::ChannelMultiplierBits != qmac_pkg::MultiplierBits
      || qmac_mvu_pkg::ChannelShiftBits != qmac_pkg::ShiftBits || qmac_mvu_pkg::ChannelRoundingBits != qmac_pkg::RoundingBits
      || qmac_mvu_pkg::ChannelWrapOffsetBits != qmac_pkg::WrapOffsetBits
      || qmac_mvu_pkg::ChannelOutZeroPointBits != qmac_pkg::OutParamBits || qmac_mvu_pkg::ChannelOutMinBits != qmac_pkg::OutParamBits
      || qmac_mvu_pkg::ChannelOutMaxBits != qmac_pkg::OutParamBits) begin : gen_check_fields
    $error("qmac_mvu_requant_serial: the channel record's field widths differ from qmac_requant's ports");
  end
`endif
  localparam int ReqParamBits = qmac_pkg::MultiplierBits + qmac_pkg::ShiftBits + qmac_pkg::RoundingBits
                                + qmac_pkg::WrapOffsetBits + 3 * qmac_pkg::OutParamBits;
  logic unused_rec;   // the bits between the fields
  assign unused_rec = ^prm_rdata_i;

  // ---- Bias in 16-bit halves (qmac_dot's: the upper half one edge later, its carry registered) ---------------
  logic [16:0]  bias_lo_q;
  logic [15:0]  bias_hi_q, biased_lo_q, biased_hi_q;
  logic [16:0]  biased_hi_sum;
  logic [ReqParamBits-1:0] req_params;
  logic         item_valid, item_last, item_vlast;
  assign biased_hi_sum = {res_hi_q[15:0], 1'b1} + {bias_hi_q, bias_lo_q[16]};
  always_ff @(posedge clk_i) begin
    bias_lo_q   <= 17'(res_lo_q[15:0]) + 17'(bias[15:0]);
    bias_hi_q   <= bias[31:16];
    biased_lo_q <= bias_lo_q[15:0];
    biased_hi_q <= biased_hi_sum[16:1];
  end
  logic unused_sum_lsb;
  assign unused_sum_lsb = biased_hi_sum[0];

  qmac_delay #(.Width(ReqParamBits), .Depth(2)) u_params_d (
    .clk_i, .rst_i, .en_i(1'b1),
    .data_i ({multiplier, shift, rounding, wrap_offset, zero_point, out_min, out_max}),
    .data_o (req_params)
  );
  qmac_delay #(.Width(3), .Depth(2), .Reset(1'b1)) u_item_d (
    .clk_i, .rst_i, .en_i(1'b1),
    .data_i ({active_q, cnt_q == CntBits'(PE - 1), vlast_q}),
    .data_o ({item_valid, item_last, item_vlast})
  );

  // ---- The one requantizer (free running) ---------------------------------------------------------------------
  logic signed [qmac_pkg::OutParamBits-1:0] y;
  logic signed [qmac_pkg::MultiplierBits-1:0] req_multiplier;
  logic signed [qmac_pkg::ShiftBits-1:0]      req_shift;
  logic [qmac_pkg::RoundingBits-1:0]          req_rounding;
  logic [qmac_pkg::WrapOffsetBits-1:0]        req_wrap_offset;
  logic signed [qmac_pkg::OutParamBits-1:0]   req_zero_point, req_min, req_max;
  assign {req_multiplier, req_shift, req_rounding, req_wrap_offset, req_zero_point, req_min, req_max} = req_params;
  qmac_requant #(.DspCascade(DSP_CASCADE), .SideBandRam(SIDEBAND_RAM), .GateIdle(1'b1)) u_requant (
    .clk_i,
    .en_i             (1'b1),
    .valid_i          (item_valid),
    .acc_i            ({biased_hi_q, biased_lo_q}),
    .multiplier_i     (req_multiplier),
    .shift_i          (req_shift),
    .rounding_i       (req_rounding),
    .wrap_offset_i    (req_wrap_offset),
    .out_zero_point_i (req_zero_point),
    .out_min_i        (req_min),
    .out_max_i        (req_max),
    .y_o              (y)
  );
  logic y_valid, y_last, y_vlast;
  qmac_delay #(.Width(3), .Depth(qmac_pkg::RequantLatency), .Reset(1'b1)) u_y_d (
    .clk_i, .rst_i, .en_i(1'b1),
    .data_i ({item_valid, item_valid && item_last, item_vlast}),
    .data_o ({y_valid, y_last, y_vlast})
  );

  // ---- Beat assembly: y_p shifts in at the top lane, so after PE of them y_0 sits in lane 0 -----------------
  logic [PE*OutB-1:0] beat_next;   // the PE - 1 outputs before this one, and this one on top
  qmac_lane_collector #(.Lanes(PE), .Width(OutB)) u_beat (
    .clk_i, .en_i(y_valid), .value_i(y[OutB-1:0]), .word_o(beat_next));
  logic unused_y_msb;
  assign unused_y_msb = y[qmac_pkg::OutParamBits-1];

  assign push_o      = y_valid && y_last;
  assign push_data_o = beat_next;
  assign push_last_o = y_vlast;

endmodule
