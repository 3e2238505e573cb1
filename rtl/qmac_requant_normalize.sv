// qmac_requant_normalize: stages n1 to n6 of qmac_requant. fp32: f32(|acc|), |acc| rounded to 24 significant
// bits with ties to even, left-aligned in 32 bits (bit 31 set unless acc = 0) as the multiplier's a operand;
// the fixed-point modes pass |a| through the same registers unchanged (shift 0, no rounding).
//
// With lz = the leading zeros of |a| and its 24 kept bits y[31:8] of y = |a| << lz, round bit G = y[7], sticky
// S = |y[6:0]: a_o = (y[31:8] + (G && (S || y[8]))) * 2^8, = |a| * 2^lz' rounded, lz' = lz - cout where cout is
// the rounding's carry out of 2^32 (y[31:8] all ones; a_o is then 2^31). exp_o = exp_i + lz' (qmac_requant_round24
// turns it into the final shift).
//   n1  the nonzero flag and the leading zeros of each byte of |a| (byte-local: no 32-bit priority chain)
//   n2  kb = the leading zero bytes; y = |a| << 8 kb (a 4:1 mux); the top nonzero byte's leading zeros f
//   n3  y <<= f (an 8:1 mux); exp + lz (lz = 8 kb + f)
//   n4  G, S, the round increment, cout; y[7:0] cleared (fp32)
//   n5  y[15:8] + increment (9-bit chain, carry registered); exp - cout
//   n6  y[31:16] + carry (17-bit chain); a carry out of bit 31 sets bit 31 (y was 2^32 - 2^8 + ...: now 2^31)
// The multiplier operand (the decoder's significand for fp32, |M| else) is delayed to match. Fixed-point modes:
// kb = f = 0 and no increment, so a_o = |a|. Latency: qmac_requant_pkg::NormalizeLatency (6).
module qmac_requant_normalize #(
  parameter bit SideBandRam = 1'b1   // |M|'s delay in block RAM (qmac_requant's parameter)
) (
  input  logic                                 clk_i,
  input  logic                                 en_i,
  input  logic [qmac_pkg::AccBits-1:0]         mag_a_i,
  input  logic [qmac_pkg::MultiplierBits-1:0]  mag_m_i,
  input  logic                                 fp32_i,
  input  logic [qmac_requant_pkg::ExpBits-1:0] exp_i,
  output logic [qmac_pkg::AccBits-1:0]         a_o,     // fp32: f32(|a|) * 2^lz', bit 31 set; else |a|
  output logic [qmac_pkg::MultiplierBits-1:0]  m_o,
  output logic [qmac_requant_pkg::ExpBits-1:0] exp_o    // fp32: exp_i + lz'
);
  localparam int Latency = qmac_requant_pkg::NormalizeLatency;
  localparam int AccBits = qmac_pkg::AccBits;
  localparam int EBits   = qmac_requant_pkg::ExpBits;

`ifndef __ICARUS__
  if (AccBits != 32) begin : gen_check_width
    $error("qmac_requant_normalize: the byte-wise leading-one detector assumes a 32-bit accumulator");
  end
`endif

  // 32 bits over 6 edges: a block RAM rather than 32 SRLs (xc7) or 192 flip-flops (iCE40)
  qmac_delay_ram #(.Width(qmac_pkg::MultiplierBits), .Depth(Latency), .Block(SideBandRam)) u_m_d (
    .clk_i, .en_i, .data_i(mag_m_i), .data_o(m_o));

  // Leading zeros of each byte (7 for 0: only read when the byte is the top nonzero one, or |a| = 0).
  // (A loop in always_comb, not a function: Icarus 11 mis-simulates the whole design with such a function
  // called in always_ff. Flat vectors: Yosys 0.23 has no multi-dimensional packed arrays.)
  logic [11:0] lzb;   // byte j's at [3*j +: 3]
  always_comb begin
    for (int j = 0; j < 4; j++) begin
      lzb[3*j +: 3] = 3'd7;
      for (int i = 0; i < 8; i++) begin
        if (mag_a_i[8*j + i]) lzb[3*j +: 3] = 3'(7 - i);
      end
    end
  end

  // ---- n1: per-byte flags -------------------------------------------------------------------------------
  logic [AccBits-1:0] n1_a_q;
  logic [3:1]         n1_nz_q;        // byte j of |a| is nonzero (byte 0's flag is not needed)
  logic [11:0]        n1_lzb_q;       // their leading zeros, byte j's at [3*j +: 3]
  logic               n1_fp32_q;
  logic [EBits-1:0]   n1_exp_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      n1_a_q    <= mag_a_i;
      n1_lzb_q <= lzb;
      for (int j = 1; j < 4; j++) n1_nz_q[j] <= |mag_a_i[8*j +: 8];
      n1_fp32_q <= fp32_i;
      n1_exp_q  <= exp_i;
    end
  end

  // ---- n2: shift by whole bytes ---------------------------------------------------------------------------
  logic [1:0] kb;   // leading zero bytes (fp32; 0 otherwise)
  always_comb begin
    if (!n1_fp32_q || n1_nz_q[3]) kb = 2'd0;
    else if (n1_nz_q[2])          kb = 2'd1;
    else if (n1_nz_q[1])          kb = 2'd2;
    else                          kb = 2'd3;
  end
  logic [2:0] f;    // the top nonzero byte's leading zeros
  always_comb begin
    unique case (kb)
      2'd0:    f = n1_lzb_q[9 +: 3];
      2'd1:    f = n1_lzb_q[6 +: 3];
      2'd2:    f = n1_lzb_q[3 +: 3];
      default: f = n1_lzb_q[0 +: 3];
    endcase
  end
  logic [AccBits-1:0] n2_y_q;
  logic [1:0]         n2_kb_q;
  logic [2:0]         n2_f_q;
  logic               n2_fp32_q;
  logic [EBits-1:0]   n2_exp_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      n2_y_q    <= n1_a_q << {kb, 3'b000};
      n2_kb_q   <= kb;
      n2_f_q    <= f & {3{n1_fp32_q}};
      n2_fp32_q <= n1_fp32_q;
      n2_exp_q  <= n1_exp_q;
    end
  end

  // ---- n3: shift by the bits left ---------------------------------------------------------------------------
  logic [AccBits-1:0] n3_y_q;
  logic               n3_fp32_q;
  logic [EBits-1:0]   n3_exp_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      n3_y_q    <= n2_y_q << n2_f_q;
      n3_fp32_q <= n2_fp32_q;
      n3_exp_q  <= n2_exp_q + EBits'({n2_kb_q, n2_f_q});
    end
  end

  // ---- n4: round bit, sticky bit, increment ---------------------------------------------------------------
  // Ties to even: up when G && (S || the kept LSB y[8]).
  logic n4_inc;
  assign n4_inc = n3_fp32_q && n3_y_q[7] && (|n3_y_q[6:0] || n3_y_q[8]);
  logic [AccBits-1:0] n4_y_q;
  logic               n4_inc_q, n4_cout_q;
  logic [EBits-1:0]   n4_exp_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      n4_y_q    <= {n3_y_q[AccBits-1:8], n3_y_q[7:0] & {8{!n3_fp32_q}}};
      n4_inc_q  <= n4_inc;
      n4_cout_q <= n4_inc && &n3_y_q[AccBits-1:8];
      n4_exp_q  <= n3_exp_q;
    end
  end

  // ---- n5, n6: the increment at bit 8, in two carry chains ---------------------------------------------------
  logic [8:0]         n5_mid_q;   // y[15:8] + inc and its carry
  logic [15:0]        n5_hi_q;
  logic [7:0]         n5_lo_q;
  logic               n5_cout_q;
  logic [EBits-1:0]   n5_exp_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      n5_mid_q  <= 9'(n4_y_q[15:8]) + 9'(n4_inc_q);
      n5_hi_q   <= n4_y_q[31:16];
      n5_lo_q   <= n4_y_q[7:0];
      n5_cout_q <= n4_cout_q;
      n5_exp_q  <= n4_exp_q - EBits'(n4_cout_q);
    end
  end

  logic [16:0]        n6_hi;
  assign n6_hi = 17'(n5_hi_q) + 17'(n5_mid_q[8]);
  logic [AccBits-1:0] n6_a_q;
  logic [EBits-1:0]   n6_exp_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      n6_a_q   <= {n6_hi[15] || n5_cout_q, n6_hi[14:0], n5_mid_q[7:0], n5_lo_q};
      n6_exp_q <= n5_exp_q;
    end
  end
  logic unused_hi;
  assign unused_hi = n6_hi[16];   // = n5_cout_q

  assign a_o   = n6_a_q;
  assign exp_o = n6_exp_q;

endmodule
