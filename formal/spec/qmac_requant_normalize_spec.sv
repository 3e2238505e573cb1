// qmac_requant_normalize_spec: what qmac_requant_normalize computes, written plainly for the proof `normalize`
// (combinational; no pipeline, no byte-wise detector, no split carry chains).
//
// fp32: f = |a| rounded to 24 significant bits, ties to even (the float32 f32(|a|)), left-aligned in 32 bits:
// a_o = f * 2^lz' with bit 31 set, exp_o = exp_i + lz'. Fixed-point modes: a_o = |a|, exp_o = exp_i.
// m_o = mag_m_i in every mode. (exp_o of |a| = 0 is not specified: the product is 0 whatever the shift.)
module qmac_requant_normalize_spec (
  input  logic [31:0] mag_a_i,
  input  logic [31:0] mag_m_i,
  input  logic        fp32_i,
  input  logic [8:0]  exp_i,
  output logic [31:0] a_o,
  output logic [31:0] m_o,
  output logic [8:0]  exp_o
);
  int          lz;         // leading zeros of |a|
  logic [31:0] aligned;    // |a| << lz: bit 31 set
  logic [23:0] kept;       // its 24 leading bits
  logic [7:0]  rest;       // the bits rounded away
  logic        up;         // round to nearest, ties to even
  logic [24:0] rounded;
  always_comb begin
    lz = 32;
    for (int i = 0; i < 32; i++) if (mag_a_i[i]) lz = 31 - i;
    aligned = mag_a_i << lz;
    kept    = aligned[31:8];
    rest    = aligned[7:0];
    up      = rest > 8'h80 || (rest == 8'h80 && kept[0]);
    rounded = {1'b0, kept} + 25'(up);
    m_o     = mag_m_i;
    if (!fp32_i) begin
      a_o   = mag_a_i;
      exp_o = exp_i;
    end else if (rounded[24]) begin   // 2^24 * 2^(8 - lz) = 2^31 * 2^(1 - lz): one leading zero fewer
      a_o   = 32'h8000_0000;
      exp_o = exp_i + 9'(lz - 1);
    end else begin
      a_o   = {rounded[23:0], 8'h00};
      exp_o = exp_i + 9'(lz);
    end
  end
endmodule
