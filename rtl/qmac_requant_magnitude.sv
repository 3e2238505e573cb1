// qmac_requant_magnitude: stages 1a, 1, 2a and 2 of qmac_requant. The magnitudes |a| and |M| and the sign
// neg = sign(a) xor sign(M) of their product, where a is acc << l (wrapping in 32 bits) divided by 2^l:
// acc's low 32 - l bits sign-extended from bit 31 - l (l = 0 outside the double mode with s >= 0).
//
//   1a  keep = the mask of the bits that survive << l (a thermometer of l); sign = acc[31 - l] in two steps
//       (a 32:1 multiplexer was five iCE40 LUT levels): the candidates acc[31 - 8 j - l[2:0]], j = 0..3
//   1   sign = the candidate of j = l[4:3]; (v ^ sign) & keep for a, M ^ sign(M): the first half of
//       |v| = (v ^ sign) + sign, so that stage 2a's carry chain starts from flip-flops
//   2a  + sign in the lower 16-bit halves, carries registered; neg; with CarryChain = 0 (default, iCE40)
//       beside them the upper halves plus one (carry select: a chain that starts from flip-flops)
//   2   the upper halves plus those carries: CarryChain = 0 selects hi or hi + 1 by the carry (one LUT per
//       bit; the 16-bit chain behind the routed registered carry was an iCE40 critical path); CarryChain = 1
//       (xc7, where a CARRY4 chain is fast and the second chain would cost LUTs) adds it
// No carry chain is longer than 17 bits. Latency: qmac_requant_pkg::MagnitudeLatency (4).
module qmac_requant_magnitude #(
  parameter bit CarryChain = 1'b0   // the upper halves' increment: 0 prefix ANDs (iCE40), 1 a carry chain (xc7)
) (
  input  logic                                  clk_i,
  input  logic                                  en_i,
  input  logic [qmac_pkg::AccBits-1:0]          acc_i,
  input  logic [qmac_pkg::MultiplierBits-1:0]   multiplier_i,
  input  logic [qmac_requant_pkg::LeftBits-1:0] left_i,
  output logic [qmac_pkg::AccBits-1:0]          mag_a_o,
  output logic [qmac_pkg::MultiplierBits-1:0]   mag_m_o,
  output logic                                  neg_o
);
  localparam int AccBits  = qmac_pkg::AccBits;
  localparam int MulBits  = qmac_pkg::MultiplierBits;
  localparam int HalfBits = AccBits / 2;
  localparam int LBits    = qmac_requant_pkg::LeftBits;

`ifndef __ICARUS__
  if (MulBits != AccBits || AccBits % 2 != 0) begin : gen_check_width
    $error("qmac_requant_magnitude: the 16-bit halves assume equal, even accumulator and multiplier widths");
  end
`endif

  // ---- Stage 1a: mask and sign of acc << l ---------------------------------------------------------------
  logic [AccBits-1:0] s1a_a_q;
  logic [AccBits-1:0] s1a_keep_q;   // bit i: i + l <= 31 (survives the shift)
  logic [3:0]         s1a_sign_q;   // sign of acc << l = acc[31 - l] for l[4:3] = j: bit j
  logic [1:0]         s1a_left_hi_q;
  logic [MulBits-1:0] s1a_m_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s1a_a_q    <= acc_i;
      s1a_keep_q <= {AccBits{1'b1}} >> left_i;
      for (int j = 0; j < 4; j++) s1a_sign_q[j] <= acc_i[LBits'(AccBits - 1 - 8 * j) - LBits'(left_i[2:0])];
      s1a_left_hi_q <= left_i[4:3];
      s1a_m_q    <= multiplier_i;
    end
  end

  // ---- Stage 1: complement ------------------------------------------------------------------------------
  // (a_w ^ sign) keeps the bits of a_w = acc << l that survive the shift and clears the others.
  logic [AccBits-1:0] s1_a_q;   // a ^ {sign}
  logic [MulBits-1:0] s1_m_q;   // M ^ {sign}
  logic               s1_sign_a_q, s1_sign_m_q;
  logic               sign_a;
  assign sign_a = s1a_sign_q[s1a_left_hi_q];
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s1_a_q      <= (s1a_a_q ^ {AccBits{sign_a}}) & s1a_keep_q;
      s1_m_q      <= s1a_m_q ^ {MulBits{s1a_m_q[MulBits-1]}};
      s1_sign_a_q <= sign_a;
      s1_sign_m_q <= s1a_m_q[MulBits-1];
    end
  end

  // ---- Stages 2a and 2: |v| = (v ^ sign) + sign in 16-bit halves -------------------------------------------
  // INT32_MIN's magnitude 2^31 fits the 32 unsigned bits.
  logic [HalfBits:0]   s2a_a_lo_q, s2a_m_lo_q;   // lower halves of the magnitudes and their carries
  logic [HalfBits-1:0] s2a_a_hi_q, s2a_m_hi_q;   // upper halves, already complemented
  logic [HalfBits-1:0] s2a_a_hi1_q, s2a_m_hi1_q; // the upper halves plus one (CarryChain = 0)
  logic                s2a_neg_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s2a_a_lo_q  <= (HalfBits+1)'(s1_a_q[HalfBits-1:0]) + (HalfBits+1)'(s1_sign_a_q);
      s2a_m_lo_q  <= (HalfBits+1)'(s1_m_q[HalfBits-1:0]) + (HalfBits+1)'(s1_sign_m_q);
      s2a_a_hi_q  <= s1_a_q[AccBits-1:HalfBits];
      s2a_m_hi_q  <= s1_m_q[MulBits-1:HalfBits];
      s2a_a_hi1_q <= s1_a_q[AccBits-1:HalfBits] + 1'b1;
      s2a_m_hi1_q <= s1_m_q[MulBits-1:HalfBits] + 1'b1;
      s2a_neg_q   <= s1_sign_a_q ^ s1_sign_m_q;
    end
  end

  logic [AccBits-1:0] s2_mag_a_q;
  logic [MulBits-1:0] s2_mag_m_q;
  logic               s2_neg_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      if (CarryChain) begin
        s2_mag_a_q <= {s2a_a_hi_q + HalfBits'(s2a_a_lo_q[HalfBits]), s2a_a_lo_q[HalfBits-1:0]};
        s2_mag_m_q <= {s2a_m_hi_q + HalfBits'(s2a_m_lo_q[HalfBits]), s2a_m_lo_q[HalfBits-1:0]};
      end else begin
        s2_mag_a_q <= {s2a_a_lo_q[HalfBits] ? s2a_a_hi1_q : s2a_a_hi_q, s2a_a_lo_q[HalfBits-1:0]};
        s2_mag_m_q <= {s2a_m_lo_q[HalfBits] ? s2a_m_hi1_q : s2a_m_hi_q, s2a_m_lo_q[HalfBits-1:0]};
      end
      s2_neg_q   <= s2a_neg_q;
    end
  end
  assign mag_a_o = s2_mag_a_q;
  assign mag_m_o = s2_mag_m_q;
  assign neg_o   = s2_neg_q;

endmodule
