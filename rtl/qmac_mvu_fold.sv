// qmac_mvu_fold: the fold schedule of qmac_mvu (docs/mvu.md, "Schedule and throughput").
//
// A vector is N / PE folds of K / SIMD MAC steps. Fold 0 takes its activations from the input register (one
// step per beat) and writes them through into the input buffer at word b; folds 1 .. N / PE - 1 read them
// back (buf_raddr_o = b), one step per cycle, while the input waits. Every step reads weight word
// wgt_raddr_o of every bank: the steps of a vector read words 0, 1, ..., (N / PE) x (K / SIMD) - 1 in order,
// so the address is a counter. The memories' registered reads and the step's side band (step_*_o, and the
// stream's activations in act_o) are ready one edge after the step.
//
// The step that ends a fold (its last step) issues only when
//   - a credit is free: the output FIFO has an entry for the fold's beat that no issued fold has reserved
//     (credits_q; one comes back with each beat that leaves the FIFO), so the requantizer never stalls;
//   - gap_q is 0: the fold before ended at least PE steps ago, so the serializer has sent its PE sums on
//     before the next fold's overwrite them (K / SIMD >= PE never waits: 100 % of PE x SIMD per cycle).
// A beat tagged abort (qmac_mvu_frame: a TLAST error) ends its vector at once: a last step that outputs
// nothing (step_load_o low) and starts the next vector at fold 0. In a fold's last position it waits for a
// credit and the gap like any fold end (the handshake does not read the beat's tag) and gives the credit
// back on the next edge.
module qmac_mvu_fold #(
  parameter int PE         = 4,
  parameter int SIMD       = 8,
  parameter int KbBits     = 1,
  parameter int FBits      = 1,
  parameter int WAddrBits  = 1,
  parameter int FifoDepth  = 4,
  localparam int CreditBits = $clog2(FifoDepth + 2),   // credits_q reaches FifoDepth + 1 (take_q high)
  localparam int GapBits    = (PE > 1) ? $clog2(PE) : 1
) (
  input  logic                       clk_i,
  input  logic                       rst_i,
  input  logic [KbBits-1:0]          kb_last_i,
  input  logic [FBits-1:0]           f_last_i,
  input  logic                       in_valid_i,
  output logic                       in_ready_o,
  input  logic [SIMD*qmac_mvu_pkg::ActLaneBits-1:0] in_data_i,
  input  logic                       in_abort_i,
  input  logic                       out_fire_i,      // a beat leaves the output FIFO
  input  logic                       load_i,          // a layer load is in progress (kb_last_i, f_last_i change)
  output logic                       idle_o,          // at a vector boundary, every reserved beat delivered
  // input buffer (write in fold 0, read in folds >= 1) and weight banks
  output logic                       buf_we_o,
  output logic [KbBits-1:0]          buf_waddr_o,
  output logic [KbBits-1:0]          buf_raddr_o,
  output logic [WAddrBits-1:0]       wgt_raddr_o,
  // the step, one edge after it issued
  output logic                       step_valid_o,
  output logic                       step_last_o,     // ends a fold
  output logic                       step_load_o,     // ... whose sums go to the serializer
  output logic                       step_vlast_o,    // ... which is its vector's last fold
  output logic                       step_fold0_o,    // activations from act_o (else the input buffer)
  output logic [SIMD*qmac_mvu_pkg::ActLaneBits-1:0] act_o
);
  logic [KbBits-1:0]     b_q;
  logic [FBits-1:0]      f_q;
  logic [WAddrBits-1:0]  waddr_q;
  logic [CreditBits-1:0] credits_q;
  logic [GapBits-1:0]    gap_q;

  // `step` gates every counter, the input buffer's write and in_ready_o: it is one LUT from flip-flops (iCE40
  // Fmax), with the compares and the credit test it needs registered beside the counters: fold0_q = (f_q == 0),
  // b_last_q = (b_q == kb_last_i), vlast_q = (f_q == f_last_i), may_end_q = (free credits != 0 && gap_q == 0),
  // each updated from the values the counters take (checked in simulation below). The input register's valid
  // and abort tag come from across the chip (qmac_mvu_frame's u_in2 sits by the input buffer): each reaches a
  // flip-flop through at most two LUTs.
  logic fold0_q, b_last_q, vlast_q, may_end_q;
  // kb_last_i - 1, f_last_i - 1 (a counter's next value meets its bound without a chain) and the bounds'
  // zero tests, registered: steady while steps issue
  logic [KbBits-1:0] kb_m1_q;
  logic [FBits-1:0]  f_m1_q;
  logic              kb_z_q, f_z_q;
  logic fold0, abort, last, load, vlast, may_end, step, vec_end;
  assign fold0   = fold0_q;
  assign abort   = fold0 && in_abort_i;
  assign last    = abort || b_last_q;
  assign load    = last && !abort;
  assign vlast   = vlast_q;
  assign may_end = may_end_q;
  // The handshake does not look at the beat's abort tag (the input register's data): a beat in a fold's last
  // position waits for may_end whether it is aborted or not (an aborted one needs no credit, but waiting for
  // one only delays a bad vector), so that `step` and in_ready_o are one LUT from flip-flops.
  logic may_step;
  assign may_step = !b_last_q || may_end;
  assign step    = (fold0 ? in_valid_i : 1'b1) && may_step;
  assign vec_end = last && (abort || vlast);
  assign in_ready_o = fold0 && may_step;

  // A step in a fold's last position takes a credit and restarts the gap whether its beat is aborted or not
  // (take), so that neither depends on the beat's abort tag (the input register's data; iCE40 Fmax); an
  // aborted one outputs nothing and gives its credit back on the next edge.
  // The counter credits_q lags a take by one edge (iCE40 Fmax: `step` reaches no counter but the gap's): it
  // counts up for each beat that leaves the FIFO and down, one edge after the take, for a take whose beat is
  // not aborted (keep_q; an aborted one's credit is back by then). The free credits are credits_q - take_q, and
  // may_end_q looks ahead through the flags credits_q >= 1, 2, 3 (a LUT each from flip-flops).
  logic take, take_q, keep_q;
  assign take = step && b_last_q;
  logic [CreditBits-1:0] credits_d;
  always_comb begin
    unique case ({out_fire_i, keep_q})
      2'b10:   credits_d = credits_q + CreditBits'(1);
      2'b01:   credits_d = credits_q - CreditBits'(1);
      default: credits_d = credits_q;
    endcase
  end
  // y = credits_q + out_fire_i - keep_q, the free credits after this edge if no take: y >= 1 and y >= 2.
  logic c_ge1, c_ge2, c_ge3, y_ge1, y_ge2;
  assign c_ge1 = credits_q >= CreditBits'(1);
  assign c_ge2 = credits_q >= CreditBits'(2);
  assign c_ge3 = credits_q >= CreditBits'(3);
  always_comb begin
    unique case ({out_fire_i, keep_q})
      2'b10:   begin y_ge1 = 1'b1;  y_ge2 = c_ge1; end
      2'b01:   begin y_ge1 = c_ge2; y_ge2 = c_ge3; end
      default: begin y_ge1 = c_ge1; y_ge2 = c_ge2; end
    endcase
  end

  // The free credits stay nonzero unless the last one goes (a take) and none comes back; the gap is zero after
  // this edge when it was at most 1 and no take restarts it (or when PE = 1).
  logic gap_small;
  assign gap_small = gap_q == '0 || gap_q == GapBits'(1);

  always_ff @(posedge clk_i) begin
    // b_last_q and vlast_q follow b_q's and f_q's next values; during a layer load (the engine idle: b_q and
    // f_q are 0) they follow the new bounds.
    if (load_i || step)          b_last_q <= (load_i || last) ? kb_z_q : b_q == kb_m1_q;
    if (load_i || (step && last)) vlast_q <= (load_i || vec_end) ? f_z_q : f_q == f_m1_q;
    kb_m1_q <= kb_last_i - KbBits'(1);
    f_m1_q  <= f_last_i - FBits'(1);
    kb_z_q  <= kb_last_i == '0;
    f_z_q   <= f_last_i == '0;
    if (rst_i) begin
      fold0_q   <= 1'b1;
      may_end_q <= 1'b1;
      take_q    <= 1'b0;
      keep_q    <= 1'b0;
    end else begin
      take_q    <= take;
      keep_q    <= take && !abort;
      if (step) fold0_q <= vec_end || (fold0_q && !last);
      may_end_q <= take ? (PE == 1 && y_ge2) : (y_ge1 && gap_small);
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      b_q       <= '0;
      f_q       <= '0;
      waddr_q   <= '0;
      credits_q <= CreditBits'(FifoDepth);
      gap_q     <= '0;
    end else begin
      credits_q <= credits_d;
      if (take)             gap_q <= GapBits'(PE - 1);
      else if (gap_q != '0) gap_q <= gap_q - GapBits'(1);
      if (step) begin
        b_q     <= last ? '0 : b_q + KbBits'(1);
        f_q     <= vec_end ? '0 : (last ? f_q + FBits'(1) : f_q);
        waddr_q <= vec_end ? '0 : waddr_q + WAddrBits'(1);
      end
    end
  end

  // The step's side band: valid bits with reset, the activations without.
  logic step_valid_q, step_last_q, step_load_q, step_vlast_q, step_fold0_q;
  logic [SIMD*qmac_mvu_pkg::ActLaneBits-1:0] act_q;
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      step_valid_q <= 1'b0;
      step_last_q  <= 1'b0;
      step_load_q  <= 1'b0;
    end else begin
      step_valid_q <= step;
      step_last_q  <= step && last;
      step_load_q  <= step && load;
    end
    step_vlast_q <= vlast;
    step_fold0_q <= fold0;
    act_q        <= in_data_i;
  end

  assign buf_we_o     = step && fold0;
  assign buf_waddr_o  = b_q;
  assign buf_raddr_o  = b_q;
  assign wgt_raddr_o  = waddr_q;
  assign step_valid_o = step_valid_q;
  assign step_last_o  = step_last_q;
  assign step_load_o  = step_load_q;
  assign step_vlast_o = step_vlast_q;
  assign step_fold0_o = step_fold0_q;
  assign act_o        = act_q;
  assign idle_o       = fold0 && b_q == '0 && credits_q - CreditBits'(take_q) == CreditBits'(FifoDepth);

`ifndef SYNTHESIS
  // The registered flags equal what they stand for (b_last_q and vlast_q at every step: they follow the bounds
  // during a load, when no step issues).
  always_ff @(posedge clk_i) begin
    if (!rst_i && (fold0_q != (f_q == '0) || may_end_q != (credits_q != CreditBits'(take_q) && gap_q == '0)
                   || (step && (b_last_q != (b_q == kb_last_i) || vlast_q != (f_q == f_last_i))))) begin
      $error("qmac_mvu_fold: a registered flag differs from its counter");
    end
  end
`endif

endmodule
