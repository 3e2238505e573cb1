// qmac_requant_normalize_eq: miter of qmac_requant_normalize and its specification (proof `normalize`).
// The inputs are free constants ($anyconst) and the pipeline advances every cycle; after NormalizeLatency
// edges every register holds a function of the inputs alone (a feed-forward pipeline, no state kept), so
// a BMC of NormalizeLatency + 1 steps checks the output for every input value: the whole 2^74 input space.
module qmac_requant_normalize_eq (
  input logic clk_i
);
  localparam int Latency = qmac_requant_pkg::NormalizeLatency;
  (* anyconst *) logic [31:0] mag_a, mag_m;
  (* anyconst *) logic        fp32;
  (* anyconst *) logic [8:0]  exp_in;
  logic [31:0] impl_a, impl_m, spec_a, spec_m;
  logic [8:0]  impl_exp, spec_exp;

  qmac_requant_normalize u_impl (
    .clk_i, .en_i(1'b1), .mag_a_i(mag_a), .mag_m_i(mag_m), .fp32_i(fp32), .exp_i(exp_in),
    .a_o(impl_a), .m_o(impl_m), .exp_o(impl_exp));
  qmac_requant_normalize_spec u_spec (
    .mag_a_i(mag_a), .mag_m_i(mag_m), .fp32_i(fp32), .exp_i(exp_in),
    .a_o(spec_a), .m_o(spec_m), .exp_o(spec_exp));

  logic [7:0] cycle_q = '0;   // edges so far, saturating at Latency
  always_ff @(posedge clk_i) if (cycle_q != 8'(Latency)) cycle_q <= cycle_q + 1'b1;
  always_comb begin
    if (cycle_q == 8'(Latency)) begin
      p_normalize: assert (impl_a == spec_a && impl_m == spec_m && (impl_exp == spec_exp || (fp32 && mag_a == '0)));
    end
  end
endmodule
