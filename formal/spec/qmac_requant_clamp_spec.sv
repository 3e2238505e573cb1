// qmac_requant_clamp_spec: what qmac_requant_clamp computes, written plainly for the proof `clamp`
// (combinational, in integers), with carry = inc ^ neg and the quotient F (mag = F mod 1024, over = F > 1023):
//   over:  far ? (zp < 0 ? hi : min) : (neg ? min : max)   (the bound of the sign, or the x86 far one)
//          hi = far_int8 ? max(127, min) : max              (fp32_wrap: int8 saturation, then max with min)
//          far = int32_over || (int32_edge && F[8:0] + carry + k + d >= 512), k = zp >= 0 ? zp : -zp - 1,
//          d the wrap offset
//   else:  clamp(+-(mag + carry) + zero point, min, max)
// As the shifter delivers them (assumed by the miter): int32_over and int32_edge imply over, int32_edge
// F[9] = 1, far_int8 int32_over.
module qmac_requant_clamp_spec (
  input  logic [9:0]        mag_i,
  input  logic              over_i,
  input  logic              int32_over_i,
  input  logic              int32_edge_i,
  input  logic              far_int8_i,
  input  logic              inc_i,
  input  logic              neg_i,
  input  logic signed [8:0] zero_point_i,
  input  logic [1:0]        wrap_offset_i,
  input  logic signed [8:0] min_i,
  input  logic signed [8:0] max_i,
  output logic signed [8:0] y_o
);
  // 12-bit signed integers hold every sum (|v| <= 1024 + 256 < 2^11). (No int'() casts: Yosys 0.23.)
  logic signed [11:0] magnitude, v;
  logic        [8:0]  k;
  logic        [10:0] low;       // F[8:0] + carry + k + d
  logic               far;
  always_comb begin
    k         = zero_point_i < 0 ? 9'(-zero_point_i - 9'sd1) : 9'(zero_point_i);
    low       = 11'(mag_i[8:0]) + 11'(inc_i ^ neg_i) + 11'(k) + 11'(wrap_offset_i);
    far       = int32_over_i || (int32_edge_i && low >= 11'd512);
    magnitude = $signed({2'd0, mag_i}) + $signed({11'd0, inc_i ^ neg_i});
    v         = (neg_i ? -magnitude : magnitude) + 12'(zero_point_i);
    if (over_i)              y_o = far ? (zero_point_i < 0 ? (far_int8_i ? (min_i > 9'sd127 ? min_i : 9'sd127) : max_i) : min_i)
                                       : (neg_i ? min_i : max_i);
    else if (v < 12'(min_i)) y_o = min_i;
    else if (v > 12'(max_i)) y_o = max_i;
    else                     y_o = 9'(v);
  end
endmodule
