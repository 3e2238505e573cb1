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

  // Level 0 is the (zero-padded) input; level l > 0 is registered. One variable per node, not one packed
  // vector per level: the same netlist, but a Verilated model then adds integers instead of masking fields
  // in and out of multi-word vectors. (Offset-binary nodes, unsigned sums with no sign extension, were
  // 1.7 instructions per MAC cheaper still in the layer engine's model, but the leaves' inverted sign bit
  // became a LUT between the SB_MAC16 and the carry chain: qmac_dot's iCE40 Fmax fell to 61.7 MHz.)
  for (genvar l = 0; l <= Levels; l++) begin : gen_level
    localparam int Nodes = Leaves >> l;
    localparam int W     = InBits + l;
    for (genvar n = 0; n < Nodes; n++) begin : gen_node
      logic signed [W-1:0] v;
      if (l == 0) begin : gen_leaf
        if (n < Lanes) begin : gen_operand
          assign v = operands_i[n*InBits +: InBits];
        end else begin : gen_pad
          assign v = '0;
        end
      end else begin : gen_sum
        logic signed [W-1:0] v_q;
        always_ff @(posedge clk_i) begin
          if (en_i) v_q <= W'(gen_level[l-1].gen_node[2*n].v) + W'(gen_level[l-1].gen_node[2*n+1].v);
        end
        assign v = v_q;
      end
    end
  end

  assign sum_o = gen_level[Levels].gen_node[0].v;

  if (Levels == 0) begin : gen_no_regs
    logic unused_clk_en;
    assign unused_clk_en = ^{clk_i, en_i};
  end

endmodule
