// qmac_mul: one lane's product act * wgt with registered operands and a registered product, the shape
// that Yosys packs into one DSP48E1/DSP48E2 (AREG/BREG + MREG/PREG) or one SB_MAC16.
//
// Latency 2 (operands, then product). The activation is int8 (ActSigned = 1) or uint8 (ActSigned = 0);
// it is extended to 9 signed bits; the weight is the 9-bit signed w - zw in [-256, 255]. The product lies
// in [-65280, 65025] for both, so it is exact in ProdBits = 17 bits (see qmac_pkg for why the exact width
// matters to Yosys). Data registers carry no reset (the DSPs' registers need none); validity is tracked by
// the caller.
module qmac_mul #(
  parameter bit ActSigned = 1'b1
) (
  input  logic                                  clk_i,
  input  logic                                  en_i,    // pipeline advance (clock enable)
  input  logic        [qmac_pkg::ActBits-1:0]    act_i,
  input  logic signed [qmac_pkg::WeightBits-1:0] wgt_i,
  output logic signed [qmac_pkg::ProdBits-1:0]   prod_o
);
  localparam int ActExtBits = qmac_pkg::ActBits + 1;

  logic signed [ActExtBits-1:0]            act_q;
  logic signed [qmac_pkg::WeightBits-1:0]  wgt_q;
  logic signed [qmac_pkg::ProdBits-1:0]    prod_q;

  // int8: sign-extend; uint8: zero-extend. Either way a 9-bit signed operand.
  logic signed [ActExtBits-1:0] act_ext;
  assign act_ext = $signed({ActSigned ? act_i[qmac_pkg::ActBits-1] : 1'b0, act_i});

  always_ff @(posedge clk_i) begin
    if (en_i) begin
      act_q  <= act_ext;
      wgt_q  <= wgt_i;
      prod_q <= qmac_pkg::ProdBits'(act_q * wgt_q);  // exact: see above
    end
  end

  assign prod_o = prod_q;

endmodule
