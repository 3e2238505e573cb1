// qmac_requant_clamp_spec: what qmac_requant_clamp computes, written plainly for the proof `clamp`
// (combinational, in integers): y = clamp(+-(mag + carry) + zero point, min, max), with carry = inc ^ neg.
module qmac_requant_clamp_spec (
  input  logic [9:0]        mag_i,
  input  logic              inc_i,
  input  logic              neg_i,
  input  logic signed [8:0] zero_point_i,
  input  logic signed [8:0] min_i,
  input  logic signed [8:0] max_i,
  output logic signed [8:0] y_o
);
  // 12-bit signed integers hold every sum (|v| <= 1024 + 256 < 2^11). (No int'() casts: Yosys 0.23.)
  logic signed [11:0] magnitude, v;
  always_comb begin
    magnitude = $signed({2'd0, mag_i}) + $signed({11'd0, inc_i ^ neg_i});
    v         = (neg_i ? -magnitude : magnitude) + 12'(zero_point_i);
    if (v < 12'(min_i))      y_o = min_i;
    else if (v > 12'(max_i)) y_o = max_i;
    else                     y_o = 9'(v);
  end
endmodule
