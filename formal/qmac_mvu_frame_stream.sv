// qmac_mvu_frame_stream: formal harness of qmac_mvu_frame, the layer engine's activation port (scripts/formal,
// proof `mvu_frame`).
//
// The environment (assumptions, on the frame's inputs only): a reset in the first cycle; s_axis is an
// AXI4-Stream master: once s_axis_tvalid is high it stays high with TDATA and TLAST unchanged until
// s_axis_tready takes the beat (a reset releases it); kb_last_i (the loaded layer's K / SIMD - 1) changes only
// while the port is closed (accepting_o low) at a vector boundary, as in qmac_mvu, where it changes only during
// a configuration load. accept_allow_i, cfg_req_i, out_ready_i (the fold engine) and later resets are free.
//
// The specification (the shadow below, docs/mvu.md and qmac_mvu_frame's header): every accepted beat is checked
// against the vector length K / SIMD: a beat with early TLAST (before beat K / SIMD) goes on tagged abort and
// the next beat starts a new vector; beat K / SIMD without TLAST goes on tagged abort and the beats after it
// are dropped up to and including the next TLAST; every other beat goes on untagged. `held` counts the beats
// the specification sends on that the fold engine has not yet taken.
// The properties (on the ports):
//   p_out_valid  out_valid_o only while held != 0 (no beat invented), and held never exceeds the four
//                registers (no beat lost for want of room: s_axis_tready falls first)
//   p_order      the beats reach the fold engine in order, each with its data and abort tag as specified (a
//                chosen beat, its index an $anyconst, leaves with them): none lost, duplicated, changed or
//                dropped against the specification, none of the dropped ones passed on
//   p_stable     after out_valid_o && !out_ready_i: out_valid_o still high, data and tag unchanged
//   p_ready      s_axis_tready only while accepting_o (the port closes for configuration)
//   p_boundary   with accept_allow_i high, the port closes only at a vector boundary (no vector is cut)
//   p_err        err_tlast_o == a beat so far had a TLAST error (sticky, exact)
// Lemmas (internal, proven too): the position and drop state equal the specification's, the four registers'
// fill is `held` and the chosen beat sits in the register its place in the queue says.
// formal/qmac_mvu_frame_stream.tcl connects the probe_* wires after flattening.
module qmac_mvu_frame_stream #(
  parameter int SIMD   = 2,
  parameter int KbBits = 2      // vectors of up to 4 beats
) (
  input logic clk_i
);
  localparam int DataBits = SIMD * qmac_mvu_pkg::ActLaneBits;
  localparam int IdxBits  = 4;                   // beat indices mod 16: at most 4 are held

  (* anyseq *) logic                rst_i, accept_allow_i, cfg_req_i, s_axis_tvalid, s_axis_tlast, out_ready_i;
  (* anyseq *) logic [KbBits-1:0]   kb_last_i;
  (* anyseq *) logic [DataBits-1:0] s_axis_tdata;
  logic                s_axis_tready, out_valid_o, out_abort_o, empty_o, accepting_o, err_tlast_o;
  logic [DataBits-1:0] out_data_o;
  qmac_mvu_frame #(.SIMD(SIMD), .KbBits(KbBits)) u_dut (
    .clk_i, .rst_i, .accept_allow_i, .cfg_req_i, .kb_last_i,
    .s_axis_tvalid, .s_axis_tready, .s_axis_tdata, .s_axis_tlast,
    .out_valid_o, .out_ready_i, .out_data_o, .out_abort_o, .empty_o, .accepting_o, .err_tlast_o);

  // ---- Probes (lemmas only), driven by formal/qmac_mvu_frame_stream.tcl ------------------------------------
  logic [KbBits-1:0]   probe_pos;
  logic                probe_dropping;
  logic [3:0]          probe_full;                // {u_in.b, u_in.a, u_in2.b, u_in2.a}
  logic [DataBits:0]   probe_in_a, probe_in_b, probe_in2_b;   // {abort, data}; u_in2's A is the output

  // ---- The specification's shadow --------------------------------------------------------------------------
  logic                first_q = 1'b1, reset_seen_q = 1'b0;
  logic                fire, pop, at_end, send, tag;
  assign fire = s_axis_tvalid && s_axis_tready;
  assign pop  = out_valid_o && out_ready_i;
  logic [KbBits-1:0]   pos_q;                     // beats of the current vector accepted so far
  logic                drop_q, err_q;             // dropping up to the next TLAST; a TLAST error seen
  assign at_end = pos_q == kb_last_i;
  assign send   = fire && !drop_q;                // the beat goes on ...
  assign tag    = s_axis_tlast != at_end;         // ... tagged abort (early or late TLAST)
  logic [2:0]          held_q;
  logic [IdxBits-1:0]  in_idx_q, out_idx_q;
  (* anyconst *) logic [IdxBits-1:0] chosen;
  logic                chosen_in_q;
  logic [DataBits:0]   chosen_beat_q;             // {abort, data}
  always_ff @(posedge clk_i) begin
    first_q      <= 1'b0;
    reset_seen_q <= reset_seen_q || rst_i;
    if (rst_i) begin
      pos_q       <= '0;
      drop_q      <= 1'b0;
      err_q       <= 1'b0;
      held_q      <= '0;
      in_idx_q    <= '0;
      out_idx_q   <= '0;
      chosen_in_q <= 1'b0;
    end else begin
      if (fire && drop_q) drop_q <= !s_axis_tlast;
      if (send) begin
        drop_q <= at_end && !s_axis_tlast;
        pos_q  <= (s_axis_tlast || at_end) ? '0 : pos_q + KbBits'(1);
        if (tag) err_q <= 1'b1;
      end
      held_q    <= held_q + 3'(send) - 3'(pop);
      in_idx_q  <= in_idx_q + IdxBits'(send);
      out_idx_q <= out_idx_q + IdxBits'(pop);
      if (send && in_idx_q == chosen) begin
        chosen_in_q   <= 1'b1;
        chosen_beat_q <= {tag, s_axis_tdata};
      end else if (pop && out_idx_q == chosen) begin
        chosen_in_q <= 1'b0;
      end
    end
  end

  // ---- The environment ---------------------------------------------------------------------------------------
  logic                pending_q = 1'b0;
  logic [DataBits:0]   in_beat_q;
  logic [KbBits-1:0]   kb_last_q;
  logic                closed_q;                  // the port was closed at a boundary in the previous cycle
  always_ff @(posedge clk_i) begin
    pending_q <= !rst_i && s_axis_tvalid && !s_axis_tready;
    in_beat_q <= {s_axis_tlast, s_axis_tdata};
    kb_last_q <= kb_last_i;
    closed_q  <= !rst_i && !accepting_o && pos_q == '0 && !drop_q;
  end
  always_comb begin
    if (first_q) assume (rst_i);
    if (pending_q && !rst_i) assume (s_axis_tvalid && {s_axis_tlast, s_axis_tdata} == in_beat_q);
    if (!first_q && !rst_i && !closed_q) assume (kb_last_i == kb_last_q);
  end

  // ---- Properties (on the ports) ---------------------------------------------------------------------------
  logic checking, stalled_q, accepting_q, allow_q;
  logic [DataBits:0] out_q;
  always_ff @(posedge clk_i) begin
    stalled_q   <= !rst_i && out_valid_o && !out_ready_i;
    out_q       <= {out_abort_o, out_data_o};
    accepting_q <= accepting_o;
    allow_q     <= accept_allow_i;
  end
  assign checking = reset_seen_q && !rst_i;
  always_comb begin
    if (checking) begin
      p_out_valid: assert ((!out_valid_o || held_q != '0) && held_q <= 3'd4);
      p_order:     assert (!(pop && out_idx_q == chosen)
                           || (chosen_in_q && {out_abort_o, out_data_o} == chosen_beat_q));
      p_stable:    assert (!stalled_q || (out_valid_o && {out_abort_o, out_data_o} == out_q));
      p_ready:     assert (!s_axis_tready || accepting_o);
      p_boundary:  assert (!(accepting_q && allow_q && !accepting_o) || (pos_q == '0 && !drop_q));
      p_err:       assert (err_tlast_o == err_q);
    end
  end

  // ---- Lemmas (on the probes; off in the mutants' runs, -DFORMAL_NO_LEMMAS) ----------------------------------
`ifndef FORMAL_NO_LEMMAS
  // The queue, oldest first: u_in2's A (the output), u_in2's B, u_in's A, u_in's B; a B entry is full only
  // beside a full A. The chosen beat is `ahead` places from the front.
  logic [2:0] n2, ahead;
  assign n2    = 3'(probe_full[0]) + 3'(probe_full[1]);
  assign ahead = 3'(IdxBits'(chosen - out_idx_q));
  logic [DataBits:0] chosen_slot;
  always_comb begin
    if (ahead < n2) chosen_slot = (ahead == 3'd0) ? {out_abort_o, out_data_o} : probe_in2_b;
    else            chosen_slot = (ahead == n2) ? probe_in_a : probe_in_b;
  end
  always_comb begin
    if (checking) begin
      l_state:     assert (probe_pos == pos_q && probe_dropping == drop_q);
      l_fill:      assert ((!probe_full[1] || probe_full[0]) && (!probe_full[3] || probe_full[2])
                           && probe_full[0] == out_valid_o
                           && held_q == 3'(probe_full[0]) + 3'(probe_full[1]) + 3'(probe_full[2])
                                        + 3'(probe_full[3])
                           && IdxBits'(held_q) == IdxBits'(in_idx_q - out_idx_q));
      l_chosen_in: assert (chosen_in_q == (IdxBits'(chosen - out_idx_q) < IdxBits'(held_q)));
      l_chosen:    assert (!chosen_in_q || chosen_slot == chosen_beat_q);
    end
  end
`endif

endmodule
