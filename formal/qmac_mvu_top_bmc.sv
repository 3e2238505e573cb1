// qmac_mvu_top_bmc: formal harness of the whole layer engine qmac_mvu at its smallest shape, PE = SIMD = 2,
// MAX_K = MAX_N = 2 (so K = N = 2 is the only legal layer: one beat per vector, one fold, one output beat per
// vector), with the arithmetic cut (scripts/formal, proof `mvu_top`: a BMC, not an induction).
//
// The environment (assumptions, on qmac_mvu's inputs only): a reset in the first cycle; s_axis and s_cfg are
// AXI4-Stream masters (once TVALID is high it stays high with TDATA and TLAST unchanged until TREADY takes the
// word; a reset releases it). Every other input, m_axis_tready and the configuration words' values included,
// is free: the solver writes its own configuration packets, good or malformed.
// Abstraction (formal/qmac_mvu_top_bmc.tcl): the PEs' sums and the requantizer's output are free values
// (cutpoint): the streams, not the arithmetic.
// The properties (on the ports), with `owed` = complete vectors accepted (a beat with TLAST, not dropped as
// qmac_mvu_frame specifies: one beat per vector) minus output beats delivered:
//   t_owed       m_axis_tvalid only while owed != 0: no spurious output, none for a dropped or aborted vector
//   t_last       every output beat carries TLAST (one fold per vector here)
//   t_stable     after m_axis_tvalid && !m_axis_tready: TVALID still high, TDATA and TLAST unchanged
//   t_exclusive  s_axis_tready and s_cfg_tready never both high
//   t_no_overflow  no beat is pushed into the full output FIFO (its push and full flag are probed)
module qmac_mvu_top_bmc (
  input logic clk_i
);
  localparam int PE = 2, SIMD = 2;
  localparam int ActW = SIMD * qmac_mvu_pkg::ActLaneBits;
  localparam int OutW = PE * qmac_mvu_pkg::OutLaneBits;
  localparam int W    = qmac_mvu_pkg::CfgWordBits;

  (* anyseq *) logic            rst_i, s_cfg_tvalid, s_cfg_tlast, s_axis_tvalid, s_axis_tlast, m_axis_tready;
  (* anyseq *) logic [W-1:0]    s_cfg_tdata;
  (* anyseq *) logic [ActW-1:0] s_axis_tdata;
  logic            s_cfg_tready, s_axis_tready, m_axis_tvalid, m_axis_tlast;
  logic [OutW-1:0] m_axis_tdata;
  logic            configured_o, err_cfg_o, err_tlast_o;
  qmac_mvu #(.PE(PE), .SIMD(SIMD), .MAX_K(2), .MAX_N(2)) u_dut (
    .clk_i, .rst_i,
    .s_cfg_tvalid, .s_cfg_tready, .s_cfg_tdata, .s_cfg_tlast,
    .s_axis_tvalid, .s_axis_tready, .s_axis_tdata, .s_axis_tlast,
    .m_axis_tvalid, .m_axis_tready, .m_axis_tdata, .m_axis_tlast,
    .configured_o, .err_cfg_o, .err_tlast_o);

  logic probe_push, probe_full;                  // the output FIFO's push and full flag (formal/qmac_mvu_top_bmc.tcl)

  // ---- The reset in the first cycle (assumed), the cycles the properties are checked in -----------------------
  logic checking;
  qmac_formal_reset u_reset (.clk_i, .rst_i, .first_o(), .checking_o(checking));

  // ---- The environment ---------------------------------------------------------------------------------------
  logic cfg_pending_q = 1'b0, in_pending_q = 1'b0;
  logic [W:0]    cfg_q;
  logic [ActW:0] in_q;
  always_ff @(posedge clk_i) begin
    cfg_pending_q <= !rst_i && s_cfg_tvalid && !s_cfg_tready;
    in_pending_q  <= !rst_i && s_axis_tvalid && !s_axis_tready;
    cfg_q         <= {s_cfg_tlast, s_cfg_tdata};
    in_q          <= {s_axis_tlast, s_axis_tdata};
  end
  always_comb begin
    if (!rst_i && cfg_pending_q) assume (s_cfg_tvalid && {s_cfg_tlast, s_cfg_tdata} == cfg_q);
    if (!rst_i && in_pending_q) assume (s_axis_tvalid && {s_axis_tlast, s_axis_tdata} == in_q);
  end

  // ---- Shadow: the framing of one-beat vectors, the owed output beats -----------------------------------------
  logic       drop_q;                            // dropping up to the next TLAST (a beat without TLAST seen)
  logic [5:0] owed_q;
  logic       in_fire, good, out_fire;
  assign in_fire  = s_axis_tvalid && s_axis_tready;
  assign good     = in_fire && !drop_q && s_axis_tlast;
  assign out_fire = m_axis_tvalid && m_axis_tready;
  logic            stalled_q;
  logic [OutW:0]   out_q;
  always_ff @(posedge clk_i) begin
    stalled_q <= !rst_i && m_axis_tvalid && !m_axis_tready;
    out_q     <= {m_axis_tlast, m_axis_tdata};
    if (rst_i) begin
      drop_q <= 1'b0;
      owed_q <= '0;
    end else begin
      // One beat per vector: a beat without TLAST is late (dropping to the next TLAST), and while dropping
      // the beat with TLAST ends the drop: either way the next state is !TLAST.
      if (in_fire) drop_q <= !s_axis_tlast;
      owed_q <= owed_q + 6'(good) - 6'(out_fire);
    end
  end

  // ---- Properties ----------------------------------------------------------------------------------------------
  always_comb begin
    if (checking) begin
      t_owed:        assert (!m_axis_tvalid || owed_q != '0);
      t_last:        assert (!m_axis_tvalid || m_axis_tlast);
      t_stable:      assert (!stalled_q || (m_axis_tvalid && {m_axis_tlast, m_axis_tdata} == out_q));
      t_exclusive:   assert (!(s_axis_tready && s_cfg_tready));
      t_no_overflow: assert (!(probe_push && probe_full));
    end
  end

endmodule
