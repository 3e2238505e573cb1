// qmac_requant_shift: stages 6b, 7, 8c and 8a of qmac_requant. The magnitude of the rounded quotient
// floor((X + c) / 2^n) = floor(X / 2^n) + carry, without a wide adder: with the round bit
// G = X[n-1] and the sticky bit S = |X[n-2:0],
//   single:      carry = G && (S || !neg)   (c = 2^(n-1) - neg: ties toward +inf)
//   single_even: carry = G && (S || q[0])   (ties to the even quotient q)
//   double:      carry = G                  (c = 2^(n-1): ties away from zero)
//   truncate:    carry = 0;  n = 0: G = S = 0, carry = 0.
// A right shifter on Y = {X, 0} by n gives the quotient F = floor(X / 2^n) in Y[MagBits:1] and G in Y[0]; the
// bits it shifts out at the bottom OR into S, those beyond the window at the top into over_o (F > 1023:
// qmac_requant_clamp saturates). mag_o is F mod 1024.
// single_away (wrap_i) converts its quotient to int32 as x86-64 does and adds the zero point mod 2^32
// (golden::requantize_single_away): the far clamp bound comes out iff F + carry + k + d >= 2^31, k = zp for
// zp >= 0, -zp - 1 for zp < 0 (k in [0, 255]), d the wrap offset (k + d < 511). Since F + carry + k + d <
// F + 512, that is F >= 2^31 (int32_over_o) or F[30:9] all ones (int32_edge_o) and F[8:0] + carry + k + d
// >= 512, which qmac_requant_clamp decides with the zero point and d. fp32_wrap (wrap_neg_i) sets the same
// flags for negative quotients only (XNNPACK's float clamp keeps the positive ones below 2^31), and
// far_int8_o = int32_over there: its far bound is int8's 127. (Its F is a float32 value, a multiple of 128
// near 2^31, and its d is 0, so with the contract's zero points, zp >= -128 and k <= 127, F + k >= 2^31
// only when F >= 2^31: through int32_over, never int32_edge.) Both flags need n < 32 (a larger n leaves
// F < 2^31 - 512: both 0), so
// k = n[5:3] <= 3:
// F[30:10] = Y[n+31:n+11] and F >= 2^31 = Y beyond n+31, relative to the byte shift by 8k Y'[r+31:r+11] and
// Y' beyond r+31, r = n[2:0]: window bits Y'[17:r+11], bits [7:2] of byte k+2, byte k+3, bits [r-1:0] of
// byte k+4 (all ones), and bits [7:r] of byte k+4 and bytes k+5 up (any one).
//   6b  Y and the OR of each of its bytes (and of each byte's bits [7:3]), so that stage 7's sticky and
//       saturation bits are a selection over nine byte flags instead of a wide OR tree; the AND of each
//       byte and of its bits [7:2]
//   7   shift by 8 n[5:3]; sticky and saturation bits selected from the byte flags by masks; single_away:
//       the AND flags of bytes k+2 and k+3, byte k+4, the OR of bytes k+5 up
//   8c  shift by n[2:0]; the bits shifted out join the sticky bit, those beyond the window the saturation bit;
//       single_away: the window's and byte k+4's bits by r into int32_over and int32_edge
//   8a  the carry; inc_o = carry ^ neg (qmac_requant_clamp applies the sign); int32_edge with F[9]
// Inputs are aligned with x_i, outputs with each other. Latency: qmac_requant_pkg::ShiftLatency (4).
module qmac_requant_shift (
  input  logic                                 clk_i,
  input  logic                                 en_i,
  input  logic [2*qmac_pkg::AccBits-1:0]       x_i,
  input  logic                                 neg_i,
  input  logic [qmac_pkg::ShiftBits-1:0]       n_i,
  input  logic                                 single_i,
  input  logic                                 trunc_i,
  input  logic                                 even_i,
  input  logic                                 wrap_i,         // single_away: the x86 int32 flags
  input  logic                                 wrap_neg_i,     // fp32_wrap: the same, below zero only
  output logic [qmac_requant_pkg::MagBits-1:0] mag_o,          // F mod 1024, F = floor(X / 2^n)
  output logic                                 over_o,         // F > 1023
  output logic                                 int32_over_o,   // wrap_i && F >= 2^31
  output logic                                 int32_edge_o,   // wrap_i && F[30:9] all ones
  output logic                                 far_int8_o,     // wrap_neg_i && int32_over_o
  output logic                                 inc_o,          // carry ^ neg
  output logic                                 neg_o
);
  localparam int MagBits = qmac_requant_pkg::MagBits;
  localparam int NBits   = qmac_pkg::ShiftBits;        // n in [0, 63]
  localparam int UBits   = 2 * qmac_pkg::AccBits;
  localparam int YBits   = UBits + 1;
  localparam int YBytes  = (YBits + 7) / 8;
  localparam int Win7    = MagBits + 1 + 7;   // bits still needed after shifting by n[5:3]
  localparam int TopLo   = Win7 - 16;         // byte k+2's bits from TopLo up lie beyond the window
  localparam int WinHi   = Win7 - (MagBits + 1);

`ifndef __ICARUS__
  if (MagBits + 1 + 7 <= 16 || MagBits + 1 + 7 > 23) begin : gen_check_window
    $error("qmac_requant_shift: the stage-7 window must end inside byte k+2 (byte flags)");
  end
  if (NBits != 6 || YBytes != 9) begin : gen_check_bytes
    $error("qmac_requant_shift: the two shift steps assume n < 64 and a 65-bit Y");
  end
`endif

  // ---- Stage 6b: Y and its byte flags ----------------------------------------------------------------------
  logic [8*YBytes-1:0] y6;
  assign y6 = (8*YBytes)'({x_i, 1'b0});
  logic [8*YBytes-1:0] s6b_y_q;
  logic [YBytes-1:0]   s6b_byte_q, s6b_top_q;   // |Y[8j+7:8j], |Y[8j+7:8j+TopLo]
  logic [YBytes-1:0]   s6b_all_q, s6b_all_top_q;  // &Y[8j+7:8j], &Y[8j+7:8j+2] (single_away's F[30:10])
  logic [NBits-1:0]    s6b_n_q;
  logic                s6b_single_q, s6b_trunc_q, s6b_even_q, s6b_neg_q, s6b_wrap_q, s6b_int8_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s6b_y_q <= y6;
      for (int j = 0; j < YBytes; j++) begin
        s6b_byte_q[j]    <= |y6[8*j +: 8];
        s6b_top_q[j]     <= |y6[8*j+TopLo +: 8-TopLo];
        s6b_all_q[j]     <= &y6[8*j +: 8];
        s6b_all_top_q[j] <= &y6[8*j+2 +: 6];
      end
      s6b_n_q      <= n_i;
      s6b_single_q <= single_i;
      s6b_trunc_q  <= trunc_i;
      s6b_even_q   <= even_i;
      s6b_neg_q    <= neg_i;
      // n >= 32: F < 2^31 - 512, no x86 flag can be set
      s6b_wrap_q   <= (wrap_i || (wrap_neg_i && neg_i)) && !n_i[NBits-1];
      s6b_int8_q   <= wrap_neg_i;
    end
  end

  // ---- Stage 7: shift by 8k (k = n[5:3]); sticky = |Y[8k-1:0]; over = |Y[top:8k+Win7] -------------------------
  logic [Win7-1:0]   y7;
  logic              over7, sticky7;
  logic [2:0]        k7;
  logic [YBytes-1:0] lo_mask7, hi_mask7, top_mask7;   // bytes below 8k, from 8k+24 up, byte k+2
  assign k7        = s6b_n_q[5:3];
  assign lo_mask7  = ~({YBytes{1'b1}} << k7);
  assign hi_mask7  = {{(YBytes-3){1'b1}}, 3'b000} << k7;
  assign top_mask7 = YBytes'(3'b100) << k7;
  assign y7        = Win7'(s6b_y_q >> {k7, 3'b000});
  assign sticky7   = |(s6b_byte_q & lo_mask7);
  assign over7     = |(s6b_byte_q & hi_mask7) || |(s6b_top_q & top_mask7);

  // single_away (n < 32, so k <= 3): bytes k+2 to k+4 and the OR of the bytes above
  logic [1:0]        kw7;
  logic [YBytes-1:0] above_mask7;   // bytes from k+5 up
  assign kw7         = k7[1:0];
  assign above_mask7 = {{(YBytes-5){1'b1}}, 5'b00000} << kw7;
  // Bytes k+2, k+3 and k+4 through constant slices indexed by k: a 4-way mux each (an index written as
  // kw7 + 2 became a carry chain in front of the mux, the iCE40 critical path at 63-65 MHz).
  logic [3:0]  all_top_from2, all_from3;   // flags of bytes 2-5, 3-6
  logic [31:0] bytes_from4;                // bytes 4-7
  assign all_top_from2 = s6b_all_top_q[5:2];
  assign all_from3     = s6b_all_q[6:3];
  assign bytes_from4   = s6b_y_q[32 +: 32];
  logic unused_flags;   // the other bytes' flags (synthesis drops their registers)
  assign unused_flags = ^{s6b_all_q[YBytes-1:7], s6b_all_q[2:0], s6b_all_top_q[YBytes-1:6], s6b_all_top_q[1:0]};

  logic [Win7-1:0] s7_y_q;
  logic            s7_over_q, s7_sticky_q, s7_single_q, s7_trunc_q, s7_even_q, s7_neg_q;
  logic            s7_wrap_q, s7_int8_q, s7_all_top_q, s7_all_q, s7_above_q;
  logic [7:0]      s7_byte4_q;   // byte k+4
  logic [2:0]      s7_n_lo_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s7_wrap_q    <= s6b_wrap_q;
      s7_int8_q    <= s6b_int8_q;
      s7_all_top_q <= all_top_from2[kw7];
      s7_all_q     <= all_from3[kw7];
      s7_byte4_q   <= bytes_from4[{kw7, 3'b000} +: 8];
      s7_above_q   <= |(s6b_byte_q & above_mask7);
      s7_y_q      <= y7;
      s7_over_q   <= over7;
      s7_sticky_q <= sticky7;
      s7_n_lo_q   <= s6b_n_q[2:0];
      s7_single_q <= s6b_single_q;
      s7_even_q   <= s6b_even_q;
      s7_trunc_q  <= s6b_trunc_q;
      s7_neg_q    <= s6b_neg_q;
    end
  end

  // ---- Stage 8c: shift by r = n[2:0]: {quotient, G} = (Y' >> r)[MagBits:0] (masks, no OR chains) -------------
  logic [MagBits:0] q8c;
  logic [Win7-1:0]  sticky_mask8c, over_mask8c;
  assign q8c           = (MagBits+1)'(s7_y_q >> s7_n_lo_q);
  assign sticky_mask8c = ~({Win7{1'b1}} << s7_n_lo_q);
  assign over_mask8c   = {{WinHi{1'b1}}, {(MagBits+1){1'b0}}} << s7_n_lo_q;
  // single_away: F[30:10] = Y'[r+31:r+11] all ones, F >= 2^31 = any one in Y' beyond r+31
  logic [6:0] win_need8c;    // window bits Y'[17:11] that belong to F[30:10]: from r+11 up
  logic [7:0] byte4_hi8c;    // byte k+4's bits beyond F[30]: from r up
  assign win_need8c = 7'h7f << s7_n_lo_q;
  assign byte4_hi8c = 8'hff << s7_n_lo_q;
  logic             s8c_int32_over_q, s8c_int32_run_q, s8c_int8_q;
  logic [MagBits:0] s8c_q_q;      // {quotient, G}
  logic             s8c_over_q, s8c_sticky_q, s8c_single_q, s8c_trunc_q, s8c_even_q, s8c_neg_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s8c_int32_over_q <= s7_wrap_q && (s7_above_q || |(s7_byte4_q & byte4_hi8c));
      s8c_int8_q       <= s7_int8_q;
      s8c_int32_run_q  <= s7_wrap_q && s7_all_top_q && s7_all_q && &(s7_y_q[17:11] | ~win_need8c) &&
                          &(s7_byte4_q | byte4_hi8c);
      s8c_q_q      <= q8c;
      s8c_over_q   <= s7_over_q || |(s7_y_q & over_mask8c);
      s8c_sticky_q <= s7_sticky_q || |(s7_y_q & sticky_mask8c);
      s8c_single_q <= s7_single_q;
      s8c_even_q   <= s7_even_q;
      s8c_trunc_q  <= s7_trunc_q;
      s8c_neg_q    <= s7_neg_q;
    end
  end

  // ---- Stage 8a: the carry --------------------------------------------------------------------------------
  // single: ties up (away from zero in magnitude only when positive); single_even: ties to the even
  // quotient (s8c_q_q[1] is its LSB); double: ties away from zero.
  logic carry8;
  assign carry8 = !s8c_trunc_q && s8c_q_q[0] &&
                  (s8c_sticky_q || (s8c_even_q ? s8c_q_q[1] : !(s8c_single_q && s8c_neg_q)));

  logic [MagBits-1:0] s8a_mag_q;
  logic               s8a_over_q, s8a_int32_over_q, s8a_int32_edge_q, s8a_far_int8_q, s8a_inc_q, s8a_neg_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      s8a_mag_q        <= s8c_q_q[MagBits:1];
      s8a_over_q       <= s8c_over_q;
      s8a_int32_over_q <= s8c_int32_over_q;
      s8a_int32_edge_q <= s8c_int32_run_q && s8c_q_q[MagBits];   // with F[9]
      s8a_far_int8_q   <= s8c_int32_over_q && s8c_int8_q;
      s8a_inc_q        <= carry8 ^ s8c_neg_q;
      s8a_neg_q        <= s8c_neg_q;
    end
  end
  assign mag_o        = s8a_mag_q;
  assign over_o       = s8a_over_q;
  assign int32_over_o = s8a_int32_over_q;
  assign int32_edge_o = s8a_int32_edge_q;
  assign far_int8_o   = s8a_far_int8_q;
  assign inc_o        = s8a_inc_q;
  assign neg_o        = s8a_neg_q;

endmodule
