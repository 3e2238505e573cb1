// qmac_mvu_ram: a simple dual-port memory (one write port, one read port, one clock) with a registered
// read, the shape Yosys maps to block RAM (RAMB18/RAMB36 on xc7 and xcup, SB_RAM40_4K on iCE40): the read
// data is the memory's output register, so nothing but the RAM sits between the address and rdata_o.
//
// Read-during-write of one address is undefined (the old word in simulation); qmac_mvu never uses a word read
// in the cycle it is written (the input buffer's read data is used only in folds >= 1, it is written only in
// fold 0; the weights and parameters are written only during a load, while the engine is idle). No reset: the contents are
// whatever the configuration stream or the input stream wrote.
module qmac_mvu_ram #(
  parameter int Width = 8,
  parameter int Depth = 16,
  localparam int AddrBits = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                clk_i,
  input  logic                we_i,
  input  logic [AddrBits-1:0] waddr_i,
  input  logic [Width-1:0]    wdata_i,
  input  logic [AddrBits-1:0] raddr_i,
  output logic [Width-1:0]    rdata_o
);
`ifndef __ICARUS__
  if (Depth < 1 || Width < 1) begin : gen_check_shape
    $error("qmac_mvu_ram: Depth and Width must be at least 1");
  end
`endif

  // no_rw_check (Yosys): no read-during-write logic. Without it Yosys 0.23 keeps the old word on iCE40 with a
  // flip-flop copy of each write and a bypass multiplexer (358 of the 2x2 engine's 4548 LCs at 256x32);
  // no word read in the cycle it is written is used, so the collision's value does not matter.
  (* no_rw_check *)
  logic [Width-1:0] mem [Depth];
  logic [Width-1:0] rdata_q;

  always_ff @(posedge clk_i) begin
    if (we_i) mem[waddr_i] <= wdata_i;
    rdata_q <= mem[raddr_i];
  end

  assign rdata_o = rdata_q;

endmodule
