// qmac_mvu_fifo: the output FIFO of qmac_mvu: Depth beats of Width bits, written by the requantizer's beat
// assembly, read by the m_axis port.
//
// It has no full flag to stall on: the fold engine reserves an entry (a credit) before it issues the MAC step
// that completes a fold and gets it back when that beat leaves here, so the requantizer behind it never needs
// to stall and a push never finds the FIFO full (full_o is for the assertions). valid_o is high exactly while
// an entry is held (a register: nonempty_q); data_o is the oldest entry (a flip-flop or LUT-RAM read).
module qmac_mvu_fifo #(
  parameter int Width = 8,
  parameter int Depth = 4,
  localparam int PtrBits   = (Depth > 1) ? $clog2(Depth) : 1,
  localparam int CountBits = $clog2(Depth + 1)
) (
  input  logic             clk_i,
  input  logic             rst_i,
  input  logic             push_i,
  input  logic [Width-1:0] data_i,
  output logic             full_o,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [Width-1:0] data_o
);
`ifndef __ICARUS__
  if (Depth < 2) begin : gen_check_depth
    $error("qmac_mvu_fifo: Depth must be at least 2");
  end
`endif

  logic [Width-1:0]     mem [Depth];
  logic [PtrBits-1:0]   wptr_q, rptr_q;
  logic [CountBits-1:0] count_q;
  logic                 nonempty_q;
  logic                 pop;
  assign pop = nonempty_q && ready_i;

  function automatic logic [PtrBits-1:0] next_ptr(input logic [PtrBits-1:0] p);
    next_ptr = (p == PtrBits'(Depth - 1)) ? '0 : p + PtrBits'(1);
  endfunction

  always_ff @(posedge clk_i) begin
    if (push_i) mem[wptr_q] <= data_i;
  end

  logic [CountBits-1:0] count_d;
  assign count_d = count_q + CountBits'(push_i) - CountBits'(pop);
  // rptr_q's successor waits in a register (rptr_next_q), so that the memory's read address (Yosys moves
  // rptr_q into the block RAM's read port: the address is rptr_q's next value) is a pop away from flip-flops
  // (iCE40 Fmax).
  logic [PtrBits-1:0] rptr_next_q;
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      wptr_q      <= '0;
      rptr_q      <= '0;
      rptr_next_q <= next_ptr('0);
      count_q     <= '0;
      nonempty_q  <= 1'b0;
    end else begin
      if (push_i) wptr_q <= next_ptr(wptr_q);
      if (pop) begin
        rptr_q      <= rptr_next_q;
        rptr_next_q <= next_ptr(rptr_next_q);
      end
      count_q    <= count_d;
      // from the flags, not count_d (iCE40 Fmax: no carry chain between push_i and valid_o)
      nonempty_q <= push_i || (nonempty_q && !(pop && count_q == CountBits'(1)));
    end
  end

  assign full_o  = count_q == CountBits'(Depth);
  assign valid_o = nonempty_q;
  assign data_o  = mem[rptr_q];

endmodule
