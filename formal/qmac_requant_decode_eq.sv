// qmac_requant_decode_eq: miter of qmac_requant_decode and its specification (proof `decode`), built like
// qmac_requant_normalize_eq (free constant inputs, a BMC of DecodeLatency + 1 steps: every accumulator,
// multiplier, shift and rounding code).
module qmac_requant_decode_eq (
  input logic clk_i
);
  localparam int Latency = qmac_requant_pkg::DecodeLatency;
  (* anyconst *) logic [31:0] acc, multiplier;
  (* anyconst *) logic [5:0]  shift;
  (* anyconst *) logic [2:0]  rounding;
  logic [31:0] impl_a, impl_m, spec_a, spec_m;
  logic [4:0]  impl_left, spec_left;
  logic        impl_double, impl_fp32, spec_double, spec_fp32, impl_wrap, spec_wrap, impl_fp32_wrap, spec_fp32_wrap;
  logic [8:0]  impl_exp, spec_exp;
  logic [5:0]  unused_n;
  logic        unused_single, unused_trunc, unused_even;
  qmac_requant_decode u_impl (
    .clk_i, .en_i(1'b1), .acc_i(acc), .multiplier_i(multiplier), .shift_i(shift), .rounding_i(rounding),
    .acc_o(impl_a), .multiplier_o(impl_m), .left_o(impl_left), .n_o(unused_n), .double_o(impl_double),
    .single_o(unused_single), .trunc_o(unused_trunc), .even_o(unused_even), .fp32_o(impl_fp32),
    .wrap_o(impl_wrap), .fp32_wrap_o(impl_fp32_wrap), .exp_o(impl_exp));
  qmac_requant_decode_spec u_spec (
    .acc_i(acc), .multiplier_i(multiplier), .shift_i(shift), .rounding_i(rounding), .acc_o(spec_a),
    .multiplier_o(spec_m), .left_o(spec_left), .double_o(spec_double), .fp32_o(spec_fp32), .wrap_o(spec_wrap),
    .fp32_wrap_o(spec_fp32_wrap), .exp_o(spec_exp));

  logic [7:0] cycle_q = '0;   // edges so far, saturating at Latency
  always_ff @(posedge clk_i) if (cycle_q != 8'(Latency)) cycle_q <= cycle_q + 1'b1;
  always_comb begin
    if (cycle_q == 8'(Latency)) begin
      p_decode: assert (impl_a == spec_a && impl_m == spec_m && impl_left == spec_left
                        && impl_double == spec_double && impl_fp32 == spec_fp32 && impl_wrap == spec_wrap
                        && impl_fp32_wrap == spec_fp32_wrap
                        && impl_exp == spec_exp);
    end
  end
endmodule
