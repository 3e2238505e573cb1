// qmac_mul2: two products that share one activation, a * w0 and a * w1, from ONE 27 x 18 multiply, the
// shape of one DSP48E2 (xcup; qmac_mvu with DSP_PACK = 1; AMD WP486 describes the technique):
//
//   P     = a * (w0 * 2^18 + w1)          (the weight pair on the 27-bit port, a on the 18-bit port)
//   prod1 = P[17:0] sign-extended         (= a * w1: |a * w1| <= 256 * 255 < 2^17, so 18 bits hold it)
//   prod0 = (P >>> 18) + P[17]            (= a * w0: P >>> 18 is a * w0 minus the borrow the negative
//                                          lower product takes from bit 18; P[17] is that borrow)
//
// a is 9-bit signed (the caller sign-extends int8 or zero-extends uint8 activations); w0 and w1 are the
// 9-bit w - zw with |w| <= qmac_mvu_pkg::WeightMax (255). The pair fits the 27-bit port because
// 255 * 2^18 + 255 = 66846975 < 2^26 (a weight of -256 would not: -256 * 2^18 - 1 < -2^26; checked below).
// Both products lie in [-65280, 65280]: exact in qmac_pkg::ProdBits = 17 bits, as qmac_mul's. (A 17-bit
// field, w0 * 2^17 + w1, would hold a * w1 too; 18 is the layout of AMD's WP486, one guard bit.)
//
// Latency qmac_mvu_pkg::Mul2Latency = 3: operands (AREG/BREG/DREG), product (MREG or PREG), correction (the
// fabric register of prod0/prod1). The pair is formed after the operand registers, where the DSP48E2's
// 27-bit preadder (D + A) sits. Three stages, not four (MREG and PREG both): the engine's clock is set by
// its fabric (carry chains of the correction, the adder trees, the requantizer), not by a DSP48E2 with
// MREG = 0 (no vendor timing figures here to say more). Yosys 0.23 packs no
// register into a DSP48E2 at all (its xilinx_dsp pass matches DSP48E1 only): on xcup the three stages stay
// fabric flip-flops around one combinational DSP48E2 (docs/resources.md has the counts).
// Data registers carry no reset; validity is tracked by the caller.
module qmac_mul2 (
  input  logic                                  clk_i,
  input  logic                                  en_i,    // pipeline advance (clock enable)
  input  logic signed [qmac_pkg::WeightBits-1:0] act_i,   // a: int8 or uint8 extended to 9 bits
  input  logic signed [qmac_pkg::WeightBits-1:0] wgt0_i,  // w0: the upper product's weight
  input  logic signed [qmac_pkg::WeightBits-1:0] wgt1_i,  // w1: the lower product's weight
  output logic signed [qmac_pkg::ProdBits-1:0]   prod0_o, // a * w0
  output logic signed [qmac_pkg::ProdBits-1:0]   prod1_o  // a * w1
);
  localparam int OpBits   = qmac_pkg::WeightBits;
  localparam int Shift    = 18;               // the lower product's field: 18 bits of the 18 x 27 product
  localparam int PairBits = 27;               // the DSP48E2 multiplier's wide port (preadder output)
  localparam int PBits    = OpBits + PairBits; // the full product: no redundant sign bit for Yosys to find

`ifndef __ICARUS__
  // Elaboration-time proofs of the header's claims, from the contract's weight range.
  if (qmac_mvu_pkg::WeightMax * (2 ** Shift) + qmac_mvu_pkg::WeightMax > 2 ** (PairBits - 1) - 1)
  begin : gen_check_pair
    $error("qmac_mul2: w0 * 2^18 + w1 does not fit 27 bits for |w| <= WeightMax");
  end
  if ((2 ** (OpBits - 1)) * qmac_mvu_pkg::WeightMax > 2 ** (Shift - 1) - 1) begin : gen_check_field
    $error("qmac_mul2: a * w1 does not fit the 18-bit lower field");
  end
  if ((2 ** (OpBits - 1)) * qmac_mvu_pkg::WeightMax > 2 ** (qmac_pkg::ProdBits - 1) - 1) begin : gen_check_prod
    $error("qmac_mul2: a * w does not fit ProdBits");
  end
  if (qmac_mvu_pkg::Mul2Latency != 3) begin : gen_check_latency
    $error("qmac_mul2: has 3 register stages, the contract says Mul2Latency = %0d", qmac_mvu_pkg::Mul2Latency);
  end
`endif

  logic signed [OpBits-1:0]   act_q, wgt0_q, wgt1_q;
  logic signed [PairBits-1:0] pair;
  logic signed [PBits-1:0]    p_q;
  logic signed [qmac_pkg::ProdBits-1:0] prod0_q, prod1_q;

  // The preadder: w0 * 2^18 + w1 (both sign-extended to 27 bits; exact, see above).
  assign pair = (PairBits'(wgt0_q) <<< Shift) + PairBits'(wgt1_q);

  // The lower field's sign is the borrow the upper product took; adding it back gives a * w0.
  logic signed [PBits-Shift-1:0] upper;
  assign upper = p_q[PBits-1:Shift] + (PBits - Shift)'({1'b0, p_q[Shift-1]});

  always_ff @(posedge clk_i) begin
    if (en_i) begin
      act_q   <= act_i;
      wgt0_q  <= wgt0_i;
      wgt1_q  <= wgt1_i;
      p_q     <= PBits'(act_q) * PBits'(pair);
      prod0_q <= upper[qmac_pkg::ProdBits-1:0];
      prod1_q <= p_q[qmac_pkg::ProdBits-1:0];  // P[17] repeats P[16]: a * w1 fits 17 bits
    end
  end

  assign prod0_o = prod0_q;
  assign prod1_o = prod1_q;

  // The sum's top bit only repeats its sign: a * w0 fits 17 bits (see the checks above).
  logic unused_upper_sign;
  assign unused_upper_sign = upper[PBits-Shift-1];

endmodule
