// qmac_requant_clamp: stages 8, 9 and 10 of qmac_requant.
//
//   y = over ? (far ? (zp < 0 ? hi : min) : (neg ? min : max)) : clamp(+-(mag + carry) + zero point, min, max)
//   hi = far_int8 ? max(127, min) : max
//
// over: the quotient F > 1023 (mag = F mod 1024), which clamps to the bound of its sign since zero point and
// bounds lie in [-256, 255]; far (single_away's x86 int32 conversion and wrapping zero-point add, see
// qmac_requant_shift): int32_over, or int32_edge and F[8:0] + carry + k + d >= 512, k = zp (zp >= 0) or
// -zp - 1 (zp < 0), d the wrap offset (wrap_offset_i, 0 unless single_away). The far bound differs from the
// near one only when neg == (zp < 0); there, with F[9] = 1 (int32_edge), q + wz = +-(mag + carry) + wz,
// wz = zp + d (zp >= 0) or zp - d (zp < 0), lies in [512, 1282] or [-1155, -513] (contract zero points;
// [-1283, -513] for every 9-bit one, as the formal miter drives them) and bit 10 of q + wz, xor neg, is that
// carry of F[8:0] + carry + k + d. far_int8 (fp32_wrap, with int32_over): the wrapped
// int32 sum saturates to int8 (XNNPACK's vpmovsdb), whose 127 comes out even above max (no clamp to max
// follows it, only the max with min: vpmaxsb).
//   8   q = +-(mag + carry) = (mag ^ {neg}) + (carry ^ neg) in two's complement, one adder (inc_i is
//       carry ^ neg); beside it the clamp bounds minus the zero point, zp - min and zp - max - 1, and the
//       wrap test's zero point wz; which bound an over takes unless int32_edge's carry decides
//   9   q + zp, and the clamp's comparisons as the sign bits of q + (zp - min) and q + (zp - max - 1):
//       q + zp < min <=> q + (zp - min) < 0, q + zp > max <=> q + (zp - max - 1) >= 0 (two adds beside the
//       zero-point add, not after it); over: the bound instead; int32_edge's carry from q + wz's bit 10
//   10  the clamp, int32_edge's carry turning an over to the far bound (here, not behind the carry chains
//       of stage 9: iCE40 Fmax)
// |q| <= 1024 and zero point and bounds lie in [-256, 255]: every sum is exact in SumBits. All inputs are
// aligned. Latency: qmac_requant_pkg::ClampLatency (3).
module qmac_requant_clamp (
  input  logic                                     clk_i,
  input  logic                                     en_i,
  input  logic [qmac_requant_pkg::MagBits-1:0]     mag_i,
  input  logic                                     over_i,
  input  logic                                     int32_over_i,
  input  logic                                     int32_edge_i,
  input  logic                                     far_int8_i,   // the far bound is max(127, min), not max
  input  logic                                     inc_i,   // carry ^ neg
  input  logic                                     neg_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0] zero_point_i,
  input  logic [qmac_pkg::WrapOffsetBits-1:0]      wrap_offset_i,   // d: 0 unless single_away
  input  logic signed [qmac_pkg::OutParamBits-1:0] min_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0] max_i,
  output logic signed [qmac_pkg::OutParamBits-1:0] y_o
);
  localparam int MagBits = qmac_requant_pkg::MagBits;
  localparam int SumBits = MagBits + 2;             // +-1023 + zero point or clamp bound
  localparam int OutW    = qmac_pkg::OutParamBits;
  localparam int LimW    = OutW + 1;                // clamp bound minus zero point; the wrap test's zero point
  localparam int Int8Max = 127;                     // fp32_wrap's far bound (int8 saturation)

`ifndef __ICARUS__
  if ((1 << MagBits) - 1 < 2 * (1 << (OutW - 1))) begin : gen_check_mag
    $error("qmac_requant_clamp: MagBits must exceed the output parameter range");
  end
  if (OutW != 9) begin : gen_check_int8_test
    $error("qmac_requant_clamp: fp32_wrap's min > 127 test reads the top two bits of a 9-bit bound");
  end
  // int32_edge's carry out of F[8:0] + carry + k + d: k + d below 2^9 - 1 keeps q + wz in 11 bits
  if ((1 << (OutW - 1)) - 1 + qmac_pkg::WrapOffsetMax >= 511 || MagBits != 10) begin : gen_check_wrap_offset
    $error("qmac_requant_clamp: the wrap test's carry needs k + wrap offset < 511 and a 10-bit magnitude");
  end
`endif

  // ---- Stage 8: the sign; the bounds minus the zero point --------------------------------------------------
  logic signed [SumBits-1:0] s8_q_q;
  logic signed [OutW-1:0]    s8_zero_point_q, s8_min_q, s8_max_q;
  logic signed [LimW-1:0]    s8_lo_lim_q, s8_hi_lim_q, s8_wrap_zp_q;
  logic                      s8_over_q, s8_edge_q, s8_over_min_q, s8_neg_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s8_over_q       <= over_i;
      s8_edge_q       <= over_i && int32_edge_i && !int32_over_i;
      s8_over_min_q   <= int32_over_i ? !zero_point_i[OutW-1] : neg_i;   // an over's bound, unless edge
      s8_neg_q        <= neg_i;
      s8_q_q          <= (SumBits'(mag_i) ^ {SumBits{neg_i}}) + SumBits'(inc_i);
      s8_zero_point_q <= zero_point_i;
      s8_min_q        <= min_i;
      // the bound an over takes (not the sums'): fp32_wrap's max(127, min), min > 127 from its top two bits
      s8_max_q        <= !far_int8_i ? max_i : (!min_i[OutW-1] && min_i[OutW-2]) ? min_i : OutW'(Int8Max);
      s8_lo_lim_q     <= LimW'(zero_point_i) - LimW'(min_i);
      s8_hi_lim_q     <= LimW'(zero_point_i) - LimW'(max_i) - LimW'(1);
      // wz: d further out than the zero point, on its side
      s8_wrap_zp_q    <= zero_point_i[OutW-1] ? LimW'(zero_point_i) - LimW'(wrap_offset_i)
                                              : LimW'(zero_point_i) + LimW'(wrap_offset_i);
    end
  end

  // ---- Stages 9 and 10: zero point and comparisons; clamp -----------------------------------------------------
  logic signed [SumBits-1:0] lt_sum, gt_sum;
  logic [OutW-1:0]           zp_sum;     // q + zp's low bits: the output
  logic [SumBits-2:0]        wrap_sum;   // q + wz to bit 10, the carry
  assign lt_sum   = s8_q_q + SumBits'(s8_lo_lim_q);
  assign gt_sum   = s8_q_q + SumBits'(s8_hi_lim_q);
  assign zp_sum   = OutW'(s8_q_q) + s8_zero_point_q;
  assign wrap_sum = (SumBits-1)'(s8_q_q) + (SumBits-1)'(s8_wrap_zp_q);
  logic unused_wrap_sum;   // below the carry
  assign unused_wrap_sum = ^wrap_sum[9:0];
  logic signed [OutW-1:0] s9_sum_q, s9_min_q, s9_max_q;
  logic                   s9_lt_q, s9_gt_q, s9_far_q, s9_far_min_q;
  logic                   lt10, gt10;
  assign lt10 = s9_far_q ? s9_far_min_q : s9_lt_q;
  assign gt10 = s9_far_q ? !s9_far_min_q : s9_gt_q;
  logic signed [OutW-1:0] s10_y_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s9_sum_q <= zp_sum;
      s9_lt_q  <= s8_over_q ? s8_over_min_q : lt_sum[SumBits-1];
      s9_gt_q  <= s8_over_q ? !s8_over_min_q : !gt_sum[SumBits-1];
      s9_far_q <= s8_edge_q && (wrap_sum[10] ^ s8_neg_q);   // int32_edge and F[8:0] + carry + k + d >= 512
      s9_far_min_q <= !s8_zero_point_q[OutW-1];
      s9_min_q <= s8_min_q;
      s9_max_q <= s8_max_q;
      if (lt10)      s10_y_q <= s9_min_q;
      else if (gt10) s10_y_q <= s9_max_q;
      else           s10_y_q <= s9_sum_q;
    end
  end
  assign y_o = s10_y_q;

endmodule
