// qmac_requant_round_spec: the final rounding of each requantization mode, written plainly for the tie-rule
// proofs (combinational; a remainder compared with half a unit instead of round and sticky bits, no byte
// flags, no two-step shifter).
//
// The quotient X / 2^n of the magnitude X (sign neg), n = 31 - shift (fp32: n_fp32_i, from the exponents),
// rounded to an integer: below half a unit down, above it up, and a tie by the mode's rule:
//   double: shift < 0 away from zero (TFLite's RoundingDivideByPOT);
//          shift >= 0 toward +inf (the rounding of SRDHM, the only one there)
//   single, double_up: toward +inf (double_up with shift < 0: ruy's RoundingDivideByPOT)
//   single_even, fp32, fp32_wrap: to the even quotient (fp32: rint_even, the float-to-integer step)
//   single_away: away from zero
//   truncate: no rounding at all (toward zero)
// Outputs: mag_o = q mod 1024 and over_o = q > 1023 for q = floor(X / 2^n) (qmac_requant_clamp saturates), the
// carry, and single_away's x86 int32 flags: int32_over_o = q >= 2^31, int32_edge_o = q[30:9] all ones, both 0
// for the other codes and for n >= 32 (every mode's X is below 2^63, so q < 2^31 - 512 there); fp32_wrap's
// the same for neg only, and far_int8_o = its int32_over_o (the far bound 127).
module qmac_requant_round_spec #(
  parameter int Rounding = 0   // a qmac_pkg::Round* code
) (
  input  logic [63:0] x_i,
  input  logic        neg_i,
  input  logic [5:0]  shift_i,   // two's complement
  input  logic [5:0]  n_fp32_i,
  output logic [9:0]  mag_o,
  output logic        over_o,
  output logic        int32_over_o,
  output logic        int32_edge_o,
  output logic        far_int8_o,
  output logic        carry_o
);
  typedef enum logic [1:0] {TowardPlusInf, AwayFromZero, ToEven, NoRounding} tie_t;
  tie_t        tie;
  logic [6:0]  n;
  logic [63:0] q, rest, half;
  logic        above, at_half, x86;
  always_comb begin
    unique case (Rounding)
      qmac_pkg::RoundSingle, qmac_pkg::RoundDoubleUp: tie = TowardPlusInf;
      qmac_pkg::RoundSingleEven, qmac_pkg::RoundFp32, qmac_pkg::RoundFp32Wrap: tie = ToEven;
      qmac_pkg::RoundSingleAway:                      tie = AwayFromZero;
      qmac_pkg::RoundTruncate:                        tie = NoRounding;
      default:                                        tie = $signed(shift_i) < 0 ? AwayFromZero : TowardPlusInf;
    endcase
    n       = (Rounding == qmac_pkg::RoundFp32 || Rounding == qmac_pkg::RoundFp32Wrap) ? {1'b0, n_fp32_i}
                                                                                      : 7'(31 - $signed(shift_i));
    q       = x_i >> n;
    rest    = x_i & ~({64{1'b1}} << n);
    half    = (n == 0) ? 64'd0 : 64'd1 << (n - 1);
    above   = n != 0 && rest > half;
    at_half = n != 0 && rest == half;
    unique case (tie)
      TowardPlusInf: carry_o = above || (at_half && !neg_i);
      AwayFromZero:  carry_o = above || at_half;
      ToEven:        carry_o = above || (at_half && q[0]);
      default:       carry_o = 1'b0;
    endcase
    mag_o        = q[9:0];
    over_o       = q > 64'd1023;
    x86          = Rounding == qmac_pkg::RoundSingleAway || (Rounding == qmac_pkg::RoundFp32Wrap && neg_i);
    int32_over_o = x86 && n < 7'd32 && q >= 64'h8000_0000;
    int32_edge_o = x86 && n < 7'd32 && q[30:9] == 22'h3f_ffff;
    far_int8_o   = Rounding == qmac_pkg::RoundFp32Wrap && int32_over_o;
  end
endmodule
