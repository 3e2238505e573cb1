// qmac_requant: int32 accumulator -> clamped output code, bit-exact with golden::requantize_fixed.
//
//   y = clamp(requant(acc, multiplier, shift, rounding) + out_zero_point, out_min, out_max)
//
// rounding (qmac_pkg): RoundDouble  = golden::requantize_tflite        RDBPOT(SRDHM(acc << l, M), r)
//                      RoundSingle  = golden::requantize_tflite_single (acc * M + 2^(30-s)) >> (31-s)
//                      RoundTruncate = golden::requantize_truncate      trunc(acc * M / 2^(31-s))
//                      RoundSingleEven = golden::requantize_single_even round_half_even(acc * M / 2^(31-s))
// with l = max(s, 0), r = max(-s, 0).
//
// How: every mode is computed in sign-magnitude. U = |a| * |M| (a = acc, or acc << l wrapping, in the
// double mode) is an unsigned 32x32 product built from four registered 16x16 unsigned products (one DSP
// each on xc7 and iCE40). With neg = sign(a) xor sign(M) the result is sign * floor((X + c) / 2^n):
//   single:   X = U,              n = 31 - s, c = 2^(n-1) - neg   (ties toward +inf, in magnitude terms)
//   truncate: X = U,              n = 31 - s, c = 0               (toward zero)
//   single_even: X = U,           n = 31 - s, ties to even        (symmetric in magnitude terms)
//   double:   X = h * 2^31,       n = 31 + r, c = 2^(n-1)         (RoundingDivideByPOT: ties away from 0)
//             h = floor((U + 2^30 - neg) / 2^31), saturated to 2^31 - 1 when positive (SRDHM's one
//             overflow, a = M = INT32_MIN).
// The quotient is saturated to 11 bits of magnitude: any |v| >= 2047 clamps to the same code as the
// golden model's int32 value, because zero point and bounds lie in [-128, 255].
//
// Latency: qmac_pkg::RequantLatency (20) cycles of en_i. Data registers carry no reset (validity is tracked by the caller).
// Pipelined for iCE40 Fmax: no carry chain is longer than 18 bits, no stage has more than about three LUT
// levels, every chain starts and ends at fabric flip-flops (not at a DSP port), and no pipeline
// enable or decoded mode sits in front of a flip-flop's reset net. Stages: 1z decode; 1a, 1 left shift
// (and complement); 2a, 2 magnitudes; 2b DSP operands; 3 products; 3b products again; 4, 5a, 5b, 5 U in
// 16-bit columns (5b: SRDHM round condition, 5: lower half of h); 6 upper half of h, X; 6b Y and its byte
// flags; 7 shift by n[5:3]; 8c shift by n[2:0]; 8a saturation and carry; 8 sign; 9 zero point and clamp
// comparisons; 10 clamp.
module qmac_requant
(
  input  logic        clk_i,
  input  logic        en_i,
  input  logic signed [qmac_pkg::AccBits-1:0]        acc_i,
  input  logic signed [qmac_pkg::MultiplierBits-1:0] multiplier_i,
  input  logic signed [qmac_pkg::ShiftBits-1:0]      shift_i,
  input  logic [qmac_pkg::RoundingBits-1:0]   rounding_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0]  out_zero_point_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0]  out_min_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0]  out_max_i,
  output logic signed [qmac_pkg::OutParamBits-1:0]  y_o
);
  localparam int MagBits  = 11;              // saturated |quotient|: 2047 is beyond every clamp
  localparam int HalfBits = qmac_pkg::AccBits / 2;     // 16x16 partial products
  localparam int UBits    = 2 * qmac_pkg::AccBits;     // |a| * |M| <= 2^62
  localparam int NBits    = qmac_pkg::ShiftBits;       // n in [0, 63]
  localparam int SumBits  = MagBits + 2;     // +-2047 + zero point
  localparam int OutW     = qmac_pkg::OutParamBits;
  localparam int LimW     = OutW + 1;       // clamp bound minus zero point
  localparam int OutSideW = 3 * OutW;

  // Elaboration-time width checks (Icarus 11 cannot parse $error in a generate block).
`ifndef __ICARUS__
  if (qmac_pkg::AccBits != 32 || qmac_pkg::MultiplierBits != 32) begin : gen_check_width
    $error("qmac_requant: the partial-product split assumes a 32-bit accumulator and multiplier");
  end
  if ((1 << (MagBits - 1)) <= 2 * (1 << (qmac_pkg::OutParamBits - 1))) begin : gen_check_mag
    $error("qmac_requant: MagBits must exceed the output parameter range");
  end
  if (qmac_pkg::ShiftMin < -(1 << (qmac_pkg::ShiftBits - 1)) || qmac_pkg::ShiftMax >= (1 << (qmac_pkg::ShiftBits - 1))) begin : gen_check_shift
    $error("qmac_requant: shift field too narrow for [ShiftMin, ShiftMax]");
  end
`endif

  // ---- Stages 1z, 1a and 1: decode the mode; the double mode's wrapping left shift -----------------------
  // Stage 1z registers the decoded mode and shift; the shift runs in two registered steps (by left[4:2],
  // then by left[1:0]): short LUT paths (iCE40 Fmax).
  logic is_double, is_single, is_trunc, is_even;
  logic [4:0] left;
  logic [NBits-1:0] n;
  always_comb begin
    is_double = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundDouble));
    is_single = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundSingle));
    is_trunc  = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundTruncate));
    is_even   = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundSingleEven));
    left      = shift_i[4:0] & {5{is_double && !shift_i[qmac_pkg::ShiftBits-1]}};  // an AND, not a mux: no reset net
    // double: n = 31 + max(-s, 0); single, truncate: n = 31 - s
    // (mod 2^NBits: exact for every shift in [-32, 31])
    n         = NBits'(31) - ((is_double && !shift_i[qmac_pkg::ShiftBits-1]) ? '0 : NBits'(shift_i));
  end

  logic [qmac_pkg::AccBits-1:0]          s1z_a_q;
  logic [4:0]                            s1z_left_q;
  logic [qmac_pkg::MultiplierBits-1:0]   s1z_m_q;
  logic [NBits-1:0] s1z_n_q;
  logic          s1z_double_q, s1z_single_q, s1z_trunc_q, s1z_even_q;
  logic [OutSideW-1:0] s1z_out_q;   // {zero point, min, max}
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s1z_a_q      <= acc_i;
      s1z_left_q   <= left;
      s1z_m_q      <= multiplier_i;
      s1z_n_q      <= n;
      s1z_double_q <= is_double;
      s1z_single_q <= is_single;
      s1z_even_q   <= is_even;
      s1z_trunc_q  <= is_trunc;
      s1z_out_q    <= {out_zero_point_i, out_min_i, out_max_i};
    end
  end

  logic [qmac_pkg::AccBits-1:0]          s1a_a_q;
  logic [1:0]                            s1a_left_q;
  logic [qmac_pkg::MultiplierBits-1:0]   s1a_m_q;
  logic [NBits-1:0] s1a_n_q;
  logic          s1a_double_q, s1a_single_q, s1a_trunc_q, s1a_even_q;
  logic [OutSideW-1:0] s1a_out_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s1a_a_q      <= s1z_a_q << {s1z_left_q[4:2], 2'b00};
      s1a_left_q   <= s1z_left_q[1:0];
      s1a_m_q      <= s1z_m_q;
      s1a_n_q      <= s1z_n_q;
      s1a_double_q <= s1z_double_q;
      s1a_single_q <= s1z_single_q;
      s1a_even_q   <= s1z_even_q;
      s1a_trunc_q  <= s1z_trunc_q;
      s1a_out_q    <= s1z_out_q;
    end
  end

  // Stage 1 also complements negative values (the first half of |v| = (v ^ sign) + sign), so that stage
  // 2a's carry chain starts from flip-flops.
  logic [qmac_pkg::AccBits-1:0]          a1;
  assign a1 = s1a_a_q << s1a_left_q;
  logic [qmac_pkg::AccBits-1:0]          s1_a_q;   // a ^ {sign}
  logic [qmac_pkg::MultiplierBits-1:0]   s1_m_q;   // M ^ {sign}
  logic                                  s1_sign_a_q, s1_sign_m_q;
  logic [NBits-1:0] s1_n_q;
  logic          s1_double_q, s1_single_q, s1_trunc_q, s1_even_q;
  logic [OutSideW-1:0] s1_out_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s1_a_q      <= a1 ^ {qmac_pkg::AccBits{a1[qmac_pkg::AccBits-1]}};
      s1_m_q      <= s1a_m_q ^ {qmac_pkg::MultiplierBits{s1a_m_q[qmac_pkg::MultiplierBits-1]}};
      s1_sign_a_q <= a1[qmac_pkg::AccBits-1];
      s1_sign_m_q <= s1a_m_q[qmac_pkg::MultiplierBits-1];
      s1_n_q      <= s1a_n_q;
      s1_double_q <= s1a_double_q;
      s1_single_q <= s1a_single_q;
      s1_even_q   <= s1a_even_q;
      s1_trunc_q  <= s1a_trunc_q;
      s1_out_q    <= s1a_out_q;
    end
  end

  // ---- Stages 2a and 2: magnitudes and sign ------------------------------------------------------------
  // |v| = (v ^ sign) + sign in 16-bit halves: stage 2a the lower half and its carry, stage 2 the upper one.
  // Stage 2a also flags SRDHM's one overflow: h = 2^31 exactly when U = 2^62, i.e. a = M = INT32_MIN
  // (then neg = 0; every other U is below 2^62 - 2^31, so U + 2^30 stays below 2^62).
  logic [HalfBits:0]   s2a_a_lo_q, s2a_m_lo_q;   // lower halves of the magnitudes and their carries
  logic [HalfBits-1:0] s2a_a_hi_q, s2a_m_hi_q;   // upper halves, already complemented
  logic                s2a_neg_q, s2a_ovf_q;
  logic                sign_a, sign_m;
  assign sign_a = s1_sign_a_q;
  assign sign_m = s1_sign_m_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s2a_a_lo_q <= (HalfBits+1)'(s1_a_q[HalfBits-1:0]) + (HalfBits+1)'(sign_a);
      s2a_m_lo_q <= (HalfBits+1)'(s1_m_q[HalfBits-1:0]) + (HalfBits+1)'(sign_m);
      s2a_a_hi_q <= s1_a_q[qmac_pkg::AccBits-1:HalfBits];
      s2a_m_hi_q <= s1_m_q[qmac_pkg::MultiplierBits-1:HalfBits];
      s2a_neg_q  <= sign_a ^ sign_m;
      s2a_ovf_q  <= sign_a && sign_m && (s1_a_q == {1'b0, {(qmac_pkg::AccBits-1){1'b1}}})
                 && (s1_m_q == {1'b0, {(qmac_pkg::MultiplierBits-1){1'b1}}});
    end
  end

  logic [qmac_pkg::AccBits-1:0] s2_mag_a_q, s2_mag_m_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s2_mag_a_q <= {s2a_a_hi_q + HalfBits'(s2a_a_lo_q[HalfBits]), s2a_a_lo_q[HalfBits-1:0]};
      s2_mag_m_q <= {s2a_m_hi_q + HalfBits'(s2a_m_lo_q[HalfBits]), s2a_m_lo_q[HalfBits-1:0]};
    end
  end

  // Stage 2b: the DSP operand registers, plain copies (an adder in front of a DSP input register would put
  // the carry chain and the long route into the DSP on one path).
  logic [qmac_pkg::AccBits-1:0] s2b_mag_a_q, s2b_mag_m_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s2b_mag_a_q <= s2_mag_a_q;
      s2b_mag_m_q <= s2_mag_m_q;
    end
  end

  // ---- Stage 3: four 16x16 unsigned partial products (the DSP product registers) -------------------------
  logic [HalfBits-1:0] a_lo, a_hi, m_lo, m_hi;
  assign {a_hi, a_lo} = s2b_mag_a_q;
  assign {m_hi, m_lo} = s2b_mag_m_q;
  (* keep *) logic [qmac_pkg::AccBits-1:0] s3_ll_q, s3_lh_q, s3_hl_q, s3_hh_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s3_ll_q <= a_lo * m_lo;
      s3_lh_q <= a_lo * m_hi;
      s3_hl_q <= a_hi * m_lo;
      s3_hh_q <= a_hi * m_hi;
    end
  end

  // ---- Stages 4, 5a, 5b, 5: U = |a| * |M| = ll + (lh + hl) * 2^16 + hh * 2^32 in 16-bit columns ----------
  // No carry chain is longer than 18 bits (iCE40 Fmax):
  //   4:  p1 = lh[15:0] + hl[15:0], p2 = lh[31:16] + hl[31:16]
  //   5a: q1 = ll[31:16] + p1 (U[31:16], carry 0..2), q2 = hh[15:0] + p2
  //   5b: c2 = q2 + carry(q1) (U[47:32], carry 0..2); the SRDHM round increment's condition
  //   5:  U[63:48] = hh[31:16] + carry(c2); the lower half of h
  // Stage 3b: the products once more in flip-flops (xc7: the DSP48's PREG after MREG), so that no adder
  // sits behind a DSP output (iCE40: DSP clock-to-out plus route plus carry chain on one path).
  logic [qmac_pkg::AccBits-1:0] s3b_ll_q, s3b_lh_q, s3b_hl_q, s3b_hh_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s3b_ll_q <= s3_ll_q;
      s3b_lh_q <= s3_lh_q;
      s3b_hl_q <= s3_hl_q;
      s3b_hh_q <= s3_hh_q;
    end
  end

  logic [HalfBits:0]   s4_p1_q, s4_p2_q;
  logic [qmac_pkg::AccBits-1:0] s4_ll_q, s4_hh_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s4_p1_q <= (HalfBits+1)'(s3b_lh_q[HalfBits-1:0]) + (HalfBits+1)'(s3b_hl_q[HalfBits-1:0]);
      s4_p2_q <= (HalfBits+1)'(s3b_lh_q[qmac_pkg::AccBits-1:HalfBits]) + (HalfBits+1)'(s3b_hl_q[qmac_pkg::AccBits-1:HalfBits]);
      s4_ll_q <= s3b_ll_q;
      s4_hh_q <= s3b_hh_q;
    end
  end

  logic [HalfBits+1:0] s5a_q1_q, s5a_q2_q;
  logic [HalfBits-1:0] s5a_ll_q, s5a_hh_hi_q;
  logic                s5a_ll_nz_q;          // U[15:0] != 0
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s5a_q1_q    <= (HalfBits+2)'(s4_ll_q[qmac_pkg::AccBits-1:HalfBits]) + (HalfBits+2)'(s4_p1_q);
      s5a_q2_q    <= (HalfBits+2)'(s4_hh_q[HalfBits-1:0]) + (HalfBits+2)'(s4_p2_q);
      s5a_ll_q    <= s4_ll_q[HalfBits-1:0];
      s5a_hh_hi_q <= s4_hh_q[qmac_pkg::AccBits-1:HalfBits];
      s5a_ll_nz_q <= |s4_ll_q[HalfBits-1:0];
    end
  end

  // The double mode's SRDHM: h = floor((U + 2^30 - neg) / 2^31) = U[62:31] + inc with
  // inc = U[30] && (U[29:0] != 0 || !neg); U[31:0] is complete after stage 5a.
  logic [HalfBits+1:0]          s5b_c2_q;
  logic [qmac_pkg::AccBits-1:0] s5b_u_lo_q;      // U[31:0]
  logic [HalfBits-1:0]          s5b_hh_hi_q;
  logic                         s5b_inc_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s5b_c2_q    <= s5a_q2_q + (HalfBits+2)'(s5a_q1_q[HalfBits+1:HalfBits]);
      s5b_u_lo_q  <= {s5a_q1_q[HalfBits-1:0], s5a_ll_q};
      s5b_hh_hi_q <= s5a_hh_hi_q;
      s5b_inc_q   <= s5a_q1_q[14] && (s5a_ll_nz_q || |s5a_q1_q[13:0] || !s5a_neg);
    end
  end

  logic [HalfBits-1:0] s5_u_hi_q;        // U[63:48]
  logic [UBits-HalfBits-1:0] s5_u_lo_q;  // U[47:0]
  logic [HalfBits:0]   s5_h_lo_q;        // h[15:0] = U[46:31] + inc, and its carry
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s5_u_hi_q <= s5b_hh_hi_q + HalfBits'(s5b_c2_q[HalfBits+1:HalfBits]);
      s5_u_lo_q <= {s5b_c2_q[HalfBits-1:0], s5b_u_lo_q};
      s5_h_lo_q <= (HalfBits+1)'({s5b_c2_q[HalfBits-2:0], s5b_u_lo_q[qmac_pkg::AccBits-1]}) + (HalfBits+1)'(s5b_inc_q);
    end
  end
  logic unused_c2;
  assign unused_c2 = s5b_c2_q[HalfBits-1];   // U[47] enters h through s5_u_lo_q

  // ---- Stage 6: upper half of h, saturation, X for the final rounding shift ------------------------------
  // h[31:16] = U[62:47] + carry; h[31] is set only on the overflow (h = 2^31), which saturates to 2^31 - 1.
  logic [HalfBits-1:0] h_hi;
  logic [30:0]         h_sat;      // |h| saturated; bit 31 is always 0 after saturation
  always_comb begin
    h_hi  = {s5_u_hi_q[HalfBits-2:0], s5_u_lo_q[UBits-HalfBits-1]} + HalfBits'(s5_h_lo_q[HalfBits]);
    h_sat = {h_hi[HalfBits-2:0], s5_h_lo_q[HalfBits-1:0]} | {31{s5_ovf}};
  end
  logic unused_h;
  assign unused_h = ^{h_hi[HalfBits-1], s5_u_hi_q[HalfBits-1]};  // h[31] = overflow; U < 2^63

  logic [UBits-1:0]  s6_x_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s6_x_q <= s5_double ? {2'b0, h_sat, 31'b0} : {s5_u_hi_q, s5_u_lo_q};
    end
  end

  // ---- Stages 7 and 8: quotient = floor(X / 2^n) + carry, no wide adder ---------------------------------
  // floor((X + c) / 2^n) = floor(X / 2^n) + carry, with G = X[n-1] (the round bit) and S = |X[n-2:0]
  // (the sticky bits):  single: carry = G && (S || !neg)   (c = 2^(n-1) - neg)
  //                     double: carry = G                  (c = 2^(n-1))
  //                     truncate: carry = 0;  n = 0: G = S = 0, carry = 0.
  // A right shifter on Y = {X, 0} by n gives the quotient in Y[MagBits:1] and G in Y[0]; the bits it
  // shifts out at the bottom OR into S, those beyond the window at the top into `over` (saturation).
  // Stage 7 shifts by n[5:3], stage 8c by n[2:0], stage 8a saturates and rounds, stage 8 applies the sign.
  // Stage 6b registers Y and the OR of each of its bytes (and of each byte's bits [7:3]), so that stage 7's
  // sticky and saturation bits are a selection over nine byte flags instead of a wide OR tree.
  localparam int YBits  = UBits + 1;
  localparam int YBytes = (YBits + 7) / 8;
  localparam int Win7   = MagBits + 1 + 7;   // bits still needed after shifting by n[5:3]
  logic [8*YBytes-1:0] y6;
  assign y6 = (8*YBytes)'({s6_x_q, 1'b0});
  logic [8*YBytes-1:0] s6b_y_q;
  logic [YBytes-1:0]   s6b_byte_q, s6b_top_q;   // |Y[8j+7:8j], |Y[8j+7:8j+3]
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s6b_y_q <= y6;
      for (int j = 0; j < YBytes; j++) begin
        s6b_byte_q[j] <= |y6[8*j +: 8];
        s6b_top_q[j]  <= |y6[8*j+3 +: 5];
      end
    end
  end

  // Stage 7: shift by 8k (k = n[5:3]); sticky = |Y[8k-1:0]; over = |Y[top:8k+Win7] (beyond the window).
  logic [Win7-1:0] y7;
  logic            over7, sticky7;
  logic [2:0]      k7;
  assign k7 = s6b_n[5:3];
  logic [YBytes-1:0] lo_mask7, hi_mask7, top_mask7;   // bytes below 8k, from 8k+24 up, byte k+2
  assign lo_mask7  = ~({YBytes{1'b1}} << k7);
  assign hi_mask7  = {{(YBytes-3){1'b1}}, 3'b000} << k7;
  assign top_mask7 = YBytes'(3'b100) << k7;
  assign y7        = Win7'(s6b_y_q >> {k7, 3'b000});
  assign sticky7   = |(s6b_byte_q & lo_mask7);
  assign over7     = |(s6b_byte_q & hi_mask7) || |(s6b_top_q & top_mask7);

  logic [Win7-1:0] s7_y_q;
  logic            s7_over_q, s7_sticky_q, s7_single_q, s7_trunc_q, s7_even_q, s7_neg_q;
  logic [2:0]      s7_n_lo_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s7_y_q      <= y7;
      s7_over_q   <= over7;
      s7_sticky_q <= sticky7;
      s7_n_lo_q   <= s6b_n[2:0];
      s7_single_q <= s6b_single;
      s7_even_q   <= s6b_even;
      s7_trunc_q  <= s6b_trunc;
      s7_neg_q    <= s6b_neg;
    end
  end

  // Stage 8c: the last shift, by r = n[2:0]: quotient and G = (Y' >> r)[MagBits:0]; the r bits shifted out
  // join the sticky bit, the bits from r + MagBits + 1 up the saturation bit (masks, no OR chains).
  localparam int WinHi = Win7 - (MagBits + 1);
  logic [MagBits:0]   q8c;
  logic [Win7-1:0]    sticky_mask8c, over_mask8c;
  assign q8c           = (MagBits+1)'(s7_y_q >> s7_n_lo_q);
  assign sticky_mask8c = ~({Win7{1'b1}} << s7_n_lo_q);
  assign over_mask8c   = {{WinHi{1'b1}}, {(MagBits+1){1'b0}}} << s7_n_lo_q;
  logic [MagBits:0] s8c_q_q;      // {quotient, G}
  logic             s8c_over_q, s8c_sticky_q, s8c_single_q, s8c_trunc_q, s8c_even_q, s8c_neg_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s8c_q_q      <= q8c;
      s8c_over_q   <= s7_over_q || |(s7_y_q & over_mask8c);
      s8c_sticky_q <= s7_sticky_q || |(s7_y_q & sticky_mask8c);
      s8c_single_q <= s7_single_q;
      s8c_even_q   <= s7_even_q;
      s8c_trunc_q  <= s7_trunc_q;
      s8c_neg_q    <= s7_neg_q;
    end
  end

  // Stage 8a: saturation and the carry; stage 8: the sign, +-(mag + carry) being
  // (mag ^ {neg}) + (carry ^ neg) in two's complement, one adder.
  logic [MagBits-1:0] mag8;
  logic               carry8;
  assign mag8   = s8c_over_q ? '1 : s8c_q_q[MagBits:1];
  // single: ties up (away from zero in magnitude only when positive); single_even: ties to the even
  // quotient (s8c_q_q[1] is its LSB); double: ties away from zero.
  assign carry8 = !s8c_trunc_q && s8c_q_q[0] &&
                  (s8c_sticky_q || (s8c_even_q ? s8c_q_q[1] : !(s8c_single_q && s8c_neg_q)));

  logic [MagBits-1:0] s8a_mag_q;
  logic               s8a_inc_q, s8a_neg_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s8a_mag_q <= mag8;
      s8a_inc_q <= carry8 ^ s8c_neg_q;
      s8a_neg_q <= s8c_neg_q;
    end
  end

  logic signed [SumBits-1:0] s8_q_q;
  always_ff @(posedge clk_i) begin
    if (en_i) s8_q_q <= (SumBits'(s8a_mag_q) ^ {SumBits{s8a_neg_q}}) + SumBits'(s8a_inc_q);
  end

  // ---- Stage 9: zero point and the clamp's comparisons; stage 10: clamp -----------------------------------
  // q + zp < min <=> q + (zp - min) < 0 and q + zp > max <=> q + (zp - max - 1) >= 0 (both constants from
  // stage 8a): the comparisons are the sign bits of two adds beside the zero-point add, not after it.
  logic signed [OutW-1:0]    s9_sum_q;
  logic                      s9_lt_q, s9_gt_q;
  logic signed [SumBits-1:0] lt_sum, gt_sum;   // |q| <= 2048, |bound| <= 512: exact in SumBits
  assign lt_sum = s8_q_q + SumBits'(s8_lo_lim);
  assign gt_sum = s8_q_q + SumBits'(s8_hi_lim);
  logic signed [OutW-1:0]    s10_y_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s9_sum_q <= OutW'(s8_q_q) + s8_zero_point;
      s9_lt_q  <= lt_sum[SumBits-1];
      s9_gt_q  <= !gt_sum[SumBits-1];
      if (s9_lt_q)      s10_y_q <= s9_min;
      else if (s9_gt_q) s10_y_q <= s9_max;
      else              s10_y_q <= s9_sum_q;
    end
  end
  assign y_o = s10_y_q;

  // ---- Side band: mode flags, n, sign and output stage, delayed to the stage that uses them -----------
  // A signal sK_* is aligned with the stage-K registers sK_*_q.
  logic s5a_neg, s5_double, s5_ovf, s6b_single, s6b_trunc, s6b_even, s6b_neg;
  logic [NBits-1:0] s6b_n;
  logic [OutSideW-1:0] s8a_out;
  logic signed [OutW-1:0] s8a_zero_point, s8a_min, s8a_max;
  assign {s8a_zero_point, s8a_min, s8a_max} = s8a_out;
  logic [OutSideW+2*LimW-1:0] s8_out;
  logic signed [OutW-1:0] s8_zero_point, s8_min, s8_max;
  logic signed [LimW-1:0] s8_lo_lim, s8_hi_lim;
  assign {s8_zero_point, s8_min, s8_max, s8_lo_lim, s8_hi_lim} = s8_out;
  logic [2*OutW-1:0] s9_bounds;
  logic signed [qmac_pkg::OutParamBits-1:0] s9_min, s9_max;
  assign {s9_min, s9_max} = s9_bounds;

  // Flags from stage 1: double (needed at the stage-6 input = s5), single/trunc/even and n (needed at s6b).
  qmac_delay #(.Width(1), .Depth(9)) u_double_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s1_double_q), .data_o(s5_double));
  qmac_delay #(.Width(3 + NBits), .Depth(11)) u_mode_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i({s1_single_q, s1_trunc_q, s1_even_q, s1_n_q}), .data_o({s6b_single, s6b_trunc, s6b_even, s6b_n}));
  // Sign and overflow from stage 2a.
  qmac_delay #(.Width(1), .Depth(6)) u_neg5a_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s2a_neg_q), .data_o(s5a_neg));
  qmac_delay #(.Width(1), .Depth(4)) u_neg6b_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s5a_neg), .data_o(s6b_neg));
  qmac_delay #(.Width(1), .Depth(8)) u_ovf5_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s2a_ovf_q), .data_o(s5_ovf));
  // Output stage from stage 1.
  // The clamp bounds minus the zero point are formed one stage before use (a narrower delay line).
  qmac_delay #(.Width(OutSideW), .Depth(14)) u_out8a_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s1_out_q), .data_o(s8a_out));
  qmac_delay #(.Width(OutSideW + 2 * LimW), .Depth(1)) u_out8_d (
    .clk_i, .rst_i(1'b0), .en_i,
    .data_i({s8a_out, LimW'(s8a_zero_point) - LimW'(s8a_min), LimW'(s8a_zero_point) - LimW'(s8a_max) - LimW'(1)}),
    .data_o(s8_out));
  qmac_delay #(.Width(2 * OutW), .Depth(1)) u_out9_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i({s8_min, s8_max}), .data_o(s9_bounds));

endmodule
