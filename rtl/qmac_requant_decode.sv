// qmac_requant_decode: stage 1z of qmac_requant. Decodes the rounding code and the shift s into mode flags,
// the double mode's left shift l and the right shift n = 31 - s, and registers them beside acc and M.
//
// The double mode with s >= 0 is the single mode on acc << s (qmac_requant's header): double_o means double
// rounding with s < 0, single_o single rounding or double rounding with s >= 0, and left_o = s in that last
// case only (else 0). Registering the decoded mode keeps every decoder off the reset nets downstream.
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
  output logic                                  even_o      // single rounding, ties to even
);
  localparam int NBits = qmac_pkg::ShiftBits;
  localparam int LBits = qmac_requant_pkg::LeftBits;

`ifndef __ICARUS__
  if (qmac_pkg::ShiftMin < -(1 << (NBits - 1)) || qmac_pkg::ShiftMax >= (1 << (NBits - 1))) begin : gen_check_shift
    $error("qmac_requant_decode: shift field too narrow for [ShiftMin, ShiftMax]");
  end
  if ((1 << LBits) != qmac_pkg::AccBits) begin : gen_check_left
    $error("qmac_requant_decode: LeftBits must count the bit positions of the accumulator");
  end
`endif

  logic is_double, is_single, is_trunc, is_even, shift_neg, rnd_double;
  logic [LBits-1:0] left;
  logic [NBits-1:0] n;
  always_comb begin
    shift_neg  = shift_i[NBits-1];
    rnd_double = rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundDouble);
    is_double  = rnd_double && shift_neg;
    is_single  = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundSingle)) || (rnd_double && !shift_neg);
    is_trunc   = rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundTruncate);
    is_even    = rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundSingleEven);
    left       = shift_i[LBits-1:0] & {LBits{rnd_double && !shift_neg}};   // an AND, not a mux: no reset net
    // n = 31 - s in every mode (double, s < 0: 31 + r), mod 2^NBits: exact for every shift in [-32, 31]
    n          = NBits'(31) - shift_i;
  end

  logic [qmac_pkg::AccBits-1:0]        s1z_a_q;
  logic [qmac_pkg::MultiplierBits-1:0] s1z_m_q;
  logic [LBits-1:0]                    s1z_left_q;
  logic [NBits-1:0]                    s1z_n_q;
  logic                                s1z_double_q, s1z_single_q, s1z_trunc_q, s1z_even_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s1z_a_q      <= acc_i;
      s1z_m_q      <= multiplier_i;
      s1z_left_q   <= left;
      s1z_n_q      <= n;
      s1z_double_q <= is_double;
      s1z_single_q <= is_single;
      s1z_trunc_q  <= is_trunc;
      s1z_even_q   <= is_even;
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

endmodule
