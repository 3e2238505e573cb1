// qmac_requant_product_spec: what qmac_requant_product_fabric computes from its four partial products,
// written plainly for the proof `product` (combinational, one 66-bit sum, no columns, no carries kept apart).
//
// U = ll + (lh + hl) * 2^16 + hh * 2^32 (= |a| * |M| when the partial products are those of the 16-bit halves:
// a_lo * m_lo, a_lo * m_hi, a_hi * m_lo, a_hi * m_hi); SRDHM's h = floor((U + 2^30 - neg) / 2^31);
// X = double ? h * 2^31 : U.
module qmac_requant_product_spec (
  input  logic [31:0] ll_i,
  input  logic [31:0] lh_i,
  input  logic [31:0] hl_i,
  input  logic [31:0] hh_i,
  input  logic        neg_i,
  input  logic        double_i,
  output logic [65:0] u_o,
  output logic [63:0] x_o
);
  // Zero extensions and shifts as concatenations (Yosys 0.23 leaves a size cast beyond 64 bits undriven).
  logic [65:0] h, round;
  always_comb begin
    u_o   = {34'b0, ll_i} + {18'b0, lh_i, 16'b0} + {18'b0, hl_i, 16'b0} + {2'b0, hh_i, 32'b0};
    round = {35'b0, 31'h4000_0000} - {65'b0, neg_i};
    h     = (u_o + round) >> 31;
    x_o   = double_i ? {h[32:0], 31'b0} : u_o[63:0];
  end
endmodule
