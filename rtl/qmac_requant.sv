// qmac_requant: int32 accumulator -> clamped output code, bit-exact with golden::requantize_fixed.
//
//   y = clamp(requant(acc, multiplier, shift, rounding) + out_zero_point, out_min, out_max)
//
// rounding (qmac_pkg): RoundDouble  = golden::requantize_tflite        RDBPOT(SRDHM(acc << l, M), r)
//                      RoundSingle  = golden::requantize_tflite_single (acc * M + 2^(30-s)) >> (31-s)
//                      RoundTruncate = golden::requantize_truncate      trunc(acc * M / 2^(31-s))
//                      RoundReserved behaves as RoundDouble.
// with l = max(s, 0), r = max(-s, 0).
//
// How: every mode is computed in sign-magnitude. U = |a| * |M| (a = acc, or acc << l wrapping, in the
// double mode) is an unsigned 32x32 product built from four registered 16x16 unsigned products (one DSP
// each on xc7 and iCE40). With neg = sign(a) xor sign(M) the result is sign * floor((X + c) / 2^n):
//   single:   X = U,              n = 31 - s, c = 2^(n-1) - neg   (ties toward +inf, in magnitude terms)
//   truncate: X = U,              n = 31 - s, c = 0               (toward zero)
//   double:   X = h * 2^31,       n = 31 + r, c = 2^(n-1)         (RoundingDivideByPOT: ties away from 0)
//             h = floor((U + 2^30 - neg) / 2^31), saturated to 2^31 - 1 when positive (SRDHM's one
//             overflow, a = M = INT32_MIN).
// The quotient is saturated to 11 bits of magnitude: any |v| >= 2047 clamps to the same code as the
// golden model's int32 value, because zero point and bounds lie in [-128, 255].
//
// Latency: qmac_pkg::RequantLatency (13) cycles of en_i. Data registers carry no reset (validity is tracked by the caller).
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

  // ---- Stage 1: decode the mode; the double mode's wrapping left shift ---------------------------------
  logic is_double, is_single, is_trunc;
  logic [4:0] left;
  logic [NBits-1:0] n;
  always_comb begin
    is_double = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundDouble)) || (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundReserved));
    is_single = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundSingle));
    is_trunc  = (rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundTruncate));
    left      = (is_double && !shift_i[qmac_pkg::ShiftBits-1]) ? shift_i[4:0] : 5'd0;
    // double: n = 31 + max(-s, 0); single, truncate: n = 31 - s
    // (mod 2^NBits: exact for every shift in [-32, 31])
    n         = NBits'(31) - ((is_double && !shift_i[qmac_pkg::ShiftBits-1]) ? '0 : NBits'(shift_i));
  end

  logic signed [qmac_pkg::AccBits-1:0]          s1_a_q;
  logic signed [qmac_pkg::MultiplierBits-1:0]   s1_m_q;
  logic [NBits-1:0] s1_n_q;
  logic          s1_double_q, s1_single_q, s1_trunc_q;
  logic [3*OutW-1:0] s1_out_q;   // {zero point, min, max}
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s1_a_q      <= acc_i << left;
      s1_m_q      <= multiplier_i;
      s1_n_q      <= n;
      s1_double_q <= is_double;
      s1_single_q <= is_single;
      s1_trunc_q  <= is_trunc;
      s1_out_q    <= {out_zero_point_i, out_min_i, out_max_i};
    end
  end

  // ---- Stage 2: magnitudes and sign (the DSP operand registers) ------------------------------------------
  logic [qmac_pkg::AccBits-1:0] s2_mag_a_q, s2_mag_m_q;
  logic               s2_neg_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s2_mag_a_q <= s1_a_q[qmac_pkg::AccBits-1] ? qmac_pkg::AccBits'(-s1_a_q) : qmac_pkg::AccBits'(s1_a_q);
      s2_mag_m_q <= s1_m_q[qmac_pkg::AccBits-1] ? qmac_pkg::AccBits'(-s1_m_q) : qmac_pkg::AccBits'(s1_m_q);
      s2_neg_q   <= s1_a_q[qmac_pkg::AccBits-1] ^ s1_m_q[qmac_pkg::AccBits-1];
    end
  end

  // ---- Stage 3: four 16x16 unsigned partial products (the DSP product registers) -------------------------
  logic [HalfBits-1:0] a_lo, a_hi, m_lo, m_hi;
  assign {a_hi, a_lo} = s2_mag_a_q;
  assign {m_hi, m_lo} = s2_mag_m_q;
  (* keep *) logic [qmac_pkg::AccBits-1:0] s3_ll_q, s3_lh_q, s3_hl_q, s3_hh_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s3_ll_q <= a_lo * m_lo;
      s3_lh_q <= a_lo * m_hi;
      s3_hl_q <= a_hi * m_lo;
      s3_hh_q <= a_hi * m_hi;
    end
  end

  // ---- Stage 4: middle terms; stages 5a and 5: U = |a| * |M| -------------------------------------------
  // U = {hh, ll} + mid * 2^16 is added in two registered halves (bits [31:16] in stage 5a, bits [63:32]
  // with the carry in stage 5), so that no carry chain is longer than 33 bits (iCE40 Fmax).
  logic [qmac_pkg::AccBits:0]   s4_mid_q;
  logic [UBits-1:0]   s4_outer_q;
  logic [HalfBits:0]  s5a_lo_q;        // U[31:16] and its carry
  logic [HalfBits-1:0] s5a_ll_q;       // U[15:0]
  logic [qmac_pkg::AccBits-1:0] s5a_hh_q;
  logic [HalfBits:0]  s5a_mid_hi_q;    // mid[32:16]
  logic [UBits-1:0]   s5_u_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s4_mid_q     <= (qmac_pkg::AccBits+1)'(s3_lh_q) + (qmac_pkg::AccBits+1)'(s3_hl_q);
      s4_outer_q   <= {s3_hh_q, s3_ll_q};
      s5a_lo_q     <= (HalfBits+1)'(s4_outer_q[2*HalfBits-1:HalfBits]) + (HalfBits+1)'(s4_mid_q[HalfBits-1:0]);
      s5a_ll_q     <= s4_outer_q[HalfBits-1:0];
      s5a_hh_q     <= s4_outer_q[UBits-1:qmac_pkg::AccBits];
      s5a_mid_hi_q <= s4_mid_q[qmac_pkg::AccBits:HalfBits];
      s5_u_q       <= {s5a_hh_q + qmac_pkg::AccBits'(s5a_mid_hi_q) + qmac_pkg::AccBits'(s5a_lo_q[HalfBits]),
                       s5a_lo_q[HalfBits-1:0], s5a_ll_q};
    end
  end

  // ---- Stages 6a and 6: the double mode's SRDHM, X for the final rounding shift --------------------------
  // h = floor((U + 2^30 - neg) / 2^31) = U[62:31] + inc with inc = U[30] && (U[29:0] != 0 || !neg);
  // stage 6a finds inc (an OR tree), stage 6 adds it (one 32-bit increment).
  logic [UBits-1:0] s6a_u_q;
  logic             s6a_inc_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s6a_u_q   <= s5_u_q;
      s6a_inc_q <= s5_u_q[30] && (|s5_u_q[29:0] || !s5_neg);
    end
  end

  logic [qmac_pkg::AccBits-1:0] h;           // |h| before saturation, <= 2^31 (U <= 2^62)
  logic [qmac_pkg::AccBits-1:0] h_sat;       // |h|, saturated to 2^31 - 1 when positive
  logic               srdhm_overflow;
  always_comb begin
    h              = s6a_u_q[UBits-2:31] + qmac_pkg::AccBits'(s6a_inc_q);
    srdhm_overflow = !s6a_neg && h[qmac_pkg::AccBits-1];
    h_sat          = srdhm_overflow ? 32'h7fff_ffff : h;
  end
  logic unused_u_msb;
  assign unused_u_msb = s6a_u_q[UBits-1];  // U <= 2^62

  logic [UBits-1:0]  s6_x_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s6_x_q <= s6a_double ? {1'b0, h_sat, 31'b0} : s6a_u_q;
    end
  end

  // ---- Stages 7 and 8: quotient = floor(X / 2^n) + carry, no wide adder ---------------------------------
  // floor((X + c) / 2^n) = floor(X / 2^n) + carry, with G = X[n-1] (the round bit) and S = |X[n-2:0]
  // (the sticky bits):  single: carry = G && (S || !neg)   (c = 2^(n-1) - neg)
  //                     double: carry = G                  (c = 2^(n-1))
  //                     truncate: carry = 0;  n = 0: G = S = 0, carry = 0.
  // A right shifter on Y = {X, 0} by n gives the quotient in Y[MagBits:1] and G in Y[0]; the bits it
  // shifts out at the bottom OR into S, those beyond the window at the top into `over` (saturation).
  // Stage 7 shifts by n[5:3], stage 8a by n[2:0], stage 8 applies the sign.
  localparam int YBits  = UBits + 1;
  localparam int Win7   = MagBits + 1 + 7;   // bits still needed after shifting by n[5:3]
  logic [Win7-1:0] y7;
  logic            over7, sticky7;
  always_comb begin
    logic [YBits-1:0] v;
    v       = {s6_x_q, 1'b0};
    over7   = 1'b0;
    sticky7 = 1'b0;
    for (int b = NBits - 1; b >= 3; b--) begin
      if (s6_n[b]) begin
        for (int i = 0; i < (1 << b); i++) sticky7 = sticky7 | v[i];
        v = v >> (1 << b);
      end
      // After this step at most 2^b - 1 more bits are shifted out: keep MagBits + 1 + 2^b - 1 bits.
      for (int i = MagBits + (1 << b); i < YBits; i++) begin
        over7 = over7 | v[i];
        v[i]  = 1'b0;
      end
    end
    y7 = v[Win7-1:0];
  end

  logic [Win7-1:0] s7_y_q;
  logic            s7_over_q, s7_sticky_q, s7_single_q, s7_trunc_q, s7_neg_q;
  logic [2:0]      s7_n_lo_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s7_y_q      <= y7;
      s7_over_q   <= over7;
      s7_sticky_q <= sticky7;
      s7_n_lo_q   <= s6_n[2:0];
      s7_single_q <= s6_single;
      s7_trunc_q  <= s6_trunc;
      s7_neg_q    <= s6_neg;
    end
  end

  // Stage 8: the last three shift steps and the carry; stage 8b: the sign, +-(mag + carry) being
  // (mag ^ {neg}) + (carry ^ neg) in two's complement, one adder.
  logic [MagBits-1:0] mag8;
  logic               carry8;
  always_comb begin
    logic [Win7-1:0]    v;
    logic               over, sticky;
    v      = s7_y_q;
    over   = s7_over_q;
    sticky = s7_sticky_q;
    for (int b = 2; b >= 0; b--) begin
      if (s7_n_lo_q[b]) begin
        for (int i = 0; i < (1 << b); i++) sticky = sticky | v[i];
        v = v >> (1 << b);
      end
      for (int i = MagBits + (1 << b); i < Win7; i++) begin
        over = over | v[i];
        v[i] = 1'b0;
      end
    end
    // v[0] is G; v[MagBits:1] the truncated quotient.
    mag8   = over ? '1 : v[MagBits:1];
    carry8 = !s7_trunc_q && v[0] && (sticky || !(s7_single_q && s7_neg_q));
  end

  logic [MagBits-1:0] s8a_mag_q;
  logic               s8a_inc_q, s8a_neg_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s8a_mag_q <= mag8;
      s8a_inc_q <= carry8 ^ s7_neg_q;
      s8a_neg_q <= s7_neg_q;
    end
  end

  logic signed [SumBits-1:0] s8_q_q;
  always_ff @(posedge clk_i) begin
    if (en_i) s8_q_q <= (SumBits'(s8a_mag_q) ^ {SumBits{s8a_neg_q}}) + SumBits'(s8a_inc_q);
  end

  // ---- Stage 9: zero point; stage 10: clamp ----------------------------------------------------------
  logic signed [SumBits-1:0] s9_sum_q;
  logic signed [OutW-1:0]    s10_y_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s9_sum_q <= s8_q_q + SumBits'(s8_zero_point);
      if (s9_sum_q < SumBits'(s9_min))      s10_y_q <= s9_min;
      else if (s9_sum_q > SumBits'(s9_max)) s10_y_q <= s9_max;
      else                                      s10_y_q <= OutW'(s9_sum_q);
    end
  end
  assign y_o = s10_y_q;

  // ---- Side band: mode flags, n, sign and output stage, delayed to the stage that uses them -----------
  // A signal sK_* is aligned with the stage-K registers sK_*_q.
  logic s5_neg, s6a_neg, s6a_double, s6_single, s6_trunc, s6_neg;
  logic [NBits-1:0] s6_n;
  logic [3*OutW-1:0] s8_out;
  logic signed [OutW-1:0] s8_zero_point, s8_min, s8_max;
  assign {s8_zero_point, s8_min, s8_max} = s8_out;
  logic [2*OutW-1:0] s9_bounds;
  logic signed [qmac_pkg::OutParamBits-1:0] s9_min, s9_max;
  assign {s9_min, s9_max} = s9_bounds;

  // Flags from stage 1: double (needed at the stage-6 input = s6a), single/trunc and n (needed at s6).
  qmac_delay #(.Width(1), .Depth(6)) u_double_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s1_double_q), .data_o(s6a_double));
  qmac_delay #(.Width(2 + NBits), .Depth(7)) u_mode_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i({s1_single_q, s1_trunc_q, s1_n_q}), .data_o({s6_single, s6_trunc, s6_n}));
  // Sign from stage 2.
  qmac_delay #(.Width(1), .Depth(4)) u_neg5_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s2_neg_q), .data_o(s5_neg));
  qmac_delay #(.Width(1), .Depth(1)) u_neg6a_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s5_neg), .data_o(s6a_neg));
  qmac_delay #(.Width(1), .Depth(1)) u_neg6_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s6a_neg), .data_o(s6_neg));
  // Output stage from stage 1.
  qmac_delay #(.Width(3 * OutW), .Depth(10)) u_out8_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(s1_out_q), .data_o(s8_out));
  qmac_delay #(.Width(2 * OutW), .Depth(1)) u_out9_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i({s8_min, s8_max}), .data_o(s9_bounds));

endmodule
