// qmac_requant_product_cascade: stages 2b to 6 of qmac_requant with DspCascade = 1 (xc7, which scripts/synth
// sets there): the same X as qmac_requant_product_fabric, with the partial products summed in the DSP48E1
// post-adders through the PCIN (>> 17) cascade instead of fabric adders.
//
// |a| = {ahi (15 bits), alo (17 bits)}, the same for |M|: each partial product fits a DSP48 multiplier as a
// signed 18x18 (25x18) product. U' = U + c0 = ll + (lh + hl) 2^17 + hh 2^34 + c0, with c0 = 2^30 - neg in the
// double mode with s < 0 (SRDHM's rounding constant, through P0's C port) and 0 otherwise:
//   2b  operands (t0)
//   3   P0 = ll + c0 (t1)           3b  P1 = lh + (P0 >> 17) (t2)
//   4   P2 = hl + P1 (t3)           5a  P3 = hh + (P2 >> 17) (t4); U'[16:0] = P0[16:0], U'[33:17] = P2[16:0]
//   6   X = U', with its low 31 bits cleared in the double mode: h = U'[62:31], X = h * 2^31
// Operands of later DSPs are delayed in flip-flops to match. The fabric variant's stages 5b and 5 have no
// work here: this variant is two registers shorter (CascadeLatency) and qmac_requant delays its 9-bit output
// instead, where two cycles cost 18 flip-flops rather than 63 shift-register LUTs for two copies of U'. The post-adders' 48-bit chains would cost iCE40
// Fmax (SB_MAC16 has no such cascade), and Yosys 0.23 packs no DSP48E2 cascade for xcup: both keep the
// fabric variant. neg_o is neg_i delayed with the data. Latency: qmac_requant_pkg::CascadeLatency (6).
module qmac_requant_product_cascade (
  input  logic                                clk_i,
  input  logic                                en_i,
  input  logic [qmac_pkg::AccBits-1:0]        mag_a_i,
  input  logic [qmac_pkg::MultiplierBits-1:0] mag_m_i,
  input  logic                                neg_i,      // sign of the product
  input  logic                                double_i,   // double rounding with s < 0: X = h * 2^31
  output logic [2*qmac_pkg::AccBits-1:0]      x_o,
  output logic                                neg_o
);
  localparam int Latency  = qmac_requant_pkg::CascadeLatency;
  localparam int AccBits  = qmac_pkg::AccBits;
  localparam int UBits    = 2 * AccBits;
  localparam int LoBits   = 17;
  localparam int HiBits   = AccBits - LoBits;
  // Registers from the inputs to the stage that reads a side-band signal: the P0 adder reads c0 (aligned
  // with 2b, the 1st register), stage 6 reads double (aligned with 5a, the 5th).
  localparam int C0At     = 1;
  localparam int DoubleAt = Latency - 1;

`ifndef __ICARUS__
  if (qmac_pkg::AccBits != 32 || qmac_pkg::MultiplierBits != 32) begin : gen_check_width
    $error("qmac_requant_product_cascade: the 17/15-bit split assumes a 32-bit accumulator and multiplier");
  end
`endif

  logic c0_double, c0_neg, s5_double;
  qmac_delay #(.Width(2), .Depth(C0At)) u_c0_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i({double_i, neg_i}), .data_o({c0_double, c0_neg}));
  qmac_delay #(.Width(1), .Depth(Latency - C0At)) u_neg_out_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(c0_neg), .data_o(neg_o));
  qmac_delay #(.Width(1), .Depth(DoubleAt - C0At)) u_double_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(c0_double), .data_o(s5_double));

  // ---- Stage 2b: DSP operand registers -------------------------------------------------------------------
  logic [AccBits-1:0] s2b_mag_a_q, s2b_mag_m_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s2b_mag_a_q <= mag_a_i;
      s2b_mag_m_q <= mag_m_i;
    end
  end

  // ---- Stages 3 to 5a: the DSP48E1 cascade P0..P3 ---------------------------------------------------------
  logic [LoBits-1:0] alo, mlo;
  logic [HiBits-1:0] ahi, mhi;
  assign {ahi, alo} = s2b_mag_a_q;
  assign {mhi, mlo} = s2b_mag_m_q;
  logic [30:0] c0;
  assign c0 = {c0_double && !c0_neg, {30{c0_double && c0_neg}}};
  logic [2*LoBits:0]         c1_p0_q;   // < 2^34 + 2^30
  logic [LoBits+HiBits:0]    c2_p1_q;   // < 2^33
  logic [LoBits+HiBits+1:0]  c3_p2_q;   // < 2^34
  logic [UBits-2*LoBits-1:0] c4_p3_q;   // U'[63:34]
  logic [LoBits-1:0]         c1_mlo_q, c2_mlo_q;
  logic [HiBits-1:0]         c1_ahi_q, c2_ahi_q, c3_ahi_q, c1_mhi_q, c2_mhi_q, c3_mhi_q;
  logic [LoBits-1:0]         c1_alo_q;
  logic [LoBits-1:0]         c4_u0;                       // U'[16:0], from a block-RAM ring
  logic [LoBits-1:0]         c4_u1_q;                     // U'[33:17]
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      c1_p0_q  <= (2*LoBits+1)'(alo) * (2*LoBits+1)'(mlo) + (2*LoBits+1)'(c0);
      c1_alo_q <= alo;
      c1_mhi_q <= mhi;
      c1_ahi_q <= ahi;
      c1_mlo_q <= mlo;
      c2_p1_q  <= (LoBits+HiBits+1)'(c1_alo_q) * (LoBits+HiBits+1)'(c1_mhi_q)
                + (LoBits+HiBits+1)'(c1_p0_q >> LoBits);
      c2_ahi_q <= c1_ahi_q;
      c2_mlo_q <= c1_mlo_q;
      c2_mhi_q <= c1_mhi_q;
      c3_p2_q  <= (LoBits+HiBits+2)'(c2_ahi_q) * (LoBits+HiBits+2)'(c2_mlo_q) + (LoBits+HiBits+2)'(c2_p1_q);
      c3_ahi_q <= c2_ahi_q;
      c3_mhi_q <= c2_mhi_q;
      c4_p3_q  <= (UBits-2*LoBits)'(c3_ahi_q) * (UBits-2*LoBits)'(c3_mhi_q) + (UBits-2*LoBits)'(c3_p2_q >> LoBits);
      c4_u1_q  <= c3_p2_q[LoBits-1:0];
    end
  end
  // U'[16:0] is complete in P0 three registers before the rest: it waits in a block RAM, not in 17 SRLs.
  qmac_delay_ram #(.Width(LoBits), .Depth(3)) u_u0_d (
    .clk_i, .en_i, .data_i(c1_p0_q[LoBits-1:0]), .data_o(c4_u0));
  logic [UBits-1:0] u4;   // U', aligned with stage 5a
  assign u4 = {c4_p3_q, c4_u1_q, c4_u0};

  // ---- Stage 6: X -----------------------------------------------------------------------------------------
  // No fabric adder for h: X = h * 2^31 is U' with its low 31 bits cleared, through the flip-flops'
  // synchronous reset (en_i && double: one shared gate on xc7's FDRE R instead of an AND per bit; this
  // variant is not for iCE40).
  logic [UBits-1:0] s6_x_q;
  always_ff @(posedge clk_i) begin
    if (en_i) s6_x_q[UBits-1:31] <= {1'b0, u4[UBits-2:31]};
  end
  always_ff @(posedge clk_i) begin
    if (en_i && s5_double) s6_x_q[30:0] <= '0;
    else if (en_i)         s6_x_q[30:0] <= u4[30:0];
  end
  assign x_o = s6_x_q;
  logic unused_u;
  assign unused_u = ^{u4[UBits-1], c1_p0_q, c3_p2_q[LoBits+HiBits+1]};

endmodule
