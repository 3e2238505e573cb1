// qmac_delay: a Depth-stage shift register that advances with en_i (Depth = 0 passes data through).
//
// With Reset = 1 every stage clears to zero on rst_i (use it for valid bits); with Reset = 0 the stages
// carry no reset, so that synthesis may map the chain to shift-register LUTs (SRL16E/SRLC32E).
module qmac_delay #(
  parameter int Width = 1,
  parameter int Depth = 1,
  parameter bit Reset = 1'b0
) (
  input  logic             clk_i,
  input  logic             rst_i,
  input  logic             en_i,
  input  logic [Width-1:0] data_i,
  output logic [Width-1:0] data_o
);
  if (Depth == 0) begin : gen_wire
    assign data_o = data_i;
    // rst_i, en_i and clk_i are unused in a zero-length delay.
    logic unused_ok;
    assign unused_ok = ^{clk_i, rst_i, en_i};
  end else begin : gen_regs
    // One variable per stage, not an unpacked array shifted in a loop: the same registers, but Verilator
    // then updates each stage in place instead of through a delayed-assignment copy of every element.
    for (genvar i = 0; i < Depth; i++) begin : gen_stage
      logic [Width-1:0] d, q;
      if (i == 0) begin : gen_first
        assign d = data_i;
      end else begin : gen_next
        assign d = gen_stage[i-1].q;
      end
      always_ff @(posedge clk_i) begin
        if (Reset && rst_i) q <= '0;
        else if (en_i)      q <= d;
      end
    end
    assign data_o = gen_stage[Depth-1].q;
    if (!Reset) begin : gen_no_reset
      logic unused_rst;
      assign unused_rst = rst_i;
    end
  end

endmodule
