// qmac_requant_decode_spec: the operands and the mode of the requantizer's decoder, written plainly for the
// proof `decode` (combinational; its tie-rule flags and n are proven with the shift stage, the tie_* proofs).
//   acc_o = acc; fp32_o: rounding is fp32 or fp32_wrap (codes 6, 7); fp32_wrap_o: fp32_wrap
//   multiplier_o: fp32: the significand of the float32 whose bits the multiplier holds, its hidden bit 1 for
//       a normal number and 0 for a subnormal one (biased exponent 0); else the multiplier unchanged
//   exp_o = 150 - the biased exponent (9-bit two's complement; read in fp32 only)
//   double_o: a double mode (double, double_up) with shift < 0 (the contract defines all 8 codes)
//   left_o: the left shift l = shift of a double mode with shift >= 0, else 0
module qmac_requant_decode_spec (
  input  logic [31:0] acc_i,
  input  logic [31:0] multiplier_i,
  input  logic [5:0]  shift_i,
  input  logic [2:0]  rounding_i,
  output logic [31:0] acc_o,
  output logic [31:0] multiplier_o,
  output logic [4:0]  left_o,
  output logic        double_o,
  output logic        fp32_o,
  output logic        wrap_o,   // single_away (code 5): its x86 int32 conversion
  output logic        fp32_wrap_o,
  output logic [8:0]  exp_o
);
  logic [7:0] biased;
  logic       double_mode;
  always_comb begin
    biased       = multiplier_i[30:23];
    double_mode  = rounding_i == 3'(qmac_pkg::RoundDouble) || rounding_i == 3'(qmac_pkg::RoundDoubleUp);
    acc_o        = acc_i;
    fp32_o       = rounding_i == 3'(qmac_pkg::RoundFp32) || rounding_i == 3'(qmac_pkg::RoundFp32Wrap);
    fp32_wrap_o  = rounding_i == 3'(qmac_pkg::RoundFp32Wrap);
    wrap_o       = rounding_i == 3'(qmac_pkg::RoundSingleAway);
    multiplier_o = fp32_o ? {8'd0, biased != 8'd0, multiplier_i[22:0]} : multiplier_i;
    exp_o        = 9'd150 - {1'b0, biased};
    double_o     = double_mode && $signed(shift_i) < 0;
    left_o       = (double_mode && $signed(shift_i) >= 0) ? shift_i[4:0] : 5'd0;
  end
endmodule
