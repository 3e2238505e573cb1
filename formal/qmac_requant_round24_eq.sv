// qmac_requant_round24_eq: miter of qmac_requant_round24 and its specification (proof `round24`), built
// like qmac_requant_normalize_eq (free constant inputs, BMC of Round24Latency + 1 steps: every input value).
//
// fp32 inputs are what the stages before deliver: P = a * m with a = f32(|acc|) normalised (bit 31 set, or
// a = 0) and m a normal float32's significand (bit 23 set), so P = 0 or P in [2^54, 2^56); a subnormal m
// (significand below 2^23, P < 2^56) comes with exp = 150 + lz' > 63, for which only n = 63 and X < 2^62 are
// required: the final shift by 63 then yields 0 with a zero round bit, which is the value (below 2^-7).
module qmac_requant_round24_eq (
  input logic clk_i
);
  localparam int Latency = qmac_requant_pkg::Round24Latency;
  (* anyconst *) logic [63:0] p;
  (* anyconst *) logic        fp32;
  (* anyconst *) logic [8:0]  exp_in;
  (* anyconst *) logic [5:0]  n_in;
  logic [63:0] impl_x, spec_x;
  logic [5:0]  impl_n, spec_n;
  logic        normal, tiny;
  assign normal = p == '0 || (p[63:56] == '0 && p[55:54] != '0);
  assign tiny   = p[63:56] == '0 && $signed(exp_in) > 63;
  always_comb if (fp32) assume (normal || tiny);

  qmac_requant_round24 u_impl (
    .clk_i, .en_i(1'b1), .x_i(p), .fp32_i(fp32), .exp_i(exp_in), .n_i(n_in), .x_o(impl_x), .n_o(impl_n));
  qmac_requant_round24_spec u_spec (
    .x_i(p), .fp32_i(fp32), .exp_i(exp_in), .n_i(n_in), .x_o(spec_x), .n_o(spec_n));

  logic [7:0] cycle_q = '0;   // edges so far, saturating at Latency
  always_ff @(posedge clk_i) if (cycle_q != 8'(Latency)) cycle_q <= cycle_q + 1'b1;
  always_comb begin
    if (cycle_q == 8'(Latency)) begin
      p_round24: assert (impl_n == spec_n && (fp32 && !normal ? impl_x[63:62] == '0 : impl_x == spec_x));
    end
  end
endmodule
