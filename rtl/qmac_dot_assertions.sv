// qmac_dot_assertions: the handshake rules and the per-output parameter contract of qmac_dot
// (docs/interface.md) as immediate assertions. qmac_dot instantiates it outside synthesis (`ifndef SYNTHESIS;
// Yosys defines SYNTHESIS), so every simulation of qmac_dot checks them: the project's Verilator builds (all
// with --assert), Icarus, a user's own simulator.
//
// Checked at each rising edge of clk_i with rst_i low, once a reset has been seen (the state before the first
// reset is undefined). Each assertion sits in a named block, its label (Icarus 11 cannot parse a label on an
// immediate assertion), and its message starts with "qmac_dot: <label>:".
//   a_known_handshake   s_valid_i, s_ready_o, m_valid_o and m_ready_i are 0 or 1 (4-state simulators)
//   a_known_last        s_last_i is known on a valid input beat
//   a_known_data        m_data_o is known while m_valid_o
//   a_out_stable        after a cycle with m_valid_o && !m_ready_i, m_valid_o is still high, m_data_o unchanged
//   a_out_valid         m_valid_o is high exactly while an output is due: an output enters the output buffer
//                       on the pipeline's (LATENCY - 1)-th advance after the one that accepted its last beat
//                       (s_valid_i && s_ready_o): no beat taken while s_ready_o was low, none lost,
//                       duplicated or invented, and LATENCY holds
//   a_ready             s_ready_o (the output buffer's registered ready, on which the whole pipeline
//                       advances) is low exactly while the output buffer holds two beats
// and on every accepted last beat (s_valid_i && s_ready_o && s_last_i), the parameters it carries:
//   a_shift_range       the rounding's smallest shift <= shift <= its largest (qmac_pkg::shift_min, shift_max;
//                       fp32: 0)
//   a_multiplier_range  0 <= multiplier <= the rounding's largest multiplier (qmac_pkg::multiplier_max; fp32:
//                       the bits of a finite float32 >= 0)
//   a_clamp_order       out_min <= out_max
//   a_clamp_range       out_min, out_max inside [qmac_pkg::OutParamMin, OutParamMax], and both inside one 8-bit
//                       type: int8 (out_max <= 127) or uint8 (out_min >= 0); that type is the output's (the
//                       output type does not follow ACT_SIGNED, which concerns the activations only)
//   a_zero_point_range  out_zero_point inside [qmac_pkg::OutParamMin, OutParamMax], the union of both output
//                       types' ranges
// Port names are qmac_dot's: every port is an input here.
`ifndef SYNTHESIS
module qmac_dot_assertions #(
  parameter int LATENCY    = 1       // qmac_dot's LATENCY
) (
  input logic                                     clk_i,
  input logic                                     rst_i,
  input logic                                     s_valid_i,
  input logic                                     s_ready_o,
  input logic                                     s_last_i,
  input logic signed [qmac_pkg::MultiplierBits-1:0] s_multiplier_i,
  input logic signed [qmac_pkg::ShiftBits-1:0]    s_shift_i,
  input logic [qmac_pkg::RoundingBits-1:0]        s_rounding_i,
  input logic signed [qmac_pkg::OutParamBits-1:0] s_out_zero_point_i,
  input logic signed [qmac_pkg::OutParamBits-1:0] s_out_min_i,
  input logic signed [qmac_pkg::OutParamBits-1:0] s_out_max_i,
  input logic                                     m_valid_o,
  input logic                                     m_ready_i,
  input logic [qmac_pkg::OutBits-1:0]             m_data_o
);
  localparam int OutBits      = qmac_pkg::OutBits;
  localparam int Int8Max      = 127;   // the largest int8 code: an int8 clamp's out_max, below a uint8 one's

  logic checking, last_fire, out_fire;
  logic reset_seen_q;
  initial reset_seen_q = 1'b0;
  assign checking  = reset_seen_q && !rst_i;
  assign last_fire = s_valid_i && s_ready_o && s_last_i;
  assign out_fire  = m_valid_o && m_ready_i;

  // The legal shifts and the largest legal multiplier of the last beat's rounding (every value of the 3-bit
  // field is one of the contract's eight codes).
  int shift_min, shift_max, multiplier_max;
  assign shift_min      = qmac_pkg::shift_min(s_rounding_i);
  assign shift_max      = qmac_pkg::shift_max(s_rounding_i);
  assign multiplier_max = qmac_pkg::multiplier_max(s_rounding_i);

  // The previous cycle's output, for a_out_stable.
  logic                stalled_q;
  logic [OutBits-1:0]  data_q;
  // The shadow of the pipeline's valid bits: due_q[k] holds a last beat accepted k + 1 advances ago (the
  // pipeline advances when s_ready_o is high). The one accepted LATENCY - 1 advances ago enters the output
  // buffer on this advance (LATENCY counts the accepting edge and this one), and held_q counts the beats there.
  logic [LATENCY-2:0]  due_q;
  logic [1:0]          held_q;
  logic                enter;
  assign enter = s_ready_o && due_q[LATENCY-2];

  always @(posedge clk_i) begin
    reset_seen_q <= reset_seen_q || rst_i;
    stalled_q    <= !rst_i && m_valid_o && !m_ready_i;
    data_q       <= m_data_o;
    if (rst_i) begin
      due_q  <= '0;
      held_q <= '0;
    end else begin
      if (s_ready_o) due_q <= {due_q[LATENCY-3:0], s_valid_i && s_last_i};
      held_q <= held_q + 2'(enter) - 2'(out_fire);
    end
  end

  // ---- Handshakes -------------------------------------------------------------------------------------------
  always @(posedge clk_i) begin
    if (checking) begin
      begin : a_known_handshake
        // One $isunknown per signal: Icarus 11 returns 1 for any concatenation argument.
        assert (!$isunknown(s_valid_i) && !$isunknown(s_ready_o) && !$isunknown(m_valid_o) && !$isunknown(m_ready_i))
          else $error("qmac_dot: a_known_handshake: s_valid_i, s_ready_o, m_valid_o or m_ready_i unknown");
      end
      begin : a_known_last
        assert (!s_valid_i || !$isunknown(s_last_i))
          else $error("qmac_dot: a_known_last: s_last_i unknown on a valid beat");
      end
      begin : a_known_data
        assert (!m_valid_o || !$isunknown(m_data_o))
          else $error("qmac_dot: a_known_data: m_data_o unknown while m_valid_o");
      end
      begin : a_out_stable
        assert (!stalled_q || (m_valid_o && m_data_o == data_q))
          else $error("qmac_dot: a_out_stable: the output changed while back-pressured (m_valid_o %0d, m_data_o %0h, was %0h)",
                      m_valid_o, m_data_o, data_q);
      end
      begin : a_out_valid
        assert (m_valid_o == (held_q != 2'd0))
          else $error("qmac_dot: a_out_valid: m_valid_o %0d, but %0d outputs due (LATENCY %0d)", m_valid_o, held_q, LATENCY);
      end
      begin : a_ready
        assert (s_ready_o == (held_q != 2'd2))
          else $error("qmac_dot: a_ready: s_ready_o %0d with %0d beats in the output buffer", s_ready_o, held_q);
      end
    end
  end

  // ---- The parameters of an accepted last beat ----------------------------------------------------------------
  always @(posedge clk_i) begin
    if (checking && last_fire) begin
      begin : a_shift_range
        assert (int'(s_shift_i) >= shift_min && int'(s_shift_i) <= shift_max)
          else $error("qmac_dot: a_shift_range: shift %0d on a last beat with rounding %0d, outside [%0d, %0d]",
                      s_shift_i, s_rounding_i, shift_min, shift_max);
      end
      begin : a_multiplier_range
        assert (s_multiplier_i >= 0 && int'(s_multiplier_i) <= multiplier_max)
          else $error("qmac_dot: a_multiplier_range: multiplier %0d (%08h) on a last beat with rounding %0d, outside [0, %0d]",
                      s_multiplier_i, s_multiplier_i, s_rounding_i, multiplier_max);
      end
      begin : a_clamp_order
        assert (s_out_min_i <= s_out_max_i)
          else $error("qmac_dot: a_clamp_order: out_min %0d > out_max %0d on a last beat", s_out_min_i, s_out_max_i);
      end
      begin : a_clamp_range
        assert (int'(s_out_min_i) >= qmac_pkg::OutParamMin && int'(s_out_min_i) <= qmac_pkg::OutParamMax
                && int'(s_out_max_i) >= qmac_pkg::OutParamMin && int'(s_out_max_i) <= qmac_pkg::OutParamMax
                && (int'(s_out_max_i) <= Int8Max || int'(s_out_min_i) >= 0))
          else $error("qmac_dot: a_clamp_range: clamp [%0d, %0d] on a last beat, not inside int8 [-128, 127] or uint8 [0, 255]",
                      s_out_min_i, s_out_max_i);
      end
      begin : a_zero_point_range
        assert (int'(s_out_zero_point_i) >= qmac_pkg::OutParamMin && int'(s_out_zero_point_i) <= qmac_pkg::OutParamMax)
          else $error("qmac_dot: a_zero_point_range: zero point %0d on a last beat, outside [%0d, %0d]",
                      s_out_zero_point_i, qmac_pkg::OutParamMin, qmac_pkg::OutParamMax);
      end
    end
  end

endmodule
`endif
