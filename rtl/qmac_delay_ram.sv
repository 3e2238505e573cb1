// qmac_delay_ram: qmac_delay's behaviour (data_o = data_i of Depth enabled edges ago) in a block RAM, for a
// wide side-band signal that waits long: a 32-entry ring written and read on every enabled edge, its read
// register the last stage. On xc7 a shift register costs one LUT (SRL) per bit whatever its depth, on iCE40
// one flip-flop per bit and stage; here it is one RAMB18 (xc7, up to 36 bits) or SB_RAM40_4K (iCE40, 16 bits
// each) and a 5-bit counter. Block = 0 keeps the same behaviour in qmac_delay's flip-flops, for a design whose
// block RAM is spoken for (qmac_mvu on iCE40, where the weights fill it).
//
// After enabled edge k the read register holds the entry written at edge k - (Depth - 1): the read address
// runs Depth - 1 entries behind the write address. The pointer's start value does not matter in hardware;
// it starts at 0 so that a 4-state simulation (Icarus, the gate-level netlists) never sees an unknown address.
// No reset: like qmac_delay's data stages, the contents are only read once written.
module qmac_delay_ram #(
  parameter int Width = 1,
  parameter int Depth = 2,   // in [2, 32]
  parameter bit Block = 1'b1 // 0: flip-flops (qmac_delay) instead of the block RAM ring
) (
  input  logic             clk_i,
  input  logic             en_i,
  input  logic [Width-1:0] data_i,
  output logic [Width-1:0] data_o
);
  localparam int AddrBits = 5;

`ifndef __ICARUS__
  if (Depth < 2 || Depth > (1 << AddrBits)) begin : gen_check_depth
    $error("qmac_delay_ram: Depth %0d outside [2, %0d]", Depth, 1 << AddrBits);
  end
`endif

  if (Block) begin : gen_ram
    (* ram_style = "block" *) logic [Width-1:0] mem_q [1 << AddrBits];
    logic [AddrBits-1:0] wr_q = '0;
    logic [AddrBits-1:0] rd;
    logic [Width-1:0]    rd_q;
    // wr - (Depth - 1) mod 32: a constant offset, so one counter serves both ports.
    assign rd = wr_q + AddrBits'((1 << AddrBits) - (Depth - 1));
    always_ff @(posedge clk_i) begin
      if (en_i) begin
        mem_q[wr_q] <= data_i;
        rd_q        <= mem_q[rd];
        wr_q        <= wr_q + 1'b1;
      end
    end
    assign data_o = rd_q;
  end else begin : gen_ff
    qmac_delay #(.Width(Width), .Depth(Depth)) u_d (
      .clk_i, .rst_i(1'b0), .en_i, .data_i, .data_o);
  end

endmodule
