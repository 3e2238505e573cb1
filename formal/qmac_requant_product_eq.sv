// qmac_requant_product_eq: miter of qmac_requant_product_fabric and its specification (proof `product`).
//
// The product stage is four 16x16 multiplies (single `*` operators, DSP cells) and the column sums of their
// partial products with SRDHM's rounding: the error-prone part is the columns, the carries between them and
// the rounding increment, and it is what this proves. A 32x32 multiplier equivalence is beyond z3 here, so
// the proof's Yosys script cuts the four multipliers (cutpoint t:$mul): their products become free
// constants, which the probes read back from the product registers s3_*_q (which hold them from the first
// edge on; the initial value is flushed long before the check). Assumed:
// what every real pair of operands gives, with |a|, |M| <= 2^31 (the magnitude stage's outputs): each
// partial product at most its operands' bound, and U <= 2^62. The proof then holds for every such set of
// partial products, a superset of those of real operands, so for every |a| and |M| (U = |a| * |M| is the
// algebraic identity of the split). BMC of ProductLatency + 1 steps, constants throughout: every value.
module qmac_requant_product_eq (
  input logic clk_i
);
  localparam int Latency = qmac_requant_pkg::ProductLatency;
  (* anyconst *) logic [31:0] mag_a, mag_m;   // reach only the cut multipliers
  (* anyconst *) logic        neg, dbl;
  // Connected by qmac_requant_product.ys to the DUT's product registers.
  logic [31:0] probe_ll, probe_lh, probe_hl, probe_hh;
  logic [63:0] impl_x, spec_x;
  logic [65:0] spec_u;
  logic        impl_neg;

  qmac_requant_product_fabric u_dut (
    .clk_i, .en_i(1'b1), .mag_a_i(mag_a), .mag_m_i(mag_m), .neg_i(neg), .double_i(dbl),
    .x_o(impl_x), .neg_o(impl_neg));
  qmac_requant_product_spec u_spec (
    .ll_i(probe_ll), .lh_i(probe_lh), .hl_i(probe_hl), .hh_i(probe_hh), .neg_i(neg), .double_i(dbl),
    .u_o(spec_u), .x_o(spec_x));

  // The bounds of real partial products: a_lo, m_lo <= 2^16 - 1; a_hi, m_hi <= 2^15 (|a|, |M| <= 2^31).
  localparam logic [31:0] LoLo = 32'hFFFE_0001;   // (2^16 - 1)^2
  localparam logic [31:0] LoHi = 32'h7FFF_8000;   // (2^16 - 1) * 2^15
  localparam logic [31:0] HiHi = 32'h4000_0000;   // 2^30
  always_comb begin
    assume (probe_ll <= LoLo && probe_lh <= LoHi && probe_hl <= LoHi && probe_hh <= HiHi);
    // assume (spec_u <= 2^62) is implied: the bounds give U < 2^62 + 2^49, below what the columns hold
  end
  logic [7:0] cycle_q = '0;   // edges so far, saturating at Latency
  always_ff @(posedge clk_i) if (cycle_q != 8'(Latency)) cycle_q <= cycle_q + 1'b1;
  always_comb begin
    if (cycle_q == 8'(Latency)) begin
      p_product: assert (impl_x == spec_x && impl_neg == neg);
    end
  end
endmodule
