// qmac_requant_decode: stage 1z of qmac_requant. Decodes the rounding code and the shift s into mode flags,
// the double modes' left shift l and the right shift n = 31 - s, and registers them beside acc and M.
//
// The double modes (double, double_up) with s >= 0 are the single mode on acc << s (qmac_requant's header):
// double_o means a double mode with s < 0 (X = h * 2^31), left_o = s for a double mode with s >= 0 (else 0).
// The final rounding's tie rule: single_o ties up (single; double and double_up with s >= 0, where SRDHM's
// tie rule is single's; double_up with s < 0, ruy's RoundingDivideByPOT), even_o ties to even (single_even,
// fp32, fp32_wrap), trunc_o none; no flag: ties away from zero (double with s < 0, single_away). wrap_o:
// single_away, whose quotient goes to int32 as x86-64 converts it and whose zero point is added mod 2^32;
// fp32_wrap_o: fp32_wrap, which does the same for negative values only (its float clamps the positive ones)
// and whose far bound is int8's 127. fp32_o: either float32 rounding (qmac_pkg::float32_multiplier).
// fp32: multiplier_o is the significand of the float32 m whose bits the multiplier holds, with its hidden bit
// (0 for a subnormal m: every product with it rounds to 0), and exp_o = 150 - m's biased exponent
// (m = significand * 2^-exp_o); the sign bit of the field is ignored, as the HLS kernel does. An undefined
// code runs double rounding. Registering the decoded mode keeps every decoder off the reset nets downstream.
// Latency: qmac_requant_pkg::DecodeLatency (1).
module qmac_requant_decode (
  input  logic                                  clk_i,
  input  logic                                  en_i,
  input  logic [qmac_pkg::AccBits-1:0]          acc_i,
  input  logic [qmac_pkg::MultiplierBits-1:0]   multiplier_i,
  input  logic [qmac_pkg::ShiftBits-1:0]        shift_i,
  input  logic [qmac_pkg::RoundingBits-1:0]     rounding_i,
  output logic [qmac_pkg::AccBits-1:0]          acc_o,
  output logic [qmac_pkg::MultiplierBits-1:0]   multiplier_o,
  output logic [qmac_requant_pkg::LeftBits-1:0] left_o,     // l, the double mode's left shift
  output logic [qmac_pkg::ShiftBits-1:0]        n_o,        // 31 - s
  output logic                                  double_o,   // double rounding, s < 0: X = h * 2^31
  output logic                                  single_o,   // single rounding (or double, s >= 0)
  output logic                                  trunc_o,
  output logic                                  even_o,     // ties to even (single_even, fp32)
  output logic                                  fp32_o,
  output logic                                  wrap_o,     // single_away: x86 int32 conversion
  output logic                                  fp32_wrap_o,  // fp32_wrap: the same below zero, far bound 127
  output logic [qmac_requant_pkg::ExpBits-1:0]  exp_o       // fp32: 150 - biased exponent of m
);
  localparam int NBits = qmac_pkg::ShiftBits;
  localparam int LBits = qmac_requant_pkg::LeftBits;
  localparam int EBits = qmac_requant_pkg::ExpBits;
  localparam int MulBits = qmac_pkg::MultiplierBits;

`ifndef __ICARUS__
  if (qmac_pkg::ShiftMin < -(1 << (NBits - 1)) || qmac_pkg::ShiftMax >= (1 << (NBits - 1))) begin : gen_check_shift
    $error("qmac_requant_decode: shift field too narrow for [ShiftMin, ShiftMax]");
  end
  if ((1 << LBits) != qmac_pkg::AccBits) begin : gen_check_left
    $error("qmac_requant_decode: LeftBits must count the bit positions of the accumulator");
  end
`endif

  logic is_double, is_single, is_trunc, is_even, is_fp32, shift_neg, rnd_double, rnd_up, rnd_known;
  logic [LBits-1:0] left;
  logic [NBits-1:0] n;
  logic [7:0]       biased;
  logic [MulBits-1:0] m;
  logic [EBits-1:0] e;
  always_comb begin
    shift_neg  = shift_i[NBits-1];
    rnd_known  = (qmac_pkg::RoundingBits+1)'(rounding_i) < (qmac_pkg::RoundingBits+1)'(qmac_pkg::RoundingCodes);
    rnd_double = rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundDouble) || !rnd_known;
    rnd_up     = rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundDoubleUp);
    is_fp32    = qmac_pkg::float32_multiplier(rounding_i);
    is_double  = (rnd_double || rnd_up) && shift_neg;
    is_single  = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundSingle)) || rnd_up || (rnd_double && !shift_neg);
    is_trunc   = rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundTruncate);
    is_even    = rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundSingleEven) || is_fp32;
    // an AND, not a mux: no reset net
    left       = shift_i[LBits-1:0] & {LBits{(rnd_double || rnd_up) && !shift_neg}};
    // n = 31 - s in every fixed-point mode (double, s < 0: 31 + r), mod 2^NBits: exact for every shift in
    // [-32, 31]; fp32 computes its own n later (qmac_requant_round24)
    n          = NBits'(31) - shift_i;
    // fp32: m = {hidden, fraction} * 2^(biased - 150); a subnormal m (biased 0) contributes 0
    biased     = multiplier_i[30:23];
    // (only bits 31:23 differ between the two forms: no 32-bit multiplexer)
    m          = {multiplier_i[31:24] & {8{!is_fp32}}, is_fp32 ? biased != 8'd0 : multiplier_i[23], multiplier_i[22:0]};
    e          = EBits'(150) - EBits'(biased);
  end

  logic [qmac_pkg::AccBits-1:0]        s1z_a_q;
  logic [qmac_pkg::MultiplierBits-1:0] s1z_m_q;
  logic [LBits-1:0]                    s1z_left_q;
  logic [NBits-1:0]                    s1z_n_q;
  logic                                s1z_double_q, s1z_single_q, s1z_trunc_q, s1z_even_q, s1z_fp32_q, s1z_wrap_q;
  logic                                s1z_fp32_wrap_q;
  logic [EBits-1:0]                    s1z_exp_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s1z_a_q      <= acc_i;
      s1z_m_q      <= m;
      s1z_fp32_q   <= is_fp32;
      s1z_exp_q    <= e;
      s1z_left_q   <= left;
      s1z_n_q      <= n;
      s1z_double_q <= is_double;
      s1z_single_q <= is_single;
      s1z_trunc_q  <= is_trunc;
      s1z_even_q   <= is_even;
      s1z_wrap_q   <= rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundSingleAway);
      s1z_fp32_wrap_q <= rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundFp32Wrap);
    end
  end
  assign acc_o        = s1z_a_q;
  assign multiplier_o = s1z_m_q;
  assign left_o       = s1z_left_q;
  assign n_o          = s1z_n_q;
  assign double_o     = s1z_double_q;
  assign single_o     = s1z_single_q;
  assign trunc_o      = s1z_trunc_q;
  assign even_o       = s1z_even_q;
  assign fp32_o       = s1z_fp32_q;
  assign wrap_o       = s1z_wrap_q;
  assign fp32_wrap_o  = s1z_fp32_wrap_q;
  assign exp_o        = s1z_exp_q;

endmodule
