// qmac_lane_collector: gathers Lanes values, one per enabled cycle, into one word of Lanes lanes. Values
// shift in at the top lane, so after Lanes of them the first sits in lane 0 (at [0 +: Width]).
//
// word_o is the word with this cycle's value_i on top and the Lanes - 1 values before it below: complete on
// the cycle of a group's last value, when the caller takes it (the weight collector of qmac_mvu_cfg_weights,
// the output beat of qmac_mvu_requant_serial). No reset: the caller counts the values.
module qmac_lane_collector #(
  parameter int Lanes = 2,
  parameter int Width = 8
) (
  input  logic                   clk_i,
  input  logic                   en_i,      // value_i is a value: shift it in
  input  logic [Width-1:0]       value_i,
  output logic [Lanes*Width-1:0] word_o
);
`ifndef __ICARUS__
  if (Lanes < 1 || Width < 1) begin : gen_check_shape
    $error("qmac_lane_collector: Lanes and Width must be at least 1");
  end
`endif

  if (Lanes > 1) begin : gen_lanes
    logic [(Lanes-1)*Width-1:0] held_q;   // the Lanes - 1 values before this one
    assign word_o = {value_i, held_q};
    always_ff @(posedge clk_i) begin
      if (en_i) held_q <= word_o[Lanes*Width-1:Width];
    end
  end else begin : gen_one
    assign word_o = value_i;
    logic unused_clk_en;
    assign unused_clk_en = ^{clk_i, en_i};
  end

endmodule
