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

  // Level 0 is the (zero-padded) input; level l > 0 is registered. The nodes hold offset binary: a leaf is
  // its operand + 2^(InBits-1) (the sign bit inverted), so every node is an unsigned InBits + l bit sum,
  // the true sum + 2^(InBits-1+l), and the root's top bit inverted is the signed sum. The same adders as
  // a signed tree (an unsigned sum's top bit is its carry out), but a Verilated model then adds plain
  // integers, with no sign extension of every operand. One variable per node, not one packed vector per
  // level, for the same reason: no fields masked in and out of multi-word vectors.
  localparam logic [InBits-1:0] Offset = InBits'(1) << (InBits - 1);
  for (genvar l = 0; l <= Levels; l++) begin : gen_level
    localparam int Nodes = Leaves >> l;
    localparam int W     = InBits + l;
    for (genvar n = 0; n < Nodes; n++) begin : gen_node
      logic [W-1:0] v;
      if (l == 0) begin : gen_leaf
        if (n < Lanes) begin : gen_operand
          assign v = operands_i[n*InBits +: InBits] ^ Offset;
        end else begin : gen_pad
          assign v = Offset;   // zero
        end
      end else begin : gen_sum
        logic [W-1:0] v_q;
        always_ff @(posedge clk_i) begin
          if (en_i) v_q <= W'(gen_level[l-1].gen_node[2*n].v) + W'(gen_level[l-1].gen_node[2*n+1].v);
        end
        assign v = v_q;
      end
    end
  end

  assign sum_o = $signed(gen_level[Levels].gen_node[0].v ^ (OutBits'(1) << (OutBits - 1)));

  if (Levels == 0) begin : gen_no_regs
    logic unused_clk_en;
    assign unused_clk_en = ^{clk_i, en_i};
  end

endmodule
