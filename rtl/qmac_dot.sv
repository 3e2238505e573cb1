// qmac_dot: streaming int8/uint8 x 9-bit weight dot product + requantizer (the contract of docs/interface.md).
//
// Each input beat carries LANES activations and LANES weights; beats accumulate (mod 2^32) until the beat
// flagged last, whose per-output parameters then give one output:
//   y = clamp(requant(bias + sum, multiplier, shift, rounding) + out_zero_point, out_min, out_max).
//
// Pipeline (one register per step, all advancing together on `en`):
//   qmac_mul (MulLatency) -> qmac_adder_tree ($clog2(LANES)) -> accumulator and + bias (AccLatency = 3:
//   the accumulator in carry-save form, then a carry-select add of its two words in 11-bit parts) ->
//   qmac_requant (RequantLatency) -> qmac_spill_register (1)
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
  input  logic [qmac_pkg::WrapOffsetBits-1:0]                 s_wrap_offset_i,   // single_away's (every value legal)
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
  logic beat_valid, beat_last;   // beat_last implies beat_valid: one flip-flop where they are ANDed
  qmac_delay #(.Width(2), .Depth(SumLatency), .Reset(1'b1)) u_beat_d (
    .clk_i, .rst_i, .en_i(en),
    .data_i ({in_fire, in_fire && s_last_i}),
    .data_o ({beat_valid, beat_last})
  );

  // The bias joins the last beat's sum in the accumulator's carry-save form (below): it waits as long as the
  // products do.
  logic [qmac_pkg::AccBits-1:0] bias_d;
  qmac_delay #(.Width(qmac_pkg::AccBits), .Depth(SumLatency)) u_bias_d (
    .clk_i, .rst_i, .en_i(en), .data_i(s_bias_i), .data_o(bias_d));

  localparam int ReqParamBits = qmac_pkg::MultiplierBits + qmac_pkg::ShiftBits + qmac_pkg::RoundingBits +
                                qmac_pkg::WrapOffsetBits + 3 * qmac_pkg::OutParamBits;
  logic signed [qmac_pkg::MultiplierBits-1:0] req_multiplier;
  logic signed [qmac_pkg::ShiftBits-1:0]      req_shift;
  logic [qmac_pkg::RoundingBits-1:0]   req_rounding;
  logic [qmac_pkg::WrapOffsetBits-1:0] req_wrap_offset;
  logic signed [qmac_pkg::OutParamBits-1:0]  req_zero_point, req_min, req_max;
  qmac_delay #(.Width(ReqParamBits), .Depth(SumLatency + qmac_pkg::AccLatency)) u_req_d (
    .clk_i, .rst_i, .en_i(en),
    .data_i ({s_multiplier_i, s_shift_i, s_rounding_i, s_wrap_offset_i, s_out_zero_point_i, s_out_min_i, s_out_max_i}),
    .data_o ({req_multiplier, req_shift, req_rounding, req_wrap_offset, req_zero_point, req_min, req_max})
  );

  // ---- Accumulator (wraps mod 2^32) and bias, carry-save -------------------------------------------------
  // The accumulator is a feedback loop, so it holds its sum as two words whose sum mod 2^32 it is (acc_s_q +
  // acc_c_q) and adds a beat with a 3:2 compressor per bit: one LUT level, no carry chain (iCE40 Fmax; the
  // 16-bit halves with a registered carry that this replaces were the critical path). On a group's last beat
  // (edge E) the beat and the bias go through two compressor levels into res_s_q / res_c_q and the loop
  // restarts from zero (a synchronous reset, free on iCE40 and xc7 flip-flops). res_s_q + res_c_q is then
  // added in three parts of at most 11 bits, the upper two for both carries in (E+1), and the parts are
  // chosen by the carries (E+2): a carry-select adder, no chain longer than 13 bits. AccLatency = 3.
  localparam int AccBits  = qmac_pkg::AccBits;
  localparam int LoBits   = (AccBits + 2) / 3;
  localparam int MidBits  = LoBits;
  localparam int HiBits   = AccBits - LoBits - MidBits;
  logic acc_valid_q;   // res_s_q / res_c_q hold a finished group
  logic bias_lo_valid_q, bias_valid_q;
  logic [AccBits-1:0] acc_s_q, acc_c_q, res_s_q, res_c_q;
  logic [AccBits-1:0] beat_ext, t_s, t_maj, t_c, r_s, r_maj, r_c;
  assign beat_ext = AccBits'(beat_sum);
  // a + b + c = (a ^ b ^ c) + 2 maj(a, b, c); the top carry drops (mod 2^32)
  assign t_s   = acc_s_q ^ acc_c_q ^ beat_ext;
  assign t_maj = (acc_s_q & acc_c_q) | (acc_s_q & beat_ext) | (acc_c_q & beat_ext);
  assign t_c   = {t_maj[AccBits-2:0], 1'b0};
  assign r_s   = t_s ^ t_c ^ bias_d;
  assign r_maj = (t_s & t_c) | (t_s & bias_d) | (t_c & bias_d);
  assign r_c   = {r_maj[AccBits-2:0], 1'b0};

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      acc_valid_q     <= 1'b0;
      bias_lo_valid_q <= 1'b0;
      bias_valid_q    <= 1'b0;
    end else if (en) begin
      acc_valid_q     <= beat_last;
      bias_lo_valid_q <= acc_valid_q;
      bias_valid_q    <= bias_lo_valid_q;
    end
  end

  // The loop's two words are reset too, so that a gate-level simulation whose flip-flops start unknown
  // (INIT = x) does not keep an X circulating. The clear (reset or last beat) does not depend on en: it maps
  // to the flip-flops' synchronous reset, whose enable is en || rst_i, without the pipeline enable in front
  // of the reset net.
  always_ff @(posedge clk_i) begin
    if (en || rst_i) begin
      if (rst_i || beat_last) begin
        acc_s_q <= '0;
        acc_c_q <= '0;
      end else if (beat_valid) begin
        acc_s_q <= t_s;
        acc_c_q <= t_c;
      end
    end
  end
  always_ff @(posedge clk_i) begin
    if (en && beat_last) begin
      res_s_q <= r_s;
      res_c_q <= r_c;
    end
  end

  // E+1: the three parts' sums; the middle one with its carries out for both carries in
  logic [LoBits:0]    sum_lo;
  logic [MidBits:0]   sum_mid0;
  logic [MidBits+1:0] sum_mid1;   // {a, 1} + {b, 1}: a + b + 1 on one carry chain, above bit 0
  logic [HiBits-1:0]  sum_hi0;
  logic [HiBits:0]    sum_hi1;
  assign sum_lo   = (LoBits+1)'(res_s_q[LoBits-1:0]) + (LoBits+1)'(res_c_q[LoBits-1:0]);
  assign sum_mid0 = (MidBits+1)'(res_s_q[LoBits +: MidBits]) + (MidBits+1)'(res_c_q[LoBits +: MidBits]);
  assign sum_mid1 = {1'b0, res_s_q[LoBits +: MidBits], 1'b1} + {1'b0, res_c_q[LoBits +: MidBits], 1'b1};
  assign sum_hi0  = res_s_q[AccBits-1 -: HiBits] + res_c_q[AccBits-1 -: HiBits];
  assign sum_hi1  = {res_s_q[AccBits-1 -: HiBits], 1'b1} + {res_c_q[AccBits-1 -: HiBits], 1'b1};
  logic [LoBits:0]    part_lo_q;     // with its carry out
  logic [MidBits:0]   part_mid0_q, part_mid1_q;
  logic [HiBits-1:0]  part_hi0_q, part_hi1_q;
  always_ff @(posedge clk_i) begin
    if (en) begin
      part_lo_q   <= sum_lo;
      part_mid0_q <= sum_mid0;
      part_mid1_q <= sum_mid1[MidBits+1:1];
      part_hi0_q  <= sum_hi0;
      part_hi1_q  <= sum_hi1[HiBits:1];
    end
  end
  // E+2: the carries choose
  logic c_lo, c_mid;
  logic [AccBits-1:0] biased_q;
  assign c_lo  = part_lo_q[LoBits];
  assign c_mid = c_lo ? part_mid1_q[MidBits] : part_mid0_q[MidBits];
  always_ff @(posedge clk_i) begin
    if (en) biased_q <= {c_mid ? part_hi1_q : part_hi0_q,
                         c_lo ? part_mid1_q[MidBits-1:0] : part_mid0_q[MidBits-1:0],
                         part_lo_q[LoBits-1:0]};
  end
  logic signed [AccBits-1:0] biased;
  assign biased = biased_q;
  logic unused_sum_lsbs;   // the constant 1 + 1 carry-in positions, the carries out of bit 31
  assign unused_sum_lsbs = ^{sum_mid1[0], sum_hi1[0], t_maj[AccBits-1], r_maj[AccBits-1]};

  // ---- Requantizer ----------------------------------------------------------------------------------------
  logic signed [qmac_pkg::OutParamBits-1:0] y;
  qmac_requant #(.DspCascade(DSP_CASCADE)) u_requant (
    .clk_i,
    .en_i             (en),
    .valid_i          (1'b1),   // GateIdle = 0: every stage on en (an accumulator every beat)
    .acc_i            (biased),
    .multiplier_i     (req_multiplier),
    .shift_i          (req_shift),
    .rounding_i       (req_rounding),
    .wrap_offset_i    (req_wrap_offset),
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
