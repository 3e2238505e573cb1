// qmac_mvu_pe: one processing element of the layer engine: SIMD multipliers, the adder tree of their
// products and the wrapping 32-bit accumulator of one output channel (mod 2^32).
//
// Pipeline (free running; a step with beat_valid_i low is a bubble that leaves the accumulator alone):
//   products (qmac_mvu_mul, qmac_pkg::MulLatency; DSP_PACK = 1: qmac_mul2 pairs, Mul2Latency) ->
//   qmac_adder_tree ($clog2(SIMD)) -> accumulator in 16-bit halves (qmac_dot's: no carry chain longer than
//   17 bits). The caller delays the step's valid/last bits by MulLatency + $clog2(SIMD) to beat_*_i, and by
//   one more to hi_*_i (the upper half runs one cycle behind the lower, its carry registered).
// Outputs: lo_sum_o is the lower half of acc + this beat (complete on the edge that takes the last beat),
// hi_sum_o the upper half, one edge later. The accumulator restarts from zero after a last beat, through the
// flip-flops' synchronous reset (no clear multiplexer in the loop; qmac_dot does the same). Reset clears both
// halves, so that X never circulates through the adders of a gate-level simulation.
module qmac_mvu_pe #(
  parameter int SIMD = 8
) (
  input  logic                                  clk_i,
  input  logic                                  rst_i,
  input  logic                                  act_signed_i,   // the layer's: 1 int8, 0 uint8
  input  logic [SIMD*qmac_mvu_pkg::ActLaneBits-1:0] act_i,      // lane i at [8i +: 8]
  input  logic [SIMD*qmac_pkg::WeightBits-1:0]  wgt_i,          // lane i at [9i +: 9], w - zw
  input  logic                                  beat_valid_i,   // aligned with the adder tree's sum
  input  logic                                  beat_last_i,
  input  logic                                  hi_valid_i,     // beat_*_i one cycle later
  input  logic                                  hi_last_i,
  output logic [15:0]                           lo_sum_o,
  output logic [15:0]                           hi_sum_o
);
  localparam int TreeLatency = (SIMD > 1) ? $clog2(SIMD) : 0;
  localparam int SumBits     = qmac_pkg::ProdBits + TreeLatency;
  localparam int HalfBits    = qmac_pkg::AccBits / 2;
  localparam int ActBits     = qmac_mvu_pkg::ActLaneBits;

`ifndef __ICARUS__
  if (SumBits > qmac_pkg::AccBits) begin : gen_check_sum
    $error("qmac_mvu_pe: one step's sum needs more bits than the accumulator");
  end
  if (HalfBits != 16 || ActBits != qmac_pkg::ActBits) begin : gen_check_widths
    $error("qmac_mvu_pe: the accumulator halves are 16 bits, activation lanes qmac_pkg::ActBits");
  end
`endif

  // ---- Multipliers ---------------------------------------------------------------------------------------
  logic [SIMD*qmac_pkg::ProdBits-1:0] prods;
  for (genvar i = 0; i < SIMD; i++) begin : gen_lane
    logic [ActBits-1:0] act;
    assign act = act_i[i*ActBits +: ActBits];
    qmac_mvu_mul u_mul (
      .clk_i,
      .act_i  ($signed({act_signed_i && act[ActBits-1], act})),
      .wgt_i  (wgt_i[i*qmac_pkg::WeightBits +: qmac_pkg::WeightBits]),
      .prod_o (prods[i*qmac_pkg::ProdBits +: qmac_pkg::ProdBits])
    );
  end

  logic signed [SumBits-1:0] beat_sum;
  qmac_adder_tree #(.Lanes(SIMD), .InBits(qmac_pkg::ProdBits)) u_tree (
    .clk_i,
    .en_i       (1'b1),
    .operands_i (prods),
    .sum_o      (beat_sum)
  );

  // ---- Accumulator (wraps mod 2^32) in 16-bit halves --------------------------------------------------------
  logic [qmac_pkg::AccBits-1:0] beat_sum_ext;
  logic [HalfBits-1:0] acc_lo_q, acc_hi_q, hi_sum_q;
  logic                hi_c_q;
  logic [HalfBits:0]   acc_lo_sum, acc_hi_sum;
  assign beat_sum_ext = qmac_pkg::AccBits'(beat_sum);
  assign acc_lo_sum   = (HalfBits+1)'(acc_lo_q) + (HalfBits+1)'(beat_sum_ext[HalfBits-1:0]);
  // {a, 1} + {b, c} adds the carry c on the same carry chain as a + b.
  assign acc_hi_sum   = {acc_hi_q, 1'b1} + {hi_sum_q, hi_c_q};

  always_ff @(posedge clk_i) begin
    hi_sum_q <= beat_sum_ext[qmac_pkg::AccBits-1:HalfBits];
    hi_c_q   <= acc_lo_sum[HalfBits];
  end
  always_ff @(posedge clk_i) begin
    if (rst_i || (beat_valid_i && beat_last_i)) acc_lo_q <= '0;
    else if (beat_valid_i)                      acc_lo_q <= acc_lo_sum[HalfBits-1:0];
  end
  always_ff @(posedge clk_i) begin
    if (rst_i || (hi_valid_i && hi_last_i)) acc_hi_q <= '0;
    else if (hi_valid_i)                    acc_hi_q <= acc_hi_sum[HalfBits:1];
  end

  assign lo_sum_o = acc_lo_sum[HalfBits-1:0];
  assign hi_sum_o = acc_hi_sum[HalfBits:1];
  logic unused_sum_lsb;   // the constant 1 of the carry-in position
  assign unused_sum_lsb = acc_hi_sum[0];

endmodule
