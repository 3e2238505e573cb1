// qmac_requant_round_eq: miter of the requantizer's final rounding for one rounding code (the tie-rule proofs
// and fp32's float-to-integer step): qmac_requant_decode (the code and the shift -> n and the tie-rule
// flags) feeding qmac_requant_shift directly, against qmac_requant_round_spec. Built like
// qmac_requant_normalize_eq: free constant inputs, a BMC of DecodeLatency + ShiftLatency + 1 steps checks
// every input: every 64-bit X, both signs, every 6-bit shift (fp32: every n, which qmac_requant_round24
// delivers instead of the decoder's).
module qmac_requant_round_eq #(
  parameter int Rounding = 0
) (
  input logic clk_i
);
  localparam int Latency = qmac_requant_pkg::DecodeLatency + qmac_requant_pkg::ShiftLatency;
  (* anyconst *) logic [63:0] x;
  (* anyconst *) logic        neg;
  (* anyconst *) logic [5:0]  shift, n_fp32;
  (* anyconst *) logic [31:0] acc, multiplier;   // the decoder's other inputs, irrelevant here

  logic [5:0] dec_n;
  logic       dec_single, dec_trunc, dec_even, dec_fp32, dec_wrap, dec_fp32_wrap, unused_double;
  logic [31:0] unused_a, unused_m;
  logic [4:0]  unused_left;
  logic [8:0]  unused_exp;
  qmac_requant_decode u_decode (
    .clk_i, .en_i(1'b1), .acc_i(acc), .multiplier_i(multiplier), .shift_i(shift),
    .rounding_i(3'(Rounding)),
    .acc_o(unused_a), .multiplier_o(unused_m), .left_o(unused_left), .n_o(dec_n), .double_o(unused_double),
    .single_o(dec_single), .trunc_o(dec_trunc), .even_o(dec_even), .fp32_o(dec_fp32), .wrap_o(dec_wrap),
    .fp32_wrap_o(dec_fp32_wrap), .exp_o(unused_exp));

  logic [9:0] impl_mag, spec_mag;
  logic       impl_inc, impl_neg, spec_carry;
  logic       impl_over, impl_int32_over, impl_int32_edge, spec_over, spec_int32_over, spec_int32_edge;
  logic       impl_far_int8, spec_far_int8;
  qmac_requant_shift u_impl (
    .clk_i, .en_i(1'b1), .x_i(x), .neg_i(neg), .n_i(dec_fp32 ? n_fp32 : dec_n),
    .single_i(dec_single), .trunc_i(dec_trunc), .even_i(dec_even), .wrap_i(dec_wrap), .wrap_neg_i(dec_fp32_wrap),
    .mag_o(impl_mag), .over_o(impl_over), .int32_over_o(impl_int32_over), .int32_edge_o(impl_int32_edge),
    .far_int8_o(impl_far_int8),
    .inc_o(impl_inc), .neg_o(impl_neg));
  qmac_requant_round_spec #(.Rounding(Rounding)) u_spec (
    .x_i(x), .neg_i(neg), .shift_i(shift), .n_fp32_i(n_fp32), .mag_o(spec_mag), .over_o(spec_over),
    .int32_over_o(spec_int32_over), .int32_edge_o(spec_int32_edge), .far_int8_o(spec_far_int8),
    .carry_o(spec_carry));

  logic [7:0] cycle_q = '0;   // edges so far, saturating at Latency
  always_ff @(posedge clk_i) if (cycle_q != 8'(Latency)) cycle_q <= cycle_q + 1'b1;
  always_comb begin
    if (cycle_q == 8'(Latency)) begin
      p_round: assert (impl_mag == spec_mag && impl_over == spec_over && impl_int32_over == spec_int32_over
                       && impl_int32_edge == spec_int32_edge && impl_far_int8 == spec_far_int8
                       && impl_inc == (spec_carry ^ neg) && impl_neg == neg);
    end
  end
endmodule
