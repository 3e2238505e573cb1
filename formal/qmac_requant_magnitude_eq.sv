// qmac_requant_magnitude_eq: miter of qmac_requant_magnitude and its specification (proof `magnitude`), built
// like qmac_requant_normalize_eq (free constant inputs, a BMC of MagnitudeLatency + 1 steps: every input).
module qmac_requant_magnitude_eq #(
  parameter bit CarryChain = 1'b0   // qmac_requant_magnitude's two increment styles, one proof each
) (
  input logic clk_i
);
  localparam int Latency = qmac_requant_pkg::MagnitudeLatency;
  (* anyconst *) logic [31:0] acc, multiplier;
  (* anyconst *) logic [4:0]  left;
  logic [31:0] impl_a, impl_m, spec_a, spec_m;
  logic        impl_neg, spec_neg;
  qmac_requant_magnitude #(.CarryChain(CarryChain)) u_impl (
    .clk_i, .en_i(1'b1), .acc_i(acc), .multiplier_i(multiplier), .left_i(left),
    .mag_a_o(impl_a), .mag_m_o(impl_m), .neg_o(impl_neg));
  qmac_requant_magnitude_spec u_spec (
    .acc_i(acc), .multiplier_i(multiplier), .left_i(left), .mag_a_o(spec_a), .mag_m_o(spec_m), .neg_o(spec_neg));

  logic [7:0] cycle_q = '0;   // edges so far, saturating at Latency
  always_ff @(posedge clk_i) if (cycle_q != 8'(Latency)) cycle_q <= cycle_q + 1'b1;
  always_comb begin
    if (cycle_q == 8'(Latency)) begin
      p_magnitude: assert (impl_a == spec_a && impl_m == spec_m && impl_neg == spec_neg);
    end
  end
endmodule
