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
// nothing (step_load_o low), needs no credit, and starts the next vector at fold 0.
module qmac_mvu_fold #(
  parameter int PE         = 4,
  parameter int SIMD       = 8,
  parameter int KbBits     = 1,
  parameter int FBits      = 1,
  parameter int WAddrBits  = 1,
  parameter int FifoDepth  = 4,
  localparam int CreditBits = $clog2(FifoDepth + 1),
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

  logic fold0, abort, last, load, vlast, may_end, step, vec_end;
  assign fold0   = f_q == '0;
  assign abort   = fold0 && in_abort_i;
  assign last    = abort || b_q == kb_last_i;
  assign load    = last && !abort;
  assign vlast   = f_q == f_last_i;
  assign may_end = credits_q != '0 && gap_q == '0;
  assign step    = (fold0 ? in_valid_i : 1'b1) && (!load || may_end);
  assign vec_end = last && (abort || vlast);
  assign in_ready_o = fold0 && (!load || may_end);

  logic [CreditBits-1:0] credits_d;
  assign credits_d = credits_q - CreditBits'(step && load) + CreditBits'(out_fire_i);

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      b_q       <= '0;
      f_q       <= '0;
      waddr_q   <= '0;
      credits_q <= CreditBits'(FifoDepth);
      gap_q     <= '0;
    end else begin
      credits_q <= credits_d;
      if (step && load)     gap_q <= GapBits'(PE - 1);
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
  assign idle_o       = fold0 && b_q == '0 && credits_q == CreditBits'(FifoDepth);

endmodule
