// qmac_mvu_fifo_stream: formal harness of qmac_mvu_fifo, the layer engine's output FIFO (scripts/formal,
// proof `mvu_fifo`).
//
// The environment (assumptions, on the FIFO's inputs only): a reset in the first cycle; the credit rule of
// qmac_mvu_fold: a push never comes while Depth beats are held (`held`, counted from the ports: pushes minus
// pops; the fold engine reserves an entry before the push, so this is its guarantee, proven in `mvu_fold`).
// ready_i (m_axis_tready), data_i and later resets are free in every cycle.
//
// The properties (on the ports), `held` = beats pushed and not yet popped (valid_o && ready_i):
//   p_valid    valid_o == (held != 0): no underflow (a pop only of a held beat), no beat lost or invented
//   p_full     full_o == (held == Depth): the flag the assertions read is exact
//   p_stable   after valid_o && !ready_i: valid_o still high, data_o unchanged
//   p_order    beats leave in the order they entered, each with the value it entered with (a chosen entry,
//              its index an $anyconst, leaves with its value; with p_valid: none lost, none duplicated)
// Lemmas (internal, proven too): the count, the flag and the pointers agree with `held`, and the chosen beat
// sits in the memory word its index says. formal/qmac_mvu_fifo_stream.tcl maps the memory to registers and
// connects the probe_* wires to them (Yosys 0.23 has no hierarchical references).
module qmac_mvu_fifo_stream #(
  parameter int Width = 17,   // qmac_mvu at PE = 2: {TLAST, 2 output lanes}
  parameter int Depth = 21,   // its FifoDepth at PE = SIMD = 2 (qmac_mvu_pkg::fifo_depth)
  // The engine shape Width and Depth are taken from, checked below (the Tcl script needs them as numbers);
  // 0: a FIFO of its own depth (mvu_fifo_d4).
  parameter int EnginePE   = 2,
  parameter int EngineSIMD = 2
) (
  input logic clk_i
);
  localparam int PtrBits   = (Depth > 1) ? $clog2(Depth) : 1;
  localparam int CountBits = $clog2(Depth + 1);
  localparam int IdxBits   = CountBits + 1;        // entry indices mod 2^IdxBits > Depth
  if (EnginePE > 0 && (Width != EnginePE * qmac_mvu_pkg::OutLaneBits + 1
                       || Depth != qmac_mvu_pkg::fifo_depth(EnginePE, EngineSIMD, 1'b0))) begin : gen_check_shape
    $error("qmac_mvu_fifo_stream: Width and Depth are not qmac_mvu's at PE = EnginePE, SIMD = EngineSIMD");
  end

  (* anyseq *) logic             rst_i, push_i, ready_i;
  (* anyseq *) logic [Width-1:0] data_i;
  logic             full_o, valid_o;
  logic [Width-1:0] data_o;
  qmac_mvu_fifo #(.Width(Width), .Depth(Depth)) u_dut (
    .clk_i, .rst_i, .push_i, .data_i, .full_o, .valid_o, .ready_i, .data_o);

  // ---- The reset in the first cycle (assumed), the cycles the properties are checked in -----------------------
  logic checking;
  qmac_formal_reset u_reset (.clk_i, .rst_i, .first_o(), .checking_o(checking));

  // ---- Probes of the FIFO's registers (lemmas only), driven by formal/qmac_mvu_fifo_stream.tcl ------------
  logic [Depth*Width-1:0] probe_mem;     // word i at [i Width +: Width]
  logic [PtrBits-1:0]     probe_wptr, probe_rptr, probe_rptr_next;
  logic [CountBits-1:0]   probe_count;
  logic                   probe_nonempty;

  // ---- Shadow: held, entry indices, the chosen entry ----------------------------------------------------------
  logic                 stalled_q;
  logic [Width-1:0]     data_q;
  logic [CountBits-1:0] held_q;
  logic [IdxBits-1:0]   in_idx_q, out_idx_q;
  (* anyconst *) logic [IdxBits-1:0] chosen;
  logic                 chosen_in_q;
  logic [Width-1:0]     chosen_data_q;
  logic [PtrBits-1:0]   chosen_slot_q;          // the memory word the chosen beat was written to
  logic pop;
  assign pop = valid_o && ready_i;
  always_ff @(posedge clk_i) begin
    stalled_q    <= !rst_i && valid_o && !ready_i;
    data_q       <= data_o;
    if (rst_i) begin
      held_q      <= '0;
      in_idx_q    <= '0;
      out_idx_q   <= '0;
      chosen_in_q <= 1'b0;
    end else begin
      held_q    <= held_q + CountBits'(push_i) - CountBits'(pop);
      in_idx_q  <= in_idx_q + IdxBits'(push_i);
      out_idx_q <= out_idx_q + IdxBits'(pop);
      if (push_i && in_idx_q == chosen) begin
        chosen_in_q   <= 1'b1;
        chosen_data_q <= data_i;
        chosen_slot_q <= probe_wptr;
      end else if (pop && out_idx_q == chosen) begin
        chosen_in_q <= 1'b0;
      end
    end
  end

  // ---- The environment --------------------------------------------------------------------------------------
  always_comb begin
    if (!rst_i && held_q == CountBits'(Depth)) assume (!push_i);   // the credit rule
  end

  // ---- Properties (on the ports) ----------------------------------------------------------------------------
  always_comb begin
    if (checking) begin
      p_valid:  assert (valid_o == (held_q != '0));
      p_full:   assert (full_o == (held_q == CountBits'(Depth)));
      p_stable: assert (!stalled_q || (valid_o && data_o == data_q));
      p_order:  assert (!(pop && out_idx_q == chosen) || (chosen_in_q && data_o == chosen_data_q));
    end
  end

  // ---- Lemmas (on the probes; off in the mutants' runs, -DFORMAL_NO_LEMMAS) ------------------------------------
`ifndef FORMAL_NO_LEMMAS
  // (rptr + d) mod Depth for d <= Depth
  function automatic logic [PtrBits-1:0] wrap(input logic [PtrBits-1:0] p, input logic [CountBits-1:0] d);
    logic [PtrBits+1:0] s;
    s    = (PtrBits + 2)'(p) + (PtrBits + 2)'(d);
    wrap = PtrBits'((s >= (PtrBits + 2)'(Depth)) ? s - (PtrBits + 2)'(Depth) : s);
  endfunction
  logic [CountBits-1:0] chosen_ahead;            // beats ahead of the chosen one
  assign chosen_ahead = CountBits'(chosen - out_idx_q);
  always_comb begin
    if (checking) begin
      l_count:     assert (probe_count == held_q && held_q <= CountBits'(Depth)
                           && IdxBits'(held_q) == IdxBits'(in_idx_q - out_idx_q));
      l_nonempty:  assert (probe_nonempty == (held_q != '0));
      l_ptrs:      assert ((PtrBits + 1)'(probe_rptr) < (PtrBits + 1)'(Depth) && probe_rptr_next == wrap(probe_rptr, 1)
                           && probe_wptr == wrap(probe_rptr, held_q));
      l_chosen_in: assert (chosen_in_q == (IdxBits'(chosen - out_idx_q) < IdxBits'(held_q)));
      l_chosen:    assert (!chosen_in_q || (chosen_slot_q == wrap(probe_rptr, chosen_ahead)
                           && probe_mem[chosen_slot_q*Width +: Width] == chosen_data_q));
    end
  end
`endif

endmodule
