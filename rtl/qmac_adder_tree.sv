// qmac_adder_tree: a pipelined balanced adder tree, one register per level.
//
// Sums Lanes signed InBits-wide operands exactly: level l (1..Levels) holds 2^(Levels-l) partial sums of
// InBits + l bits, so nothing is ever truncated. Lanes that are not a power of two are padded with zero
// leaves (Yosys removes the constant logic). Latency = Levels = $clog2(Lanes) cycles (0 for Lanes = 1:
// the input is passed through).
module qmac_adder_tree #(
  parameter int Lanes  = qmac_pkg::DefaultLanes,
  parameter int InBits = qmac_pkg::ProdBits,  // one lane's exact product (qmac_mul)
  localparam int Levels  = (Lanes > 1) ? $clog2(Lanes) : 0,
  localparam int OutBits = InBits + Levels
) (
  input  logic                      clk_i,
  input  logic                      en_i,
  input  logic [Lanes*InBits-1:0]   operands_i,  // lane i at [i*InBits +: InBits], two's complement
  output logic signed [OutBits-1:0] sum_o
);
  localparam int Leaves = 1 << Levels;

  // Level 0 is the (zero-padded) input; level l > 0 is registered.
  for (genvar l = 0; l <= Levels; l++) begin : gen_level
    localparam int Nodes = Leaves >> l;
    localparam int W     = InBits + l;
    logic [Nodes*W-1:0] node;

    if (l == 0) begin : gen_leaves
      if (Leaves > Lanes) begin : gen_pad
        assign node = {{(Leaves - Lanes) * InBits{1'b0}}, operands_i};
      end else begin : gen_nopad
        assign node = operands_i;
      end
    end else begin : gen_sums
      logic [Nodes*W-1:0] node_q;
      always_ff @(posedge clk_i) begin
        if (en_i) begin
          for (int n = 0; n < Nodes; n++) begin
            node_q[n*W +: W] <= W'($signed(gen_level[l-1].node[2*n*(W-1) +: W-1]))
                              + W'($signed(gen_level[l-1].node[(2*n+1)*(W-1) +: W-1]));
          end
        end
      end
      assign node = node_q;
    end
  end

  assign sum_o = $signed(gen_level[Levels].node);

  if (Levels == 0) begin : gen_no_regs
    logic unused_clk_en;
    assign unused_clk_en = ^{clk_i, en_i};
  end

endmodule
