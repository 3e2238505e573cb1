// qmac_requant_product_fabric: stages 2b to 6 of qmac_requant (DspCascade = 0, the default: iCE40, xcup).
// X, the dividend of the final rounding shift: U = |a| * |M| from four registered unsigned 16x16 partial
// products (one DSP each) summed in 16-bit fabric columns, or h * 2^31 in the double mode with s < 0, with
// SRDHM's h = floor((U + 2^30 - neg) / 2^31).
//
//   2b  DSP operand registers, plain copies (an adder in front of a DSP input register would put the carry
//       chain and the long route into the DSP on one path)
//   3   ll, lh, hl, hh = the four 16x16 products (the DSP product registers)
//   3b  the products once more in flip-flops (xc7: PREG after MREG), so that no adder sits behind a DSP output
//   4   p1 = lh[15:0] + hl[15:0], p2 = lh[31:16] + hl[31:16]
//   5a  q1 = ll[31:16] + p1 (U[31:16], carry 0..2), q2 = hh[15:0] + p2
//   5b  c2 = q2 + carry(q1) (U[47:32], carry 0..2); SRDHM's round increment inc (U[31:0] is complete)
//   5   U[63:48] = hh[31:16] + carry(c2); h[15:0] = U[46:31] + inc
//   6   h[31:16] = U[62:47] + carry; X
// No carry chain is longer than 18 bits, every chain runs between fabric flip-flops (iCE40 Fmax).
// neg_o is neg_i delayed with the data. Latency: qmac_requant_pkg::ProductLatency (8).
module qmac_requant_product_fabric (
  input  logic                                clk_i,
  input  logic                                en_i,
  input  logic [qmac_pkg::AccBits-1:0]        mag_a_i,
  input  logic [qmac_pkg::MultiplierBits-1:0] mag_m_i,
  input  logic                                neg_i,      // sign of the product
  input  logic                                double_i,   // double rounding with s < 0: X = h * 2^31
  output logic [2*qmac_pkg::AccBits-1:0]      x_o,
  output logic                                neg_o
);
  localparam int Latency  = qmac_requant_pkg::ProductLatency;
  localparam int AccBits  = qmac_pkg::AccBits;
  localparam int HalfBits = AccBits / 2;     // 16x16 partial products
  localparam int UBits    = 2 * AccBits;     // |a| * |M| <= 2^62
  // Registers from the inputs to the stage that reads a side-band signal: 5b reads neg (aligned with 5a,
  // the 5th register), 6 reads double (aligned with 5, the 7th).
  localparam int NegAt    = 5;
  localparam int DoubleAt = Latency - 1;

`ifndef __ICARUS__
  if (qmac_pkg::AccBits != 32 || qmac_pkg::MultiplierBits != 32) begin : gen_check_width
    $error("qmac_requant_product_fabric: the partial-product split assumes a 32-bit accumulator and multiplier");
  end
`endif

  logic s5a_neg, s5_double;
  qmac_delay #(.Width(1), .Depth(NegAt)) u_neg_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(neg_i), .data_o(s5a_neg));
  qmac_delay #(.Width(1), .Depth(Latency - NegAt)) u_neg_out_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s5a_neg), .data_o(neg_o));
  qmac_delay #(.Width(1), .Depth(DoubleAt)) u_double_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(double_i), .data_o(s5_double));

  // ---- Stage 2b: DSP operand registers -------------------------------------------------------------------
  logic [AccBits-1:0] s2b_mag_a_q, s2b_mag_m_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s2b_mag_a_q <= mag_a_i;
      s2b_mag_m_q <= mag_m_i;
    end
  end

  // ---- Stages 3 and 3b: four 16x16 unsigned partial products --------------------------------------------
  // (* keep *) avoids the Yosys 0.23 iCE40 DSP packing bug (the toolchain notes).
  logic [HalfBits-1:0] a_lo, a_hi, m_lo, m_hi;
  assign {a_hi, a_lo} = s2b_mag_a_q;
  assign {m_hi, m_lo} = s2b_mag_m_q;
  (* keep *) logic [AccBits-1:0] s3_ll_q, s3_lh_q, s3_hl_q, s3_hh_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s3_ll_q <= a_lo * m_lo;
      s3_lh_q <= a_lo * m_hi;
      s3_hl_q <= a_hi * m_lo;
      s3_hh_q <= a_hi * m_hi;
    end
  end

  logic [AccBits-1:0] s3b_ll_q, s3b_lh_q, s3b_hl_q, s3b_hh_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s3b_ll_q <= s3_ll_q;
      s3b_lh_q <= s3_lh_q;
      s3b_hl_q <= s3_hl_q;
      s3b_hh_q <= s3_hh_q;
    end
  end

  // ---- Stages 4, 5a, 5b, 5: U = ll + (lh + hl) * 2^16 + hh * 2^32 in 16-bit columns ----------------------
  logic [HalfBits:0]  s4_p1_q, s4_p2_q;
  logic [AccBits-1:0] s4_ll_q, s4_hh_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s4_p1_q <= (HalfBits+1)'(s3b_lh_q[HalfBits-1:0]) + (HalfBits+1)'(s3b_hl_q[HalfBits-1:0]);
      s4_p2_q <= (HalfBits+1)'(s3b_lh_q[AccBits-1:HalfBits]) + (HalfBits+1)'(s3b_hl_q[AccBits-1:HalfBits]);
      s4_ll_q <= s3b_ll_q;
      s4_hh_q <= s3b_hh_q;
    end
  end

  logic [HalfBits+1:0] s5a_q1_q, s5a_q2_q;
  logic [HalfBits-1:0] s5a_ll_q, s5a_hh_hi_q;
  logic                s5a_ll_nz_q;          // U[15:0] != 0
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s5a_q1_q    <= (HalfBits+2)'(s4_ll_q[AccBits-1:HalfBits]) + (HalfBits+2)'(s4_p1_q);
      s5a_q2_q    <= (HalfBits+2)'(s4_hh_q[HalfBits-1:0]) + (HalfBits+2)'(s4_p2_q);
      s5a_ll_q    <= s4_ll_q[HalfBits-1:0];
      s5a_hh_hi_q <= s4_hh_q[AccBits-1:HalfBits];
      s5a_ll_nz_q <= |s4_ll_q[HalfBits-1:0];
    end
  end

  // The double mode's SRDHM: h = floor((U + 2^30 - neg) / 2^31) = U[62:31] + inc with
  // inc = U[30] && (U[29:0] != 0 || !neg).
  logic [HalfBits+1:0] s5b_c2_q;
  logic [AccBits-1:0]  s5b_u_lo_q;      // U[31:0]
  logic [HalfBits-1:0] s5b_hh_hi_q;
  logic                s5b_inc_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s5b_c2_q    <= s5a_q2_q + (HalfBits+2)'(s5a_q1_q[HalfBits+1:HalfBits]);
      s5b_u_lo_q  <= {s5a_q1_q[HalfBits-1:0], s5a_ll_q};
      s5b_hh_hi_q <= s5a_hh_hi_q;
      s5b_inc_q   <= s5a_q1_q[14] && (s5a_ll_nz_q || |s5a_q1_q[13:0] || !s5a_neg);
    end
  end

  logic [HalfBits-1:0]       s5_u_hi_q;   // U[63:48]
  logic [UBits-HalfBits-1:0] s5_u_lo_q;   // U[47:0]
  logic [HalfBits:0]         s5_h_lo_q;   // h[15:0] = U[46:31] + inc, and its carry
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s5_u_hi_q <= s5b_hh_hi_q + HalfBits'(s5b_c2_q[HalfBits+1:HalfBits]);
      s5_u_lo_q <= {s5b_c2_q[HalfBits-1:0], s5b_u_lo_q};
      s5_h_lo_q <= (HalfBits+1)'({s5b_c2_q[HalfBits-2:0], s5b_u_lo_q[AccBits-1]}) + (HalfBits+1)'(s5b_inc_q);
    end
  end
  logic unused_c2;
  assign unused_c2 = s5b_c2_q[HalfBits-1];   // U[47] enters h through s5_u_lo_q

  // ---- Stage 6: upper half of h, X --------------------------------------------------------------------------
  // h[31:16] = U[62:47] + carry; h[31] is set only on SRDHM's overflow (h = 2^31, a = M = INT32_MIN), which
  // needs no saturation: 2^31 and 2^31 - 1 give the same RoundingDivideByPOT for every r >= 1, and both
  // saturate the 10-bit quotient for r = 0.
  logic [HalfBits-1:0] h_hi;
  logic [AccBits-1:0]  h;   // h <= 2^31
  always_comb begin
    h_hi = {s5_u_hi_q[HalfBits-2:0], s5_u_lo_q[UBits-HalfBits-1]} + HalfBits'(s5_h_lo_q[HalfBits]);
    h    = {h_hi, s5_h_lo_q[HalfBits-1:0]};
  end
  logic unused_h;
  assign unused_h = s5_u_hi_q[HalfBits-1];  // U <= 2^62

  logic [UBits-1:0] s6_x_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s6_x_q <= s5_double ? {1'b0, h, 31'b0} : {s5_u_hi_q, s5_u_lo_q};
    end
  end
  assign x_o = s6_x_q;

endmodule
