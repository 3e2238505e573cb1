// qmac_mvu_pe: the multipliers of one processing element of qmac_mvu (DSP_PACK = 0: one output channel,
// SIMD qmac_mvu_mul) or of a pair of them (DSP_PACK = 1: channels 2q and 2q + 1 share each activation on
// SIMD qmac_mul2, two MACs per DSP48E2), with one qmac_mvu_acc (adder tree, accumulator) per channel.
//
// The activation signedness is the loaded layer's: qmac_mvu extends the activations to 9 signed bits (int8
// sign-extended, uint8 zero-extended) and registers them once for all PEs (act_q_i, qmac_mvu_mul's operand
// register). Product latency: MulLatency (2) or Mul2Latency (3); the caller delays the steps' valid/last
// bits by it plus $clog2(SIMD).
module qmac_mvu_pe #(
  parameter int SIMD     = 8,
  parameter bit DSP_PACK = 1'b0,
  localparam int Ch      = DSP_PACK ? 2 : 1     // output channels of this element
) (
  input  logic                                  clk_i,
  input  logic                                  rst_i,
  input  logic [SIMD*qmac_pkg::WeightBits-1:0]  act_i,          // lane i at [9i +: 9], extended
  input  logic [SIMD*qmac_pkg::WeightBits-1:0]  act_q_i,        // act_i registered (qmac_mvu_mul's operand)
  input  logic [Ch*SIMD*qmac_pkg::WeightBits-1:0] wgt_i,        // channel c's lane i at [9(c SIMD + i) +: 9]
  input  logic                                  beat_valid_i,
  input  logic                                  beat_last_i,
  input  logic                                  hi_valid_i,
  input  logic                                  hi_last_i,
  output logic [Ch*16-1:0]                      lo_sum_o,       // channel c at [16c +: 16]
  output logic [Ch*16-1:0]                      hi_sum_o
);
  localparam int ActBits = qmac_mvu_pkg::ActLaneBits;
  localparam int WBits   = qmac_pkg::WeightBits;
  localparam int PBits   = qmac_pkg::ProdBits;

`ifndef __ICARUS__
  if (ActBits != qmac_pkg::ActBits || ActBits + 1 != WBits) begin : gen_check_widths
    $error("qmac_mvu_pe: activation lanes are qmac_pkg::ActBits wide and extend to the 9-bit multiplier port");
  end
`endif

  logic [Ch*SIMD*PBits-1:0] prods;   // channel c's lane i at [17(c SIMD + i) +: 17]
  for (genvar i = 0; i < SIMD; i++) begin : gen_lane
    if (DSP_PACK) begin : gen_pair
      qmac_mul2 u_mul2 (
        .clk_i,
        .en_i    (1'b1),
        .act_i   (act_i[i*WBits +: WBits]),
        .wgt0_i  (wgt_i[i*WBits +: WBits]),
        .wgt1_i  (wgt_i[(SIMD+i)*WBits +: WBits]),
        .prod0_o (prods[i*PBits +: PBits]),
        .prod1_o (prods[(SIMD+i)*PBits +: PBits])
      );
      logic unused_act_q;   // qmac_mul2 registers the activation itself
      assign unused_act_q = ^act_q_i[i*WBits +: WBits];
    end else begin : gen_single
      logic unused_act;     // the caller's register act_q_i is this multiplier's operand register
      assign unused_act = ^act_i[i*WBits +: WBits];
      qmac_mvu_mul u_mul (
        .clk_i,
        .act_i  (act_q_i[i*WBits +: WBits]),
        .wgt_i  (wgt_i[i*WBits +: WBits]),
        .prod_o (prods[i*PBits +: PBits])
      );
    end
  end

  for (genvar c = 0; c < Ch; c++) begin : gen_ch
    qmac_mvu_acc #(.SIMD(SIMD)) u_acc (
      .clk_i,
      .rst_i,
      .prods_i      (prods[c*SIMD*PBits +: SIMD*PBits]),
      .beat_valid_i,
      .beat_last_i,
      .hi_valid_i,
      .hi_last_i,
      .lo_sum_o     (lo_sum_o[c*16 +: 16]),
      .hi_sum_o     (hi_sum_o[c*16 +: 16])
    );
  end

endmodule
