// qmac_requant: int32 accumulator -> clamped output code, bit-exact with golden::requantize_fixed.
//
//   y = clamp(requant(acc, multiplier, shift, rounding) + out_zero_point, out_min, out_max)
//
// rounding (qmac_pkg): RoundDouble     = golden::requantize_tflite        RDBPOT(SRDHM(acc << l, M), r)
//                      RoundSingle     = golden::requantize_tflite_single (acc * M + 2^(30-s)) >> (31-s)
//                      RoundTruncate   = golden::requantize_truncate      trunc(acc * M / 2^(31-s))
//                      RoundSingleEven = golden::requantize_single_even   round_half_even(acc * M / 2^(31-s))
//                      RoundDoubleUp   = golden::requantize_double_up     RDBPOT_up(SRDHM(acc << l, M), r)
//                      RoundSingleAway = golden::requantize_single_away   round_half_away(acc * M / 2^(31-s)),
//                                        to int32 as x86-64 does (INT32_MIN outside), zp added mod 2^32,
//                                        the wrap test's zp wrap_offset further out
//                      RoundFp32       = golden::requantize_fp32          rint_even(f32(f32(acc) * m))
//                      RoundFp32Wrap   = golden::requantize_xnnpack_vnni  fp32, to int32 as x86-64 does below
//                                        -2^31 (INT32_MIN), zp added mod 2^32, far bound int8's 127
// with l = max(s, 0), r = max(-s, 0); an undefined code runs RoundDouble.
//
// How: every mode is computed in sign-magnitude on ONE unsigned 32x32 product U = |a| * |M| (four registered
// partial products, one DSP each). With neg = sign(a) xor sign(M) the result is sign * floor((X + c) / 2^n),
// n = 31 - s in the fixed-point modes:
//   single:   X = U,              c = 2^(n-1) - neg   (ties toward +inf, in magnitude terms)
//   truncate: X = U,              c = 0               (toward zero)
//   single_even: X = U,           ties to even        (symmetric in magnitude terms)
//   single_away: X = U,           c = 2^(n-1)         (ties away from zero)
//   double, s < 0: X = h * 2^31,  c = 2^(n-1)         (RoundingDivideByPOT: ties away from 0)
//             h = floor((U + 2^30 - neg) / 2^31) (SRDHM; its one overflow h = 2^31, a = M = INT32_MIN,
//             needs no saturation: it rounds as 2^31 - 1 would).
//   double_up, s < 0: X = h * 2^31, c = 2^(n-1) - neg (ruy's RoundingDivideByPOT: ties toward +inf)
//   double and double_up, s >= 0 (l = s, r = 0): acc << l wraps to a_w = a * 2^l with a = acc's low 32 - l
//             bits sign-extended; floor((|a| |M| 2^l + 2^30 - neg) / 2^31) = floor((U + 2^(n-1) - neg) / 2^n)
//             with U = |a| |M|: the single mode on a. So no left shifter: a mask and a sign bit.
//   fp32: |M| is the float32 m's significand, |a| is f32(|acc|) normalised (qmac_requant_normalize); the same
//             multiplier forms their exact product, qmac_requant_round24 rounds it to float32 (ties to
//             even) in place, X = sp * 2^(31 + t), with n from the exponents, and the final rounding (ties to
//             even) is rint_even.
// A quotient above 10 bits of magnitude clamps to the bound of its sign (qmac_requant_clamp), the same code as
// the golden model's int32 value, because zero point and bounds lie in [-256, 255]; single_away's far bound
// (its x86 int32 conversion and wrapping zero-point add) from two flags of the shifter and the zero point;
// fp32_wrap's the same for negative values, with 127 (vpmovsdb's saturation) in place of max.
//
// Stage map: one stage module per file, its latency a constant of qmac_requant_pkg; each stage is one
// register, with at most one carry chain of <= 18 bits or about three LUT levels in front of it, every chain
// between fabric flip-flops, and no pipeline enable or decoded mode in front of a flip-flop's reset net
// (DspCascade = 0: iCE40 Fmax). Register k holds a value k enabled edges after the inputs.
//
//   k      module (latency)                      stage  what
//   1      qmac_requant_decode (1)               1z     mode flags, l, n = 31 - s, fp32's significand and
//                                                       150 - exponent (registered: no decoder on a reset net)
//   2-5    qmac_requant_magnitude (4)            1a     mask of acc's bits that survive << l, four candidates
//                                                       of the sign acc[31 - l]
//                                                1      the sign; complement (v ^ sign) & mask, M ^ sign(M)
//                                                2a, 2  |a|, |M| in 16-bit halves, carry registered (the upper
//                                                       halves' increment as prefix ANDs unless DspCascade); neg
//   6-11   qmac_requant_normalize (6)            n1     fp32: per-byte leading zeros of |a|
//                                                n2, n3 |a| << lz (bytes, then bits); exponent + lz
//                                                n4-n6  round to 24 bits (ties to even) in 9 + 17-bit chains
//   12-19  DspCascade = 0 (default; iCE40, xcup):
//          qmac_requant_product_fabric (8)       2b     DSP operand registers (plain copies)
//                                                3, 3b  four 16x16 products; again (no adder behind a DSP)
//                                                4, 5a, 5b, 5  U = ll + (lh + hl) 2^16 + hh 2^32 in 16-bit
//                                                       columns; 5b SRDHM's round bit, 5 lower half of h
//                                                6      upper half of h; X = double ? h 2^31 : U
//          DspCascade = 1 (xc7): registers 12-17, and every later k below is 2 less for xc7:
//          qmac_requant_product_cascade (6)      2b     DSP operand registers
//                                                3, 3b, 4, 5a  the DSP48E1 cascade P0..P3 on a 17/15-bit
//                                                       split (2^30 - neg enters through P0's C port)
//                                                6      X (low 31 bits cleared by reset in double)
//   20-23  qmac_requant_round24 (4)              r1-r4  fp32: U rounded in place to 24 bits (ties to even), n
//   24-27  qmac_requant_shift (4)                6b     Y = {X, 0} and its byte flags (OR, AND)
//                                                7      shift by n[5:3]; sticky and saturation from the flags
//                                                8c     shift by n[2:0]; single_away's int32 flags
//                                                8a     the rounding carry
//   28-30  qmac_requant_clamp (3)                8      sign; bounds minus zero point
//                                                9      zero point; the clamp's comparisons (or the bound of
//                                                       a quotient above 1023, single_away's far bound)
//                                                10     clamp
//   (29-30 DspCascade = 1 only: y delayed by ProductLatency - CascadeLatency, 9 bits wide)
//
// Side band, delayed here by sums of the stage latencies: fp32 and its exponent from the decoder to the
// normaliser, the double flag to the product's input, n, fp32 and the exponent to qmac_requant_round24, the
// tie-rule flags to the shifter's input, zero point, bounds and wrap offset (0 unless single_away) from this
// module's input to the clamp's input (29 bits over ClampAt edges: in a block RAM, qmac_delay_ram, as are
// |M| in the normaliser, the bits of X
// that round24 passes on and, in the cascade, U'[16:0]). The sign travels inside the stage modules with the
// data.
// Latency: qmac_pkg::RequantLatency (30) cycles of en_i, checked against the sum at elaboration. Data
// registers carry no reset (validity is tracked by the caller).
module qmac_requant #(
  // 0 (default; iCE40 and xcup): partial products summed in fabric, <= 18-bit carry chains (iCE40 Fmax).
  // 1 (xc7, set by scripts/synth): 17/15-bit operand split, partial products summed in the DSP48E1
  // post-adders through the PCIN (>> 17) cascade: no fabric adders for U. Same latency and results.
  parameter bit DspCascade = 1'b0,
  // 1 (default): |M| in the normaliser and the bits of X that round24 passes on wait in block RAM
  // (qmac_delay_ram: 6 SB_RAM40_4K on iCE40); 0: in 314 flip-flops, for a design whose block RAM is spoken
  // for (qmac_mvu on iCE40). The clamp's 29-bit parameters stay in block RAM (29 x ClampAt flip-flops else).
  parameter bit SideBandRam = 1'b1,
  // 1 (qmac_mvu): a stage module's registers load only while one of its stages holds an accumulator that
  // valid_i marked (its clock enable; no reset needed, a stray enable only loads what nobody reads). The
  // layer engine feeds one accumulator per PE x SIMD x K / SIMD MACs, so most stages idle most cycles: less
  // switching on the FPGA, and a Verilated model that skips them. 0 (qmac_dot: an accumulator every beat):
  // every stage on en_i, valid_i unused.
  parameter bit GateIdle = 1'b0
) (
  input  logic        clk_i,
  input  logic        en_i,
  input  logic        valid_i,   // GateIdle: acc_i and its parameters are an accumulator's this cycle
  input  logic signed [qmac_pkg::AccBits-1:0]        acc_i,
  input  logic signed [qmac_pkg::MultiplierBits-1:0] multiplier_i,
  input  logic signed [qmac_pkg::ShiftBits-1:0]      shift_i,
  input  logic [qmac_pkg::RoundingBits-1:0]   rounding_i,
  input  logic [qmac_pkg::WrapOffsetBits-1:0] wrap_offset_i,   // single_away's; ignored by the other codes
  input  logic signed [qmac_pkg::OutParamBits-1:0]  out_zero_point_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0]  out_min_i,
  input  logic signed [qmac_pkg::OutParamBits-1:0]  out_max_i,
  output logic signed [qmac_pkg::OutParamBits-1:0]  y_o
);
  localparam int AccBits  = qmac_pkg::AccBits;
  localparam int MulBits  = qmac_pkg::MultiplierBits;
  localparam int NBits    = qmac_pkg::ShiftBits;
  localparam int OutW     = qmac_pkg::OutParamBits;
  localparam int MagBits  = qmac_requant_pkg::MagBits;
  // Where each stage module's inputs sit (registers after this module's inputs), and the total.
  localparam int EBits    = qmac_requant_pkg::ExpBits;
  localparam int MagnitudeAt = qmac_requant_pkg::DecodeLatency;
  localparam int NormalizeAt = MagnitudeAt + qmac_requant_pkg::MagnitudeLatency;
  localparam int ProductAt   = NormalizeAt + qmac_requant_pkg::NormalizeLatency;
  // The cascade variant is shorter than the fabric one; the difference delays the 9-bit output (TailAt).
  localparam int ProdLatency = DspCascade ? qmac_requant_pkg::CascadeLatency : qmac_requant_pkg::ProductLatency;
  localparam int RoundAt     = ProductAt + ProdLatency;
  localparam int ShiftAt     = RoundAt + qmac_requant_pkg::Round24Latency;
  localparam int ClampAt     = ShiftAt + qmac_requant_pkg::ShiftLatency;
  localparam int TailAt      = ClampAt + qmac_requant_pkg::ClampLatency;
  localparam int Latency     = TailAt + qmac_requant_pkg::ProductLatency - ProdLatency;

`ifndef __ICARUS__
  if (Latency != qmac_pkg::RequantLatency) begin : gen_check_latency
    $error("qmac_requant: the stage latencies add up to %0d, qmac_pkg::RequantLatency is %0d",
           Latency, qmac_pkg::RequantLatency);
  end
`endif

  // ---- Stage enables (GateIdle): live[k] = an accumulator is k enabled edges past the inputs ----------------
  // (to the clamp's last input, TailAt - 1; the cascade variant's tail delay stays on en_i)
  logic [TailAt-2:0] live_q;
  always_ff @(posedge clk_i) if (en_i) live_q <= {live_q[TailAt-3:0], valid_i};
  logic [TailAt-1:0] live;
  assign live = {live_q, valid_i};
  // A stage module at inputs At with latency L loads the accumulators at depths At .. At + L - 1.
  logic en_decode, en_magnitude, en_normalize, en_product, en_round24, en_shift, en_clamp;
  assign en_decode    = en_i && (!GateIdle || |live[0 +: qmac_requant_pkg::DecodeLatency]);
  assign en_magnitude = en_i && (!GateIdle || |live[MagnitudeAt +: qmac_requant_pkg::MagnitudeLatency]);
  assign en_normalize = en_i && (!GateIdle || |live[NormalizeAt +: qmac_requant_pkg::NormalizeLatency]);
  assign en_product   = en_i && (!GateIdle || |live[ProductAt +: ProdLatency]);
  assign en_round24   = en_i && (!GateIdle || |live[RoundAt +: qmac_requant_pkg::Round24Latency]);
  assign en_shift     = en_i && (!GateIdle || |live[ShiftAt +: qmac_requant_pkg::ShiftLatency]);
  assign en_clamp     = en_i && (!GateIdle || |live[ClampAt +: qmac_requant_pkg::ClampLatency]);
  if (!GateIdle) begin : gen_no_gate
    logic unused_live;
    assign unused_live = ^live;
  end

  // ---- 1z: decode ------------------------------------------------------------------------------------------
  logic [AccBits-1:0]                    dec_a;
  logic [MulBits-1:0]                    dec_m;
  logic [qmac_requant_pkg::LeftBits-1:0] dec_left;
  logic [NBits-1:0]                      dec_n;
  logic                                  dec_double, dec_single, dec_trunc, dec_even, dec_fp32, dec_wrap;
  logic                                  dec_fp32_wrap;
  logic [EBits-1:0]                      dec_exp;
  qmac_requant_decode u_decode (
    .clk_i,
    .en_i         (en_decode),
    .acc_i        (acc_i),
    .multiplier_i (multiplier_i),
    .shift_i      (shift_i),
    .rounding_i   (rounding_i),
    .acc_o        (dec_a),
    .multiplier_o (dec_m),
    .left_o       (dec_left),
    .n_o          (dec_n),
    .double_o     (dec_double),
    .single_o     (dec_single),
    .trunc_o      (dec_trunc),
    .even_o       (dec_even),
    .fp32_o       (dec_fp32),
    .wrap_o       (dec_wrap),
    .fp32_wrap_o  (dec_fp32_wrap),
    .exp_o        (dec_exp)
  );

  // ---- 1a to 2: magnitudes and sign --------------------------------------------------------------------------
  logic [AccBits-1:0] mag_a;
  logic [MulBits-1:0] mag_m;
  logic               mag_neg;
  // DspCascade = 1 is the xc7 configuration: its CARRY4 chains are fast and cheaper than prefix ANDs.
  qmac_requant_magnitude #(.CarryChain(DspCascade)) u_magnitude (
    .clk_i,
    .en_i         (en_magnitude),
    .acc_i        (dec_a),
    .multiplier_i (dec_m),
    .left_i       (dec_left),
    .mag_a_o      (mag_a),
    .mag_m_o      (mag_m),
    .neg_o        (mag_neg)
  );

  // ---- n1 to n6: fp32's normalised f32(|a|) ---------------------------------------------------------------------
  logic               norm_fp32;
  logic [EBits-1:0]   norm_exp_i, norm_exp;
  logic [AccBits-1:0] norm_a;
  logic [MulBits-1:0] norm_m;
  qmac_delay #(.Width(1 + EBits), .Depth(NormalizeAt - MagnitudeAt)) u_fp32_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i({dec_fp32, dec_exp}), .data_o({norm_fp32, norm_exp_i}));
  qmac_requant_normalize #(.SideBandRam(SideBandRam)) u_normalize (
    .clk_i,
    .en_i         (en_normalize),
    .mag_a_i (mag_a),
    .mag_m_i (mag_m),
    .fp32_i  (norm_fp32),
    .exp_i   (norm_exp_i),
    .a_o     (norm_a),
    .m_o     (norm_m),
    .exp_o   (norm_exp)
  );
  logic norm_neg;
  qmac_delay #(.Width(1), .Depth(qmac_requant_pkg::NormalizeLatency)) u_norm_neg_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(mag_neg), .data_o(norm_neg));

  // ---- 2b to 6: U, or X of the double modes ----------------------------------------------------------------------
  logic                 prod_double;
  logic [2*AccBits-1:0] u;
  logic                 u_neg;
  qmac_delay #(.Width(1), .Depth(ProductAt - MagnitudeAt)) u_double_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(dec_double), .data_o(prod_double));
  if (!DspCascade) begin : gen_fabric
    qmac_requant_product_fabric u_product (
      .clk_i,
      .en_i     (en_product),
      .mag_a_i  (norm_a),
      .mag_m_i  (norm_m),
      .neg_i    (norm_neg),
      .double_i (prod_double),
      .x_o      (u),
      .neg_o    (u_neg)
    );
  end else begin : gen_cascade
    qmac_requant_product_cascade u_product (
      .clk_i,
      .en_i     (en_product),
      .mag_a_i  (norm_a),
      .mag_m_i  (norm_m),
      .neg_i    (norm_neg),
      .double_i (prod_double),
      .x_o      (u),
      .neg_o    (u_neg)
    );
  end

  // ---- r1 to r3: fp32's product to float32 -------------------------------------------------------------------
  logic                 round_fp32;
  logic [NBits-1:0]     round_n_i, shift_n;
  logic [EBits-1:0]     round_exp;
  logic [2*AccBits-1:0] x;
  logic                 x_neg;
  qmac_delay #(.Width(1 + NBits), .Depth(RoundAt - MagnitudeAt)) u_round_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i({dec_fp32, dec_n}), .data_o({round_fp32, round_n_i}));
  qmac_delay #(.Width(EBits), .Depth(ProdLatency)) u_exp_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(norm_exp), .data_o(round_exp));
  qmac_delay #(.Width(1), .Depth(qmac_requant_pkg::Round24Latency)) u_x_neg_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(u_neg), .data_o(x_neg));
  qmac_requant_round24 #(.SideBandRam(SideBandRam)) u_round24 (
    .clk_i,
    .en_i         (en_round24),
    .x_i    (u),
    .fp32_i (round_fp32),
    .exp_i  (round_exp),
    .n_i    (round_n_i),
    .x_o    (x),
    .n_o    (shift_n)
  );

  // ---- 6b to 8a: rounding shift ----------------------------------------------------------------------------
  logic               shift_single, shift_trunc, shift_even, shift_wrap, shift_fp32_wrap;
  logic [MagBits-1:0] q_mag;
  logic               q_over, q_int32_over, q_int32_edge, q_far_int8, q_inc, q_neg;
  qmac_delay #(.Width(5), .Depth(ShiftAt - MagnitudeAt)) u_mode_d (
    .clk_i, .rst_i(1'b0), .en_i,
    .data_i ({dec_single, dec_trunc, dec_even, dec_wrap, dec_fp32_wrap}),
    .data_o ({shift_single, shift_trunc, shift_even, shift_wrap, shift_fp32_wrap}));
  qmac_requant_shift u_shift (
    .clk_i,
    .en_i         (en_shift),
    .x_i      (x),
    .neg_i    (x_neg),
    .n_i      (shift_n),
    .single_i (shift_single),
    .trunc_i  (shift_trunc),
    .even_i   (shift_even),
    .wrap_i   (shift_wrap),
    .wrap_neg_i (shift_fp32_wrap),
    .mag_o    (q_mag),
    .over_o   (q_over),
    .int32_over_o (q_int32_over),
    .int32_edge_o (q_int32_edge),
    .far_int8_o   (q_far_int8),
    .inc_o    (q_inc),
    .neg_o    (q_neg)
  );

  // ---- 8 to 10: sign, zero point, clamp ------------------------------------------------------------------------
  logic signed [OutW-1:0] clamp_zero_point, clamp_min, clamp_max, y;
  localparam int WBits = qmac_pkg::WrapOffsetBits;
  logic [WBits-1:0] in_wrap_offset, clamp_wrap_offset;
  // the other codes ignore the offset (fp32_wrap's flags share the clamp's wrap test)
  assign in_wrap_offset = rounding_i == qmac_pkg::RoundingBits'(qmac_pkg::RoundSingleAway) ? wrap_offset_i : '0;
  // 29 bits over ClampAt edges: a block RAM rather than 29 SRLs (xc7) or 29 x ClampAt flip-flops (iCE40)
  qmac_delay_ram #(.Width(3 * OutW + WBits), .Depth(ClampAt)) u_out_d (
    .clk_i, .en_i,
    .data_i ({out_zero_point_i, out_min_i, out_max_i, in_wrap_offset}),
    .data_o ({clamp_zero_point, clamp_min, clamp_max, clamp_wrap_offset}));
  qmac_requant_clamp u_clamp (
    .clk_i,
    .en_i         (en_clamp),
    .mag_i        (q_mag),
    .over_i       (q_over),
    .int32_over_i (q_int32_over),
    .int32_edge_i (q_int32_edge),
    .far_int8_i   (q_far_int8),
    .inc_i        (q_inc),
    .neg_i        (q_neg),
    .zero_point_i (clamp_zero_point),
    .wrap_offset_i (clamp_wrap_offset),
    .min_i        (clamp_min),
    .max_i        (clamp_max),
    .y_o          (y)
  );

  // ---- the cascade variant's two spare cycles, on the narrowest signal -----------------------------------------
  qmac_delay #(.Width(OutW), .Depth(Latency - TailAt)) u_tail_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(y), .data_o(y_o));

endmodule
