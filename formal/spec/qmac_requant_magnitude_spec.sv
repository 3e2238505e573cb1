// qmac_requant_magnitude_spec: what qmac_requant_magnitude computes, written plainly for the proof
// `magnitude` (combinational): a = (acc << l, wrapping in 32 bits) / 2^l, an arithmetic shift back, and the
// magnitudes of a and M with the sign of their product.
module qmac_requant_magnitude_spec (
  input  logic [31:0] acc_i,
  input  logic [31:0] multiplier_i,
  input  logic [4:0]  left_i,
  output logic [31:0] mag_a_o,
  output logic [31:0] mag_m_o,
  output logic        neg_o
);
  logic signed [31:0] a, m;
  always_comb begin
    a       = $signed(acc_i << left_i) >>> left_i;
    m       = $signed(multiplier_i);
    mag_a_o = (a < 0) ? 32'(-a) : 32'(a);     // -INT32_MIN wraps to 2^31: its magnitude as 32 unsigned bits
    mag_m_o = (m < 0) ? 32'(-m) : 32'(m);
    neg_o   = (a < 0) != (m < 0);
  end
endmodule
