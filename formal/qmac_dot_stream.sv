// qmac_dot_stream: formal harness of qmac_dot's two valid/ready interfaces (scripts/formal, proof `stream`).
//
// The environment (assumptions, on qmac_dot's inputs only): a reset in the first cycle; an AXI-Stream master
// on the input: s_valid_i, once high, stays high with every input field unchanged until s_ready_o takes the
// beat (a reset releases it); m_ready_i, resets later on and everything else are free in every cycle.
//
// The properties (external: on qmac_dot's ports only), with `due` a shadow of the pipeline that shifts on
// every advance (s_ready_o high: the pipeline advances exactly then, docs/interface.md) and takes each
// accepted last beat, and `held` the number of outputs that entered the output buffer and have not left:
//   p_out_valid   m_valid_o == (held != 0): an output for every completed group, none spurious, none lost,
//                 none duplicated, each entering the buffer LATENCY - 1 advances after its last beat
//   p_ready       s_ready_o == (held != 2): input back-pressure exactly while the buffer is full
//   p_out_stable  after m_valid_o && !m_ready_i: m_valid_o still high, m_data_o unchanged
//   p_order       the output beats leave in the order their values entered the buffer, each value
//                 unchanged: a chosen entry (its index an $anyconst) leaves with the value it entered with
// Lemmas (internal, proven like the properties; k-induction needs them because a stall can hold a wrong
// internal state unobservably for any number of cycles): the pipeline's valid bits equal `due`, the output
// buffer's fill equals `held`, the chosen entry sits where its index says. scripts/formal connects the
// probe_* wires to qmac_dot's internal registers after flattening (formal/qmac_dot_stream.tcl): Yosys 0.23 has
// no hierarchical references.
module qmac_dot_stream #(
  parameter int LANES = 1
) (
  input logic clk_i
);
  localparam int TreeLatency = (LANES > 1) ? $clog2(LANES) : 0;
  localparam int SumLatency  = qmac_pkg::MulLatency + TreeLatency;
  localparam int Latency     = SumLatency + qmac_pkg::AccLatency + qmac_pkg::RequantLatency + 1;
  localparam int DueBits     = Latency - 1;     // advances from the accepting edge to the buffer's input
  localparam int OutBits     = qmac_pkg::OutBits;
  localparam int IdxBits     = 3;               // entry indices mod 8: the buffer holds at most 2

  // ---- qmac_dot, its inputs free ($anyseq) --------------------------------------------------------------
  (* anyseq *) logic rst_i, s_valid_i, s_last_i, m_ready_i;
  (* anyseq *) logic [LANES*qmac_pkg::ActBits-1:0]    s_act_i;
  (* anyseq *) logic [LANES*qmac_pkg::WeightBits-1:0] s_wgt_i;
  (* anyseq *) logic [qmac_pkg::AccBits-1:0]          s_bias_i;
  (* anyseq *) logic [qmac_pkg::MultiplierBits-1:0]   s_multiplier_i;
  (* anyseq *) logic [qmac_pkg::ShiftBits-1:0]        s_shift_i;
  (* anyseq *) logic [qmac_pkg::RoundingBits-1:0]     s_rounding_i;
  (* anyseq *) logic [qmac_pkg::WrapOffsetBits-1:0]   s_wrap_offset_i;
  (* anyseq *) logic [qmac_pkg::OutParamBits-1:0]     s_out_zero_point_i, s_out_min_i, s_out_max_i;
  logic                s_ready_o, m_valid_o;
  logic [OutBits-1:0]  m_data_o;

  qmac_dot #(.LANES(LANES)) u_dut (
    .clk_i, .rst_i,
    .s_valid_i, .s_ready_o, .s_act_i, .s_wgt_i, .s_last_i,
    .s_bias_i, .s_multiplier_i, .s_shift_i, .s_rounding_i, .s_wrap_offset_i, .s_out_zero_point_i, .s_out_min_i,
    .s_out_max_i, .m_valid_o, .m_ready_i, .m_data_o
  );

  // ---- The reset in the first cycle (assumed), the cycles the properties are checked in -----------------------
  logic checking;
  qmac_formal_reset u_reset (.clk_i, .rst_i, .first_o(), .checking_o(checking));

  // ---- Probes of qmac_dot's internals (lemmas only), driven by formal/qmac_dot_stream.tcl ------------------
  logic [DueBits-1:0] probe_valid;   // [k]: the pipeline's last-beat valid bit k + 1 advances after acceptance
  logic [SumLatency-1:0] probe_beat_valid;        // the valid bits beside probe_valid[SumLatency-1:0]
  logic               probe_a_full, probe_b_full;    // the output buffer's entries (A drives m_data_o)
  logic [OutBits-1:0] probe_b_data;
  logic [OutBits-1:0] probe_in_data;                 // its data_i

  // ---- The environment ----------------------------------------------------------------------------------
  logic pending_q = 1'b0;            // a beat was offered and not taken in the previous cycle
  logic [$bits({s_last_i, s_act_i, s_wgt_i, s_bias_i, s_multiplier_i, s_shift_i, s_rounding_i, s_wrap_offset_i,
                s_out_zero_point_i, s_out_min_i, s_out_max_i})-1:0] beat, beat_q;
  assign beat = {s_last_i, s_act_i, s_wgt_i, s_bias_i, s_multiplier_i, s_shift_i, s_rounding_i, s_wrap_offset_i,
                 s_out_zero_point_i, s_out_min_i, s_out_max_i};
  always_ff @(posedge clk_i) begin
    pending_q <= !rst_i && s_valid_i && !s_ready_o;
    beat_q    <= beat;
  end
  always_comb begin
    if (pending_q && !rst_i) assume (s_valid_i && beat == beat_q);
  end

  // ---- The shadow: due, held, the chosen entry ---------------------------------------------------------------
  logic [DueBits-1:0] due_q;
  logic [1:0]         held_q;
  logic [IdxBits-1:0] in_idx_q, out_idx_q;      // entries that entered / left the buffer, mod 8
  (* anyconst *) logic [IdxBits-1:0] chosen;
  logic               chosen_in_q;              // the chosen entry is in the buffer
  logic [OutBits-1:0] chosen_data_q;            // with this value
  logic               stalled_q;
  logic [OutBits-1:0] data_q;
  logic enter, leave;
  assign enter = s_ready_o && due_q[DueBits-1];   // the oldest due output enters on this advance
  assign leave = m_valid_o && m_ready_i;
  always_ff @(posedge clk_i) begin
    stalled_q    <= !rst_i && m_valid_o && !m_ready_i;
    data_q       <= m_data_o;
    if (rst_i) begin
      due_q       <= '0;
      held_q      <= '0;
      in_idx_q    <= '0;
      out_idx_q   <= '0;
      chosen_in_q <= 1'b0;
    end else begin
      if (s_ready_o) due_q <= {due_q[DueBits-2:0], s_valid_i && s_last_i};
      held_q    <= held_q + 2'(enter) - 2'(leave);
      in_idx_q  <= in_idx_q + IdxBits'(enter);
      out_idx_q <= out_idx_q + IdxBits'(leave);
      if (enter && in_idx_q == chosen) begin
        chosen_in_q   <= 1'b1;
        chosen_data_q <= probe_in_data;
      end else if (leave && out_idx_q == chosen) begin
        chosen_in_q <= 1'b0;
      end
    end
  end

  // ---- Properties (on the ports) ------------------------------------------------------------------------------
  always_comb begin
    if (checking) begin
      p_out_valid:  assert (m_valid_o == (held_q != 2'd0));
      p_ready:      assert (s_ready_o == (held_q != 2'd2));
      p_out_stable: assert (!stalled_q || (m_valid_o && m_data_o == data_q));
      p_order:      assert (!(leave && out_idx_q == chosen) || (chosen_in_q && m_data_o == chosen_data_q));
    end
  end

  // ---- Lemmas (on the probes) ---------------------------------------------------------------------------------
  // (Off in the mutants' BMC runs, -DFORMAL_NO_LEMMAS, so that a mutant is caught by a port-level property.)
`ifndef FORMAL_NO_LEMMAS
  always_comb begin
    if (checking) begin
      l_valid:    assert (probe_valid == due_q);
      l_beat:     assert ((probe_valid[SumLatency-1:0] & ~probe_beat_valid) == '0);   // a last beat is a beat
      l_fill:     assert (probe_a_full == (held_q != 2'd0) && probe_b_full == (held_q == 2'd2));
      l_count:    assert (held_q != 2'd3 && IdxBits'(held_q) == IdxBits'(in_idx_q - out_idx_q));
      l_chosen_a: assert (!(chosen_in_q && out_idx_q == chosen) || m_data_o == chosen_data_q);
      l_chosen_b: assert (!(chosen_in_q && out_idx_q + 1'b1 == chosen) || (held_q == 2'd2 && probe_b_data == chosen_data_q));
      l_chosen_in: assert (chosen_in_q == (IdxBits'(chosen - out_idx_q) < IdxBits'(held_q)));
    end
  end
`endif

endmodule
