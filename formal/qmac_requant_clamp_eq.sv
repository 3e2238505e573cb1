// qmac_requant_clamp_eq: miter of qmac_requant_clamp and its specification (proof `clamp`), built like
// qmac_requant_normalize_eq (free constant inputs, a BMC of ClampLatency + 1 steps: every input, including
// every 9-bit zero point and bounds, min > max too).
module qmac_requant_clamp_eq (
  input logic clk_i
);
  localparam int Latency = qmac_requant_pkg::ClampLatency;
  (* anyconst *) logic [9:0]        mag;
  (* anyconst *) logic              inc, neg, over, int32_over, int32_edge, far_int8;
  (* anyconst *) logic signed [8:0] zero_point, min, max;
  (* anyconst *) logic [1:0]        wrap_offset;
  logic signed [8:0] impl_y, spec_y;
  qmac_requant_clamp u_impl (
    .clk_i, .en_i(1'b1), .mag_i(mag), .over_i(over), .int32_over_i(int32_over), .int32_edge_i(int32_edge),
    .far_int8_i(far_int8), .inc_i(inc), .neg_i(neg), .zero_point_i(zero_point), .wrap_offset_i(wrap_offset),
    .min_i(min), .max_i(max), .y_o(impl_y));
  qmac_requant_clamp_spec u_spec (
    .mag_i(mag), .over_i(over), .int32_over_i(int32_over), .int32_edge_i(int32_edge), .far_int8_i(far_int8),
    .inc_i(inc), .neg_i(neg), .zero_point_i(zero_point), .wrap_offset_i(wrap_offset), .min_i(min), .max_i(max),
    .y_o(spec_y));

  logic [7:0] cycle_q = '0;   // edges so far, saturating at Latency
  always_ff @(posedge clk_i) if (cycle_q != 8'(Latency)) cycle_q <= cycle_q + 1'b1;
  always_comb begin
    // as qmac_requant_shift delivers them: both int32 flags only beside an over, the edge with F[9] = 1
    assume ((!int32_over || over) && (!int32_edge || (over && mag[9])) && (!far_int8 || int32_over));
    if (cycle_q == 8'(Latency)) begin
      p_clamp: assert (impl_y == spec_y);
    end
  end
endmodule
