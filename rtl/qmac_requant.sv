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
// How: every mode is computed in sign-magnitude. U = |a| * |M| is an unsigned 32x32 product built from
// four registered partial products (one DSP each). With neg = sign(a) xor sign(M) the result is
// sign * floor((X + c) / 2^n), n = 31 - s in every mode:
//   single:   X = U,              c = 2^(n-1) - neg   (ties toward +inf, in magnitude terms)
//   truncate: X = U,              c = 0               (toward zero)
//   single_even: X = U,           ties to even        (symmetric in magnitude terms)
//   double, s < 0: X = h * 2^31,  c = 2^(n-1)         (RoundingDivideByPOT: ties away from 0)
//             h = floor((U + 2^30 - neg) / 2^31) (SRDHM; its one overflow h = 2^31, a = M = INT32_MIN,
//             needs no saturation: it rounds as 2^31 - 1 would).
//   double, s >= 0 (l = s, r = 0): acc << l wraps to a_w = a * 2^l with a = acc's low 32 - l bits
//             sign-extended; floor((|a| |M| 2^l + 2^30 - neg) / 2^31) = floor((U + 2^(n-1) - neg) / 2^n)
//             with U = |a| |M|: the single mode on a. So no left shifter: a mask and a sign bit.
// The quotient is saturated to 10 bits of magnitude: any |v| >= 1023 clamps to the same code as the
// golden model's int32 value, because zero point and bounds lie in [-256, 255].
//
// Latency: qmac_pkg::RequantLatency (20) cycles of en_i. Data registers carry no reset (validity is tracked by the caller).
// Pipelined for iCE40 Fmax: no carry chain is longer than 18 bits, no stage has more than about three LUT
// levels, every chain starts and ends at fabric flip-flops (not at a DSP port), and no pipeline
// enable or decoded mode sits in front of a flip-flop's reset net (DspCascade = 0). Stages: 1z decode;
// 1a mask of the surviving bits and sign of acc << l; 1 complement; 2a, 2 magnitudes; 2b DSP operands;
// DspCascade = 0: 3 products; 3b products again; 4, 5a, 5b, 5 U in 16-bit columns (5b: SRDHM round
// condition, 5: lower half of h); 6 upper half of h, X. DspCascade = 1 (xc7): 3, 3b, 4, 5a the DSP48E1
// cascade P0..P3 (U + SRDHM's 2^30 - neg through P0's C port); 5b, 5 copies; 6 X; 6b Y and its byte
// flags; 7 shift by n[5:3]; 8c shift by n[2:0]; 8a saturation and carry; 8 sign; 9 zero point and clamp
// comparisons; 10 clamp.
module qmac_requant #(
  // 0 (default, iCE40): partial products summed in fabric, <= 18-bit carry chains (iCE40 Fmax).
  // 1 (xc7/xcup, scripts/synth): 17/15-bit operand split, partial products summed in the DSP48
  // post-adders through the PCIN (>> 17) cascade: no fabric adders for U. Same latency and results.
  parameter bit DspCascade = 1'b0
) (
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
  localparam int MagBits  = 10;              // saturated |quotient|: 1023 is beyond every clamp
  localparam int HalfBits = qmac_pkg::AccBits / 2;     // 16x16 partial products
  localparam int UBits    = 2 * qmac_pkg::AccBits;     // |a| * |M| <= 2^62
  localparam int NBits    = qmac_pkg::ShiftBits;       // n in [0, 63]
  localparam int SumBits  = MagBits + 2;     // +-1023 + zero point or clamp bound
  localparam int OutW     = qmac_pkg::OutParamBits;
  localparam int LimW     = OutW + 1;       // clamp bound minus zero point
  localparam int OutSideW = 3 * OutW;

  // Elaboration-time width checks (Icarus 11 cannot parse $error in a generate block).
`ifndef __ICARUS__
  if (qmac_pkg::AccBits != 32 || qmac_pkg::MultiplierBits != 32) begin : gen_check_width
    $error("qmac_requant: the partial-product split assumes a 32-bit accumulator and multiplier");
  end
  if ((1 << MagBits) - 1 < 2 * (1 << (qmac_pkg::OutParamBits - 1))) begin : gen_check_mag
    $error("qmac_requant: MagBits must exceed the output parameter range");
  end
  if (MagBits + 1 + 7 <= 16 || MagBits + 1 + 7 > 23) begin : gen_check_window
    $error("qmac_requant: the stage-7 window must end inside byte k+2 (byte flags)");
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
    // The double mode with s >= 0 is the single mode on acc << s (see the header): only s < 0 takes h.
    is_double = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundDouble)) && shift_i[qmac_pkg::ShiftBits-1];
    is_single = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundSingle))
             || ((rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundDouble)) && !shift_i[qmac_pkg::ShiftBits-1]);
    is_trunc  = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundTruncate));
    is_even   = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundSingleEven));
    // an AND, not a mux: no reset net
    left      = shift_i[4:0] & {5{(rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundDouble))
                                  && !shift_i[qmac_pkg::ShiftBits-1]}};
    // n = 31 - s in every mode (double, s < 0: 31 + r; mod 2^NBits: exact for every shift in [-32, 31])
    n         = NBits'(31) - NBits'(shift_i);
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
  logic [qmac_pkg::AccBits-1:0]          s1a_keep_q;   // bit i: i + left <= 31 (survives the shift)
  logic                                  s1a_sign_q;   // sign of acc << left = acc[31 - left]
  logic [qmac_pkg::MultiplierBits-1:0]   s1a_m_q;
  logic [NBits-1:0] s1a_n_q;
  logic          s1a_double_q, s1a_single_q, s1a_trunc_q, s1a_even_q;
  logic [OutSideW-1:0] s1a_out_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s1a_a_q      <= s1z_a_q;
      s1a_keep_q   <= {qmac_pkg::AccBits{1'b1}} >> s1z_left_q;
      s1a_sign_q   <= s1z_a_q[5'(qmac_pkg::AccBits - 1) - s1z_left_q];
      s1a_m_q      <= s1z_m_q;
      s1a_n_q      <= s1z_n_q;
      s1a_double_q <= s1z_double_q;
      s1a_single_q <= s1z_single_q;
      s1a_even_q   <= s1z_even_q;
      s1a_trunc_q  <= s1z_trunc_q;
      s1a_out_q    <= s1z_out_q;
    end
  end

  // Stage 1 complements negative values (the first half of |v| = (v ^ sign) + sign), so that stage
  // 2a's carry chain starts from flip-flops. The accumulator's value is a_w = acc << l (wrapping) divided by
  // 2^l, i.e. acc's low 32 - l bits sign-extended from bit 31 - l: (a_w ^ sign) keeps the bits that survive
  // the shift and clears the others.
  logic [qmac_pkg::AccBits-1:0]          s1_a_q;   // a ^ {sign}
  logic [qmac_pkg::MultiplierBits-1:0]   s1_m_q;   // M ^ {sign}
  logic                                  s1_sign_a_q, s1_sign_m_q;
  logic [NBits-1:0] s1_n_q;
  logic          s1_double_q, s1_single_q, s1_trunc_q, s1_even_q;
  logic [OutSideW-1:0] s1_out_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s1_a_q      <= (s1a_a_q ^ {qmac_pkg::AccBits{s1a_sign_q}}) & s1a_keep_q;
      s1_m_q      <= s1a_m_q ^ {qmac_pkg::MultiplierBits{s1a_m_q[qmac_pkg::MultiplierBits-1]}};
      s1_sign_a_q <= s1a_sign_q;
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
  logic                s2a_neg_q;
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

  // X, the dividend of the final rounding shift (stage 6): U, or h * 2^31 in the double mode with s < 0.
  logic [UBits-1:0]  s6_x_q;

  if (!DspCascade) begin : gen_fabric_sum
    // U = |a| * |M|, its lower part and h's lower half, all aligned with stage 5 (s5_*_q).
    logic [HalfBits-1:0] s5_u_hi_q;        // U[63:48]
    logic [UBits-HalfBits-1:0] s5_u_lo_q;  // U[47:0]
    logic [HalfBits:0]   s5_h_lo_q;        // h[15:0] = U[46:31] + inc, and its carry

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

    always_ff @(posedge clk_i) begin
      if (en_i) begin
        s5_u_hi_q <= s5b_hh_hi_q + HalfBits'(s5b_c2_q[HalfBits+1:HalfBits]);
        s5_u_lo_q <= {s5b_c2_q[HalfBits-1:0], s5b_u_lo_q};
        s5_h_lo_q <= (HalfBits+1)'({s5b_c2_q[HalfBits-2:0], s5b_u_lo_q[qmac_pkg::AccBits-1]}) + (HalfBits+1)'(s5b_inc_q);
      end
    end
    logic unused_c2;
    assign unused_c2 = s5b_c2_q[HalfBits-1];   // U[47] enters h through s5_u_lo_q
    // ---- Stage 6: upper half of h, X for the final rounding shift ------------------------------
    // h[31:16] = U[62:47] + carry; h[31] is set only on SRDHM's overflow (h = 2^31, a = M = INT32_MIN), which
    // needs no saturation here: 2^31 and 2^31 - 1 give the same RoundingDivideByPOT for every r >= 1, and
    // both saturate the 10-bit quotient for r = 0.
    logic [HalfBits-1:0] h_hi;
    logic [qmac_pkg::AccBits-1:0] h;   // h <= 2^31
    always_comb begin
      h_hi  = {s5_u_hi_q[HalfBits-2:0], s5_u_lo_q[UBits-HalfBits-1]} + HalfBits'(s5_h_lo_q[HalfBits]);
      h     = {h_hi, s5_h_lo_q[HalfBits-1:0]};
    end
    logic unused_h;
    assign unused_h = s5_u_hi_q[HalfBits-1];  // U <= 2^62

    always_ff @(posedge clk_i) begin
      if (en_i) begin
        s6_x_q <= s5_double ? {1'b0, h, 31'b0} : {s5_u_hi_q, s5_u_lo_q};
      end
    end
  end else begin : gen_dsp_sum
    // U = ll + (lh + hl) 2^17 + hh 2^34 with |a| = {ahi (15 bits), alo (17 bits)}, same for |M|; each
    // partial product fits a DSP48 multiplier as a signed 18x18 (25x18) product. The sums run in the
    // post-adders: P0 = ll (t1), P1 = lh + (P0 >> 17) (t2), P2 = hl + P1 (t3), P3 = hh + (P2 >> 17) (t4),
    // t0 being the operand registers (stage 2b); operands of later DSPs are delayed to match.
    // U[16:0] = P0[16:0], U[33:17] = P2[16:0], U[63:34] = P3 (all plus c0, below).
    localparam int LoBits = 17;
    localparam int HiBits = qmac_pkg::AccBits - LoBits;
    logic [LoBits-1:0] alo, mlo;
    logic [HiBits-1:0] ahi, mhi;
    assign {ahi, alo} = s2b_mag_a_q;
    assign {mhi, mlo} = s2b_mag_m_q;
    // c0 = 2^30 - neg in the double mode with s < 0 (SRDHM's rounding constant), else 0; aligned with 2b.
    logic c0_double, c0_neg;
    logic [30:0] c0;
    qmac_delay #(.Width(1), .Depth(3)) u_c0_double_d (
      .clk_i, .rst_i(1'b0), .en_i, .data_i(s1_double_q), .data_o(c0_double));
    qmac_delay #(.Width(1), .Depth(2)) u_c0_neg_d (
      .clk_i, .rst_i(1'b0), .en_i, .data_i(s2a_neg_q), .data_o(c0_neg));
    assign c0 = {c0_double && !c0_neg, {30{c0_double && c0_neg}}};
    logic [2*LoBits:0]            c1_p0_q;   // < 2^34 + 2^30
    logic [LoBits+HiBits:0]       c2_p1_q;   // < 2^33
    logic [LoBits+HiBits+1:0]     c3_p2_q;   // < 2^34
    logic [UBits-2*LoBits-1:0]    c4_p3_q;   // U[63:34]
    logic [LoBits-1:0]            c1_mlo_q, c2_mlo_q;
    logic [HiBits-1:0]            c1_ahi_q, c2_ahi_q, c3_ahi_q, c1_mhi_q, c2_mhi_q, c3_mhi_q;
    logic [LoBits-1:0]            c1_alo_q;
    logic [LoBits-1:0]            c2_u0_q, c3_u0_q, c4_u0_q;   // U[16:0]
    logic [LoBits-1:0]            c4_u1_q;                     // U[33:17]
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
        c2_u0_q  <= c1_p0_q[LoBits-1:0];
        c3_p2_q  <= (LoBits+HiBits+2)'(c2_ahi_q) * (LoBits+HiBits+2)'(c2_mlo_q) + (LoBits+HiBits+2)'(c2_p1_q);
        c3_ahi_q <= c2_ahi_q;
        c3_mhi_q <= c2_mhi_q;
        c3_u0_q  <= c2_u0_q;
        c4_p3_q  <= (UBits-2*LoBits)'(c3_ahi_q) * (UBits-2*LoBits)'(c3_mhi_q) + (UBits-2*LoBits)'(c3_p2_q >> LoBits);
        c4_u1_q  <= c3_p2_q[LoBits-1:0];
        c4_u0_q  <= c3_u0_q;
      end
    end
    logic [UBits-1:0] u4;   // aligned with stage 5a
    assign u4 = {c4_p3_q, c4_u1_q, c4_u0_q};

    // Stages 5b and 5: U copied. Stage 6: X. The double mode's SRDHM rounding constant 2^30 - neg entered
    // P0 through the C port (c0 = 0 in the other modes), so h = U'[62:31] with U' = U + 2^30 - neg and
    // X = h * 2^31 is U' with its low 31 bits cleared: no fabric adder for h.
    // X's low 31 bits are cleared through the flip-flops' synchronous reset (en_i && double: one shared
    // gate on xc7's FDRE R, instead of an AND per bit; this variant is not for iCE40).
    logic [UBits-2:0] c5b_u_q, c5_u_q;
    always_ff @(posedge clk_i) begin
      if (en_i) begin
        c5b_u_q <= u4[UBits-2:0];
        c5_u_q  <= c5b_u_q;
        s6_x_q[UBits-1:31] <= {1'b0, c5_u_q[UBits-2:31]};
      end
    end
    always_ff @(posedge clk_i) begin
      if (en_i && s5_double) s6_x_q[30:0] <= '0;
      else if (en_i)         s6_x_q[30:0] <= c5_u_q[30:0];
    end
    logic unused_u;
    assign unused_u = ^{u4[UBits-1], c1_p0_q, c3_p2_q[LoBits+HiBits+1], s5a_neg};
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
  localparam int TopLo  = Win7 - 16;         // byte k+2's bits from TopLo up lie beyond the window
  logic [8*YBytes-1:0] y6;
  assign y6 = (8*YBytes)'({s6_x_q, 1'b0});
  logic [8*YBytes-1:0] s6b_y_q;
  logic [YBytes-1:0]   s6b_byte_q, s6b_top_q;   // |Y[8j+7:8j], |Y[8j+7:8j+TopLo]
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s6b_y_q <= y6;
      for (int j = 0; j < YBytes; j++) begin
        s6b_byte_q[j] <= |y6[8*j +: 8];
        s6b_top_q[j]  <= |y6[8*j+TopLo +: 8-TopLo];
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
  logic signed [SumBits-1:0] lt_sum, gt_sum;   // |q| <= 1024, |bound| <= 512: exact in SumBits
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
  logic s5a_neg, s5_double, s6b_single, s6b_trunc, s6b_even, s6b_neg;
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
  // Sign from stage 2a.
  qmac_delay #(.Width(1), .Depth(6)) u_neg5a_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s2a_neg_q), .data_o(s5a_neg));
  qmac_delay #(.Width(1), .Depth(4)) u_neg6b_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s5a_neg), .data_o(s6b_neg));
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
