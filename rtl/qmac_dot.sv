// qmac_dot: streaming int8/uint8 x 9-bit weight dot product + requantizer (the contract of docs/interface.md).
//
// Each input beat carries LANES activations and LANES weights; beats accumulate (mod 2^32) until the beat
// flagged last, whose per-output parameters then give one output:
//   y = clamp(requant(bias + sum, multiplier, shift, rounding) + out_zero_point, out_min, out_max).
//
// Pipeline (one register per step, all advancing together on `en`):
//   qmac_mul (MulLatency) -> qmac_adder_tree ($clog2(LANES)) -> accumulator and + bias (AccLatency = 3:
//   the 32-bit adds run in 16-bit halves, the upper half one cycle behind the lower one with its carry
//   registered) -> qmac_requant (RequantLatency) -> qmac_spill_register (1)
// LATENCY is the number of clock edges from the edge that transfers the `last` beat to the edge after
// which its output beat is valid, when the output is not back-pressured.
//
// Back-pressure: the whole pipeline advances when the output spill register can take a beat
// (en = its registered ready), so s_ready_o is a register output, no beat is lost or duplicated, and
// the pipeline accepts one beat per cycle (II = 1) while m_ready_i stays high.
//
// Parameter names follow the contract (LANES, ACT_SIGNED, LATENCY) rather than UpperCamelCase.
module qmac_dot
#(
  parameter int LANES      = qmac_pkg::DefaultLanes,  // 1..MaxLanes
  parameter bit ACT_SIGNED = 1'b1,          // 1: int8 activations, 0: uint8 (the output type is [out_min, out_max]'s)
  // Requantizer architecture (qmac_requant.DspCascade): 0 (default; iCE40, xcup) sums the partial products in
  // fabric with <= 18-bit carry chains; 1 (xc7, set there by scripts/synth) in the DSP48E1 post-adders.
  parameter bit DSP_CASCADE = 1'b0
) (
  input  logic                        clk_i,
  input  logic                        rst_i,              // synchronous, active high
  // input stream
  input  logic                        s_valid_i,
  output logic                        s_ready_o,
  input  logic [LANES*qmac_pkg::ActBits-1:0]    s_act_i,            // lane i at [i*qmac_pkg::ActBits +: qmac_pkg::ActBits]
  input  logic [LANES*qmac_pkg::WeightBits-1:0] s_wgt_i,            // lane i at [i*qmac_pkg::WeightBits +: qmac_pkg::WeightBits], w - zw, signed
  input  logic                        s_last_i,
  // per-output parameters, sampled on the beat with s_last_i set
  input  logic signed [qmac_pkg::AccBits-1:0]                        s_bias_i,
  input  logic signed [qmac_pkg::MultiplierBits-1:0]                 s_multiplier_i,
  input  logic signed [qmac_pkg::ShiftBits-1:0]                      s_shift_i,
  input  logic [qmac_pkg::RoundingBits-1:0]                   s_rounding_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0]                  s_out_zero_point_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0]                  s_out_min_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0]                  s_out_max_i,
  // output stream
  output logic                        m_valid_o,
  input  logic                        m_ready_i,
  output logic [qmac_pkg::OutBits-1:0]                        m_data_o
);
  localparam int TreeLatency = (LANES > 1) ? $clog2(LANES) : 0;
  localparam int SumBits     = qmac_pkg::ProdBits + TreeLatency;
  // Exported for testbenches (Verilator public). Inside, only the assertion checker reads it, which synthesis
  // drops (SYNTHESIS defined): hence the one lint waiver.
  /* verilator lint_off UNUSEDPARAM */
  localparam int LATENCY /*verilator public*/ = qmac_pkg::MulLatency + TreeLatency + qmac_pkg::AccLatency
                                                + qmac_pkg::RequantLatency + 1;
  /* verilator lint_on UNUSEDPARAM */

`ifndef __ICARUS__
  if (LANES < 1 || LANES > qmac_pkg::MaxLanes || qmac_pkg::DefaultLanes > qmac_pkg::MaxLanes) begin : gen_check_lanes
    $error("qmac_dot: LANES must lie in [1, %0d]", qmac_pkg::MaxLanes);
  end
  if (SumBits > qmac_pkg::AccBits) begin : gen_check_sum
    $error("qmac_dot: one beat's sum needs more bits than the accumulator");
  end
  if (qmac_pkg::ProdBits != qmac_pkg::ActBits + qmac_pkg::WeightBits) begin : gen_check_prod
    $error("qmac_dot: ProdBits must hold a uint8 or int8 activation times a 9-bit signed weight exactly");
  end
`endif

  logic en;        // the whole pipeline advances
  logic in_fire;   // an input beat transfers
  logic out_ready; // the spill register takes a beat (registered)
  assign en        = out_ready;
  assign s_ready_o = out_ready;
  assign in_fire   = s_valid_i && s_ready_o;

  // ---- Multipliers and adder tree ------------------------------------------------------------------------
  logic [LANES*qmac_pkg::ProdBits-1:0] prods;
  for (genvar i = 0; i < LANES; i++) begin : gen_lane
    qmac_mul #(.ActSigned(ACT_SIGNED)) u_mul (
      .clk_i,
      .en_i   (en),
      .act_i  (s_act_i[i*qmac_pkg::ActBits +: qmac_pkg::ActBits]),
      .wgt_i  (s_wgt_i[i*qmac_pkg::WeightBits +: qmac_pkg::WeightBits]),
      .prod_o (prods[i*qmac_pkg::ProdBits +: qmac_pkg::ProdBits])
    );
  end

  logic signed [SumBits-1:0] beat_sum;
  qmac_adder_tree #(.Lanes(LANES), .InBits(qmac_pkg::ProdBits)) u_tree (
    .clk_i,
    .en_i       (en),
    .operands_i (prods),
    .sum_o      (beat_sum)
  );

  // valid/last and the parameters travel beside the products.
  localparam int SumLatency = qmac_pkg::MulLatency + TreeLatency;
  logic beat_valid, beat_last;
  qmac_delay #(.Width(2), .Depth(SumLatency), .Reset(1'b1)) u_beat_d (
    .clk_i, .rst_i, .en_i(en),
    .data_i ({in_fire, in_fire && s_last_i}),
    .data_o ({beat_valid, beat_last})
  );

  // The bias's lower half is added one cycle after the last beat's lower half, its upper half a cycle later.
  localparam int HalfBits = qmac_pkg::AccBits / 2;
  logic [qmac_pkg::AccBits-1:0] bias_d;
  logic [HalfBits-1:0]          bias_hi_d;
  qmac_delay #(.Width(qmac_pkg::AccBits), .Depth(SumLatency + 1)) u_bias_d (
    .clk_i, .rst_i, .en_i(en), .data_i(s_bias_i), .data_o(bias_d));
  qmac_delay #(.Width(HalfBits), .Depth(1)) u_bias_hi_d (
    .clk_i, .rst_i, .en_i(en), .data_i(bias_d[qmac_pkg::AccBits-1:HalfBits]), .data_o(bias_hi_d));

  localparam int ReqParamBits = qmac_pkg::MultiplierBits + qmac_pkg::ShiftBits + qmac_pkg::RoundingBits + 3 * qmac_pkg::OutParamBits;
  logic signed [qmac_pkg::MultiplierBits-1:0] req_multiplier;
  logic signed [qmac_pkg::ShiftBits-1:0]      req_shift;
  logic [qmac_pkg::RoundingBits-1:0]   req_rounding;
  logic signed [qmac_pkg::OutParamBits-1:0]  req_zero_point, req_min, req_max;
  qmac_delay #(.Width(ReqParamBits), .Depth(SumLatency + qmac_pkg::AccLatency)) u_req_d (
    .clk_i, .rst_i, .en_i(en),
    .data_i ({s_multiplier_i, s_shift_i, s_rounding_i, s_out_zero_point_i, s_out_min_i, s_out_max_i}),
    .data_o ({req_multiplier, req_shift, req_rounding, req_zero_point, req_min, req_max})
  );

  // ---- Accumulator (wraps mod 2^32) and bias, in 16-bit halves ------------------------------------------
  // No carry chain is longer than 17 bits (iCE40 Fmax). The accumulator is a feedback loop: its lower
  // half acc_lo_q takes beat k on edge E (carry out registered in hi_c_q); its upper half acc_hi_q takes
  // beat k's upper bits plus that carry on the next enabled edge E+1. The loop has no clear multiplexer:
  // on a group's last beat the sum goes to res_lo_q / res_hi_q instead and the half restarts from zero (a
  // synchronous reset, free on iCE40 and xc7 flip-flops). res_lo_q is complete after E, res_hi_q after E+1:
  // bias_lo_q adds the bias's lower half at E+1 (carry in bias_lo_q[16]), biased_hi_q the upper half at E+2,
  // while the next group is already accumulating.
  localparam int AccHiBits = qmac_pkg::AccBits - HalfBits;
  logic acc_valid_q;   // res_lo_q holds a finished group (res_hi_q does one edge later)
  logic hi_valid_q;    // the upper half takes a beat on the next enabled edge
  logic hi_last_q;     // ... and that beat ends a group
  logic bias_lo_valid_q, bias_valid_q;
  logic [HalfBits-1:0]  acc_lo_q, res_lo_q, hi_sum_q;
  logic                 hi_c_q;
  logic [AccHiBits-1:0] acc_hi_q, res_hi_q;
  logic [qmac_pkg::AccBits-1:0] beat_sum_ext;
  logic [HalfBits:0]    acc_lo_sum;
  logic [AccHiBits:0]   acc_hi_sum;
  assign beat_sum_ext = qmac_pkg::AccBits'(beat_sum);
  assign acc_lo_sum   = (HalfBits+1)'(acc_lo_q) + (HalfBits+1)'(beat_sum_ext[HalfBits-1:0]);
  // {a, 1} + {b, c} adds the carry c on the same carry chain as a + b.
  assign acc_hi_sum   = {acc_hi_q, 1'b1} + {hi_sum_q, hi_c_q};

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      acc_valid_q     <= 1'b0;
      hi_valid_q      <= 1'b0;
      bias_lo_valid_q <= 1'b0;
      bias_valid_q    <= 1'b0;
    end else if (en) begin
      acc_valid_q     <= beat_valid && beat_last;
      hi_valid_q      <= beat_valid;
      bias_lo_valid_q <= acc_valid_q;
      bias_valid_q    <= bias_lo_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (en) begin
      hi_last_q <= beat_last;
      hi_sum_q  <= beat_sum_ext[qmac_pkg::AccBits-1:HalfBits];
      hi_c_q    <= acc_lo_sum[HalfBits];
    end
  end

  // The two halves are the data registers in a feedback loop: they are reset too, so that a gate-level
  // simulation whose flip-flops start unknown (INIT = x) does not keep an X circulating through the adders.
  // The clear (reset or last beat) does not depend on en: it maps to the flip-flops' synchronous reset,
  // whose enable is en || rst_i, without the pipeline enable in front of the reset net.
  always_ff @(posedge clk_i) begin
    if (en || rst_i) begin
      if (rst_i || (beat_valid && beat_last)) acc_lo_q <= '0;
      else if (beat_valid)                    acc_lo_q <= acc_lo_sum[HalfBits-1:0];
    end
  end
  always_ff @(posedge clk_i) begin
    if (en || rst_i) begin
      if (rst_i || (hi_valid_q && hi_last_q)) acc_hi_q <= '0;
      else if (hi_valid_q)                    acc_hi_q <= acc_hi_sum[AccHiBits:1];
    end
  end
  always_ff @(posedge clk_i) begin
    if (en && beat_valid && beat_last) res_lo_q <= acc_lo_sum[HalfBits-1:0];
    if (en && hi_valid_q && hi_last_q) res_hi_q <= acc_hi_sum[AccHiBits:1];
  end

  logic [HalfBits:0]    bias_lo_q;   // lower half of acc + bias and its carry
  logic [HalfBits-1:0]  biased_lo_q;
  logic [AccHiBits:0]   biased_hi_sum;
  logic [AccHiBits-1:0] biased_hi_q;
  logic signed [qmac_pkg::AccBits-1:0] biased;
  assign biased_hi_sum = {res_hi_q, 1'b1} + {bias_hi_d, bias_lo_q[HalfBits]};
  always_ff @(posedge clk_i) begin
    if (en) begin
      bias_lo_q   <= (HalfBits+1)'(res_lo_q) + (HalfBits+1)'(bias_d[HalfBits-1:0]);
      biased_lo_q <= bias_lo_q[HalfBits-1:0];
      biased_hi_q <= biased_hi_sum[AccHiBits:1];
    end
  end
  assign biased = {biased_hi_q, biased_lo_q};
  logic unused_sum_lsbs;   // the constant 1 + c carry-in positions
  assign unused_sum_lsbs = ^{acc_hi_sum[0], biased_hi_sum[0]};

  // ---- Requantizer ----------------------------------------------------------------------------------------
  logic signed [qmac_pkg::OutParamBits-1:0] y;
  qmac_requant #(.DspCascade(DSP_CASCADE)) u_requant (
    .clk_i,
    .en_i             (en),
    .acc_i            (biased),
    .multiplier_i     (req_multiplier),
    .shift_i          (req_shift),
    .rounding_i       (req_rounding),
    .out_zero_point_i (req_zero_point),
    .out_min_i        (req_min),
    .out_max_i        (req_max),
    .y_o              (y)
  );

  logic y_valid;
  qmac_delay #(.Width(1), .Depth(qmac_pkg::RequantLatency), .Reset(1'b1)) u_y_valid_d (
    .clk_i, .rst_i, .en_i(en), .data_i(bias_valid_q), .data_o(y_valid));

  // ---- Assertions (simulation only): handshakes and the parameter contract, qmac_dot_assertions.sv -------
`ifndef SYNTHESIS
  qmac_dot_assertions #(.LATENCY(LATENCY)) u_assertions (
    .clk_i,
    .rst_i,
    .s_valid_i,
    .s_ready_o,
    .s_last_i,
    .s_multiplier_i,
    .s_shift_i,
    .s_rounding_i,
    .s_out_zero_point_i,
    .s_out_min_i,
    .s_out_max_i,
    .m_valid_o,
    .m_ready_i,
    .m_data_o
  );
`endif

  // ---- Output spill register --------------------------------------------------------------------------
  qmac_spill_register #(.Width(qmac_pkg::OutBits)) u_out (
    .clk_i,
    .rst_i,
    .valid_i (y_valid),
    .ready_o (out_ready),
    .data_i  (y),
    .valid_o (m_valid_o),
    .ready_i (m_ready_i),
    .data_o  (m_data_o)
  );

endmodule
