// qmac_requant_clamp: stages 8, 9 and 10 of qmac_requant. y = clamp(+-(mag + carry) + zero point, min, max).
//
//   8   q = +-(mag + carry) = (mag ^ {neg}) + (carry ^ neg) in two's complement, one adder (inc_i is
//       carry ^ neg); beside it the clamp bounds minus the zero point, zp - min and zp - max - 1
//   9   q + zp, and the clamp's comparisons as the sign bits of q + (zp - min) and q + (zp - max - 1):
//       q + zp < min <=> q + (zp - min) < 0, q + zp > max <=> q + (zp - max - 1) >= 0 (two adds beside the
//       zero-point add, not after it)
//   10  the clamp
// |q| <= 1024 and zero point and bounds lie in [-256, 255]: every sum is exact in SumBits. All inputs are
// aligned. Latency: qmac_requant_pkg::ClampLatency (3).
module qmac_requant_clamp (
  input  logic                                     clk_i,
  input  logic                                     en_i,
  input  logic [qmac_requant_pkg::MagBits-1:0]     mag_i,
  input  logic                                     inc_i,   // carry ^ neg
  input  logic                                     neg_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0] zero_point_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0] min_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0] max_i,
  output logic signed [qmac_pkg::OutParamBits-1:0] y_o
);
  localparam int MagBits = qmac_requant_pkg::MagBits;
  localparam int SumBits = MagBits + 2;             // +-1023 + zero point or clamp bound
  localparam int OutW    = qmac_pkg::OutParamBits;
  localparam int LimW    = OutW + 1;                // clamp bound minus zero point

`ifndef __ICARUS__
  if ((1 << MagBits) - 1 < 2 * (1 << (OutW - 1))) begin : gen_check_mag
    $error("qmac_requant_clamp: MagBits must exceed the output parameter range");
  end
`endif

  // ---- Stage 8: the sign; the bounds minus the zero point --------------------------------------------------
  logic signed [SumBits-1:0] s8_q_q;
  logic signed [OutW-1:0]    s8_zero_point_q, s8_min_q, s8_max_q;
  logic signed [LimW-1:0]    s8_lo_lim_q, s8_hi_lim_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s8_q_q          <= (SumBits'(mag_i) ^ {SumBits{neg_i}}) + SumBits'(inc_i);
      s8_zero_point_q <= zero_point_i;
      s8_min_q        <= min_i;
      s8_max_q        <= max_i;
      s8_lo_lim_q     <= LimW'(zero_point_i) - LimW'(min_i);
      s8_hi_lim_q     <= LimW'(zero_point_i) - LimW'(max_i) - LimW'(1);
    end
  end

  // ---- Stages 9 and 10: zero point and comparisons; clamp -----------------------------------------------------
  logic signed [SumBits-1:0] lt_sum, gt_sum;
  assign lt_sum = s8_q_q + SumBits'(s8_lo_lim_q);
  assign gt_sum = s8_q_q + SumBits'(s8_hi_lim_q);
  logic signed [OutW-1:0] s9_sum_q, s9_min_q, s9_max_q;
  logic                   s9_lt_q, s9_gt_q;
  logic signed [OutW-1:0] s10_y_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s9_sum_q <= OutW'(s8_q_q) + s8_zero_point_q;
      s9_lt_q  <= lt_sum[SumBits-1];
      s9_gt_q  <= !gt_sum[SumBits-1];
      s9_min_q <= s8_min_q;
      s9_max_q <= s8_max_q;
      if (s9_lt_q)      s10_y_q <= s9_min_q;
      else if (s9_gt_q) s10_y_q <= s9_max_q;
      else              s10_y_q <= s9_sum_q;
    end
  end
  assign y_o = s10_y_q;

endmodule
