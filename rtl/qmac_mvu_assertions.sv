// qmac_mvu_assertions: the interface rules of qmac_mvu (docs/mvu.md) as immediate assertions; qmac_mvu
// instantiates it outside synthesis (`ifndef SYNTHESIS), so every simulation of qmac_mvu checks them (the
// project's Verilator builds run with --assert). Checked at each rising edge with rst_i low once a reset has
// been seen; each assertion in a named block, its label, its message starting "qmac_mvu: <label>:".
// AXI4-Stream, both directions:
//   a_known            the valid and ready bits are 0 or 1; TLAST known on a valid beat (4-state simulators)
//   a_out_stable       after m_axis_tvalid && !m_axis_tready: TVALID still high, TDATA and TLAST unchanged
//   a_in_stable        the same rule for the sources: s_axis and s_cfg beats held while valid and not ready
//   a_ready_exclusive  s_cfg_tready and s_axis_tready are never both high (loads only between vectors)
//   a_no_overflow      no beat is pushed into a full output FIFO (the credits guarantee it: no beat lost)
// On each accepted channel record (the fields as the parameter memory stores them) and weight:
//   a_shift_range, a_multiplier_range, a_clamp_order, a_clamp_range, a_zero_point_range:
//                      qmac_dot's parameter rules (qmac_dot_assertions.sv), per channel
//   a_weight_range     |w - zw| <= qmac_mvu_pkg::WeightMax
// Every port is an input here.
`ifndef SYNTHESIS
module qmac_mvu_assertions #(
  parameter int PE   = 4,
  parameter int SIMD = 8,
  localparam int RecBits = qmac_mvu_pkg::ChannelWords * qmac_mvu_pkg::CfgWordBits
) (
  input logic                 clk_i,
  input logic                 rst_i,
  input logic                 s_cfg_tvalid,
  input logic                 s_cfg_tready,
  input logic [qmac_mvu_pkg::CfgWordBits-1:0] s_cfg_tdata,
  input logic                 s_cfg_tlast,
  input logic                 s_axis_tvalid,
  input logic                 s_axis_tready,
  input logic [SIMD*qmac_mvu_pkg::ActLaneBits-1:0] s_axis_tdata,
  input logic                 s_axis_tlast,
  input logic                 m_axis_tvalid,
  input logic                 m_axis_tready,
  input logic [PE*qmac_mvu_pkg::OutLaneBits-1:0] m_axis_tdata,
  input logic                 m_axis_tlast,
  input logic                 configured_o,
  input logic                 err_cfg_o,
  input logic                 err_tlast_o,
  input logic                 prm_we_i,
  input logic [RecBits-1:0]   prm_wdata_i,
  input logic                 wgt_step_i,
  input logic [qmac_mvu_pkg::WeightFieldBits-1:0] wgt_value_i,
  input logic                 push_i,
  input logic                 fifo_full_i
);
  localparam int W       = qmac_mvu_pkg::CfgWordBits;
  localparam int Int8Max = 127;

  logic reset_seen_q, checking;
  initial reset_seen_q = 1'b0;
  assign checking = reset_seen_q && !rst_i;

  // The previous cycle's beats, for the stability rules.
  logic out_stalled_q, in_stalled_q, cfg_stalled_q;
  logic [PE*qmac_mvu_pkg::OutLaneBits-1:0]   out_data_q;
  logic [SIMD*qmac_mvu_pkg::ActLaneBits-1:0] in_data_q;
  logic [W-1:0]                              cfg_data_q;
  logic out_last_q, in_last_q, cfg_last_q;
  always @(posedge clk_i) begin
    reset_seen_q  <= reset_seen_q || rst_i;
    out_stalled_q <= !rst_i && m_axis_tvalid && !m_axis_tready;
    in_stalled_q  <= !rst_i && s_axis_tvalid && !s_axis_tready;
    cfg_stalled_q <= !rst_i && s_cfg_tvalid && !s_cfg_tready;
    out_data_q <= m_axis_tdata;
    out_last_q <= m_axis_tlast;
    in_data_q  <= s_axis_tdata;
    in_last_q  <= s_axis_tlast;
    cfg_data_q <= s_cfg_tdata;
    cfg_last_q <= s_cfg_tlast;
  end

  // The record's fields, at qmac_mvu_pkg's positions.
  logic signed [qmac_pkg::MultiplierBits-1:0] multiplier;
  logic signed [qmac_pkg::ShiftBits-1:0]      shift;
  logic [qmac_pkg::RoundingBits-1:0]          rounding;
  logic signed [qmac_pkg::OutParamBits-1:0]   zero_point, out_min, out_max;
  assign multiplier = prm_wdata_i[qmac_mvu_pkg::ChannelMultiplierWord*W + qmac_mvu_pkg::ChannelMultiplierLsb +: qmac_pkg::MultiplierBits];
  assign shift      = prm_wdata_i[qmac_mvu_pkg::ChannelShiftWord*W + qmac_mvu_pkg::ChannelShiftLsb +: qmac_pkg::ShiftBits];
  assign rounding   = prm_wdata_i[qmac_mvu_pkg::ChannelRoundingWord*W + qmac_mvu_pkg::ChannelRoundingLsb +: qmac_pkg::RoundingBits];
  assign zero_point = prm_wdata_i[qmac_mvu_pkg::ChannelOutZeroPointWord*W + qmac_mvu_pkg::ChannelOutZeroPointLsb +: qmac_pkg::OutParamBits];
  assign out_min    = prm_wdata_i[qmac_mvu_pkg::ChannelOutMinWord*W + qmac_mvu_pkg::ChannelOutMinLsb +: qmac_pkg::OutParamBits];
  assign out_max    = prm_wdata_i[qmac_mvu_pkg::ChannelOutMaxWord*W + qmac_mvu_pkg::ChannelOutMaxLsb +: qmac_pkg::OutParamBits];
  // As 32-bit integers (sign-extended) for the comparisons with the package's int bounds.
  int zp_v, min_v, max_v, w_v, shift_v;
  assign shift_v = 32'(shift);
  assign zp_v  = 32'(zero_point);
  assign min_v = 32'(out_min);
  assign max_v = 32'(out_max);
  assign w_v   = 32'($signed(wgt_value_i));
  logic unused_rec;   // bias and the bits between the fields are not checked
  assign unused_rec = ^prm_wdata_i;
  int shift_min, shift_max, multiplier_max;
  assign shift_min      = qmac_pkg::shift_min(rounding);
  assign shift_max      = qmac_pkg::shift_max(rounding);
  assign multiplier_max = qmac_pkg::multiplier_max(rounding);

  always @(posedge clk_i) begin
    if (checking) begin
      begin : a_known
        assert (!$isunknown(s_cfg_tvalid) && !$isunknown(s_cfg_tready) && !$isunknown(s_axis_tvalid)
                && !$isunknown(s_axis_tready) && !$isunknown(m_axis_tvalid) && !$isunknown(m_axis_tready)
                && (!m_axis_tvalid || !$isunknown(m_axis_tlast)) && (!s_axis_tvalid || !$isunknown(s_axis_tlast))
                && (!s_cfg_tvalid || !$isunknown(s_cfg_tlast)) && !$isunknown(configured_o)
                && !$isunknown(err_cfg_o) && !$isunknown(err_tlast_o))
          else $error("qmac_mvu: a_known: a handshake, TLAST or flag bit is unknown");
      end
      begin : a_out_stable
        assert (!out_stalled_q || (m_axis_tvalid && m_axis_tdata == out_data_q && m_axis_tlast == out_last_q))
          else $error("qmac_mvu: a_out_stable: the output beat changed while back-pressured (tvalid %0d)", m_axis_tvalid);
      end
      begin : a_in_stable
        assert ((!in_stalled_q || (s_axis_tvalid && s_axis_tdata == in_data_q && s_axis_tlast == in_last_q))
                && (!cfg_stalled_q || (s_cfg_tvalid && s_cfg_tdata == cfg_data_q && s_cfg_tlast == cfg_last_q)))
          else $error("qmac_mvu: a_in_stable: a source withdrew or changed a beat that was not taken");
      end
      begin : a_ready_exclusive
        assert (!(s_cfg_tready && s_axis_tready))
          else $error("qmac_mvu: a_ready_exclusive: s_cfg_tready and s_axis_tready both high");
      end
      begin : a_no_overflow
        assert (!(push_i && fifo_full_i))
          else $error("qmac_mvu: a_no_overflow: an output beat pushed into the full output FIFO");
      end
    end
  end

  always @(posedge clk_i) begin
    if (checking && prm_we_i) begin
      begin : a_shift_range
        assert (shift_v >= shift_min && shift_v <= shift_max)
          else $error("qmac_mvu: a_shift_range: shift %0d with rounding %0d, outside [%0d, %0d]",
                      shift, rounding, shift_min, shift_max);
      end
      begin : a_multiplier_range
        assert (multiplier >= 0 && multiplier <= multiplier_max)
          else $error("qmac_mvu: a_multiplier_range: multiplier %0d (%08h) with rounding %0d, outside [0, %0d]",
                      multiplier, multiplier, rounding, multiplier_max);
      end
      begin : a_clamp_order
        assert (out_min <= out_max)
          else $error("qmac_mvu: a_clamp_order: out_min %0d > out_max %0d", out_min, out_max);
      end
      begin : a_clamp_range
        assert (min_v >= qmac_pkg::OutParamMin && min_v <= qmac_pkg::OutParamMax
                && max_v >= qmac_pkg::OutParamMin && max_v <= qmac_pkg::OutParamMax
                && (max_v <= Int8Max || min_v >= 0))
          else $error("qmac_mvu: a_clamp_range: clamp [%0d, %0d], not inside int8 [-128, 127] or uint8 [0, 255]",
                      out_min, out_max);
      end
      begin : a_zero_point_range
        assert (zp_v >= qmac_pkg::OutParamMin && zp_v <= qmac_pkg::OutParamMax)
          else $error("qmac_mvu: a_zero_point_range: zero point %0d, outside [%0d, %0d]",
                      zero_point, qmac_pkg::OutParamMin, qmac_pkg::OutParamMax);
      end
    end
    if (checking && wgt_step_i) begin
      begin : a_weight_range
        assert (w_v >= -qmac_mvu_pkg::WeightMax && w_v <= qmac_mvu_pkg::WeightMax)
          else $error("qmac_mvu: a_weight_range: weight %0d, outside [-%0d, %0d]", w_v,
                      qmac_mvu_pkg::WeightMax, qmac_mvu_pkg::WeightMax);
      end
    end
  end

endmodule
`endif
