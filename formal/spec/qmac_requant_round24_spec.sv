// qmac_requant_round24_spec: what qmac_requant_round24 computes, written plainly for the proof `round24`
// (combinational; no split carry chains, no in-place window).
//
// fp32, P = 0 or P in [2^54, 2^56) (the normalised operands' product): X = the float32 nearest P, ties to
// even: P rounded to a multiple of its unit in the last place, 2^31 below 2^55 and 2^32 from there (24
// significant bits); n = exp clamped to [0, 63] (exp two's complement). The fixed-point modes: X = P, n = n_i.
module qmac_requant_round24_spec (
  input  logic [63:0] x_i,     // P
  input  logic        fp32_i,
  input  logic [8:0]  exp_i,
  input  logic [5:0]  n_i,
  output logic [63:0] x_o,
  output logic [5:0]  n_o
);
  // P rounded to a multiple of 2^31 and of 2^32: quotient, remainder against half a unit, ties to even.
  logic [63:0] q31, q32;
  logic [31:0] r31, r32;
  logic        up31, up32;
  always_comb begin
    q31  = x_i >> 31;
    r31  = {1'b0, x_i[30:0]};
    up31 = r31 > 32'h4000_0000 || (r31 == 32'h4000_0000 && q31[0]);
    q32  = x_i >> 32;
    r32  = x_i[31:0];
    up32 = r32 > 32'h8000_0000 || (r32 == 32'h8000_0000 && q32[0]);
    if (fp32_i) begin
      x_o = (x_i < 64'h0080_0000_0000_0000) ? (q31 + 64'(up31)) << 31 : (q32 + 64'(up32)) << 32;
      if ($signed(exp_i) < 0)       n_o = 6'd0;
      else if ($signed(exp_i) > 63) n_o = 6'd63;
      else                          n_o = exp_i[5:0];
    end else begin
      x_o = x_i;
      n_o = n_i;
    end
  end
endmodule
