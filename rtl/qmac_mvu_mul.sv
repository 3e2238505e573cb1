// qmac_mvu_mul: one MAC's product act * wgt for the layer engine, with registered operands and a
// registered product (one DSP48E1/DSP48E2 or SB_MAC16, as qmac_mul). The activation's operand register is
// the caller's, one per lane for all PEs (qmac_mvu: the same netlist, a cheaper Verilated model); the
// weight's and the product's are here.
//
// Unlike qmac_mul, whose activation signedness is an elaboration parameter of qmac_dot, the layer engine
// reads it from each layer's header: the caller passes the activation already extended to 9 signed bits
// (int8 sign-extended, uint8 zero-extended; qmac_mul2's convention). The weight is the 9-bit signed w - zw.
// The product lies in [-65280, 65025]: exact in qmac_pkg::ProdBits = 17 bits, no redundant sign bit (the
// reason is in qmac_pkg: Yosys 0.23's xilinx_dsp). Latency qmac_pkg::MulLatency (operands, then product: the activation's register counts).
module qmac_mvu_mul (
  input  logic                                   clk_i,
  input  logic signed [qmac_pkg::ActBits:0]      act_i,   // the extended activation, registered (caller)
  input  logic signed [qmac_pkg::WeightBits-1:0] wgt_i,
  output logic signed [qmac_pkg::ProdBits-1:0]   prod_o
);
`ifndef __ICARUS__
  if (qmac_pkg::MulLatency != 2) begin : gen_check_latency
    $error("qmac_mvu_mul: two registers (operands, product), but qmac_pkg::MulLatency is %0d", qmac_pkg::MulLatency);
  end
`endif

  logic signed [qmac_pkg::WeightBits-1:0] wgt_q;
  // keep: Yosys 0.23's ice40_dsp otherwise packs one lane's product register twice, as its own SB_MAC16's
  // output register and as the C/D input register of the neighbour lane's (the adder tree's first sum),
  // and loses multipliers: PE 2 x SIMD 4 came out with 8 SB_MAC16 for 12 multiplies (the toolchain notes'
  // bug; scripts/synth). The DSP48 mappings are unchanged by it.
  (* keep *) logic signed [qmac_pkg::ProdBits-1:0] prod_q;

  // The product through 32-bit signed operands: the same 9 x 9 multiplier after synthesis (Yosys' wreduce
  // strips the copied sign bits and the unused product bits), but a Verilated model then sign-extends each
  // operand once and multiplies C ints, where a 17-bit signed product extends each operand twice.
  logic signed [31:0] product;
  assign product = 32'(act_i) * 32'(wgt_q);
  logic unused_product;   // above ProdBits: copies of the sign, the product being exact in ProdBits
  assign unused_product = ^product[31:qmac_pkg::ProdBits];

  // Free running (the layer engine never stalls its MAC pipeline: a bubble is a step with valid low).
  always_ff @(posedge clk_i) begin
    wgt_q  <= wgt_i;
    prod_q <= product[qmac_pkg::ProdBits-1:0];
  end

  assign prod_o = prod_q;

endmodule
