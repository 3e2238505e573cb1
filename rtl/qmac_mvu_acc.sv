// qmac_mvu_acc: one output channel's adder tree and wrapping 32-bit accumulator (mod 2^32) in qmac_mvu.
//
// qmac_adder_tree ($clog2(SIMD) levels) over the SIMD products of a step, then the accumulator in 16-bit
// halves (qmac_dot's: no carry chain longer than 17 bits). Free running: a step with beat_valid_i low is a
// bubble that leaves the accumulator alone. The caller aligns beat_*_i with the tree's sum and hi_*_i one
// cycle later (the upper half runs one cycle behind the lower, its carry registered).
// Outputs: lo_sum_o is the lower half of acc + this beat (complete on the edge that takes the last beat),
// hi_sum_o the upper half, one edge later. The accumulator restarts from zero after a last beat, through the
// flip-flops' synchronous reset (no clear multiplexer in the loop, as in qmac_dot). Reset clears both
// halves, so that X never circulates through the adders of a gate-level simulation.
module qmac_mvu_acc #(
  parameter int SIMD = 8
) (
  input  logic                                  clk_i,
  input  logic                                  rst_i,
  input  logic [SIMD*qmac_pkg::ProdBits-1:0]    prods_i,        // lane i at [17i +: 17]
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

`ifndef __ICARUS__
  if (SumBits > qmac_pkg::AccBits) begin : gen_check_sum
    $error("qmac_mvu_acc: one step's sum needs more bits than the accumulator");
  end
  if (HalfBits != 16) begin : gen_check_widths
    $error("qmac_mvu_acc: the accumulator halves are 16 bits");
  end
`endif

  logic signed [SumBits-1:0] beat_sum;
  qmac_adder_tree #(.Lanes(SIMD), .InBits(qmac_pkg::ProdBits)) u_tree (
    .clk_i,
    .en_i       (1'b1),
    .operands_i (prods_i),
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
