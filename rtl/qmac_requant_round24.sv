// qmac_requant_round24: stages r1 to r4 of qmac_requant. fp32: the product P = a * m of the normalised
// operands (qmac_requant_normalize: a in [2^31, 2^32), m in [2^23, 2^24), so P in [2^54, 2^56), or P = 0)
// rounded to the float32 nearest it, 24 significant bits, ties to even, in place: X = P rounded at bit 31 + t
// (t = P[55]) with the bits below cleared, = sp * 2^(31 + t). Its value f32(f32(acc) * m) = X * 2^-exp with
// exp = 150 - biased(m) + lz' (exp_i), so the final rounding (qmac_requant_shift, ties to even) takes n = exp,
// clamped to [0, 63]: n < 0 means a value of at least 2^54 (the shifter saturates X >= 2^54 with n = 0), n > 63
// one below 2^-7 (X / 2^63 < 2^-7: 0 either way). The fixed-point modes pass X and their n through the same
// registers and adders (increment 0, nothing cleared).
//   r1  t; the sticky bit of P[29:0]
//   r2  round bit G = P[30 + t], sticky, kept LSB P[31 + t]: the increment (ties to even)
//   r3  X[43:31] + increment at bit 31 + t (14-bit chain, carry registered); n clamped
//   r4  X[55:44] + carry (13-bit chain); X (below the window cleared in fp32 through the flip-flops'
//       synchronous reset)
// The bits no stage before r3 reads wait in a block RAM (qmac_delay_ram) instead of r1's and r2's flip-flops.
// Inputs are aligned with x_i, outputs with each other. Latency: qmac_requant_pkg::Round24Latency (4).
module qmac_requant_round24 #(
  parameter bit SideBandRam = 1'b1   // the pass bits' delay in block RAM (qmac_requant's parameter)
) (
  input  logic                                 clk_i,
  input  logic                                 en_i,
  input  logic [2*qmac_pkg::AccBits-1:0]       x_i,
  input  logic                                 fp32_i,
  input  logic [qmac_requant_pkg::ExpBits-1:0] exp_i,
  input  logic [qmac_pkg::ShiftBits-1:0]       n_i,     // the fixed-point modes' n = 31 - s
  output logic [2*qmac_pkg::AccBits-1:0]       x_o,
  output logic [qmac_pkg::ShiftBits-1:0]       n_o
);
  localparam int Latency = qmac_requant_pkg::Round24Latency;
  localparam int UBits   = 2 * qmac_pkg::AccBits;
  localparam int EBits   = qmac_requant_pkg::ExpBits;
  localparam int NBits   = qmac_pkg::ShiftBits;
  localparam int Lsb     = 31;   // the window X[55:31]: sp * 2^(31 + t), 24 bits plus t
  localparam int Mid     = 44;   // the window's two carry chains: [43:31], [55:44]
  localparam int Top     = 55;

`ifndef __ICARUS__
  if (UBits != 64 || NBits != 6) begin : gen_check_width
    $error("qmac_requant_round24: the window assumes a 64-bit product and a 6-bit n");
  end
  if (Latency != 4) begin : gen_check_latency
    $error("qmac_requant_round24: qmac_requant_pkg::Round24Latency must count r1 to r4");
  end
`endif

  logic [NBits-1:0] r2_n_fixed;   // n_i, aligned with r2
  qmac_delay #(.Width(NBits), .Depth(2)) u_n_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(n_i), .data_o(r2_n_fixed));
  logic [EBits-1:0] r2_exp;   // two's complement
  qmac_delay #(.Width(EBits), .Depth(2)) u_exp_d (
    .clk_i, .rst_i(1'b0), .en_i, .data_i(exp_i), .data_o(r2_exp));

  // Only X[32:30] is read before r3 (by r2): the other bits wait in a block RAM whose read register stands
  // at r2, then take r3's and r4's flip-flops (61 bits over two edges: no SRL per bit on xc7).
  localparam int PassLo = Lsb - 1;          // X[PassLo-1:0] in the RAM
  localparam int PassHi = UBits - Lsb - 2;  // X[UBits-1:Lsb+2] in the RAM
  logic [PassHi-1:0] r2_pass_hi;
  logic [PassLo-1:0] r2_pass_lo;
  qmac_delay_ram #(.Width(PassHi + PassLo), .Depth(2), .Block(SideBandRam)) u_pass_d (
    .clk_i, .en_i, .data_i({x_i[UBits-1:Lsb+2], x_i[PassLo-1:0]}), .data_o({r2_pass_hi, r2_pass_lo}));

  // ---- r1: t, sticky of P[29:0] ------------------------------------------------------------------------------
  logic [Lsb+1:PassLo] r1_x_q;
  logic             r1_t_q, r1_sticky_q, r1_fp32_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      r1_x_q      <= x_i[Lsb+1:PassLo];
      r1_t_q      <= x_i[Top] && fp32_i;
      r1_sticky_q <= |x_i[Lsb-2:0];
      r1_fp32_q   <= fp32_i;
    end
  end

  // ---- r2: the increment -------------------------------------------------------------------------------------
  logic r2_g, r2_s, r2_l;
  assign r2_g = r1_t_q ? r1_x_q[Lsb] : r1_x_q[Lsb-1];
  assign r2_s = r1_sticky_q || (r1_t_q && r1_x_q[Lsb-1]);
  assign r2_l = r1_t_q ? r1_x_q[Lsb+1] : r1_x_q[Lsb];
  logic [Lsb+1:PassLo] r2_x_q;
  logic [1:0]       r2_inc_q;   // the increment at bit 31 + t, as a 2-bit addend at bit 31
  logic             r2_fp32_q;
  logic             r2_b31_q;   // X[31], cleared when t: registered so that r3's chain starts at flip-flops
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      r2_x_q    <= r1_x_q;
      r2_inc_q  <= {2{r1_fp32_q && r2_g && (r2_s || r2_l)}} & {r1_t_q, !r1_t_q};
      r2_b31_q  <= r1_x_q[Lsb] && !r1_t_q;
      r2_fp32_q <= r1_fp32_q;
    end
  end

  // ---- r3: lower chain; n clamped ------------------------------------------------------------------------------
  // With t the window's bit 31 is below the kept bits: cleared.
  logic [UBits-1:0]   r3_x_q;
  logic [Mid-Lsb:0]   r3_lo_q;   // X[43:31] + increment and its carry
  logic               r3_fp32_q;
  logic [NBits-1:0]   r3_n_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      r3_x_q    <= {r2_pass_hi, r2_x_q, r2_pass_lo};
      r3_lo_q   <= (Mid-Lsb+1)'({r2_pass_hi[Mid-Lsb-3:0], r2_x_q[Lsb+1], r2_b31_q})
                 + (Mid-Lsb+1)'(r2_inc_q);
      r3_fp32_q <= r2_fp32_q;
      // exp < 0: its sign bit; exp > 63: a bit above bit 5 (bit tests, no comparator's carry chain)
      if (!r2_fp32_q)                        r3_n_q <= r2_n_fixed;
      else if (r2_exp[EBits-1])              r3_n_q <= '0;
      else if (|r2_exp[EBits-2:NBits])       r3_n_q <= '1;
      else                                   r3_n_q <= r2_exp[NBits-1:0];
    end
  end

  // ---- r4: upper chain; X ---------------------------------------------------------------------------------------
  // X[56:44] = X[55:44] + carry: in fp32 X[56] is 0 (P < 2^56) unless the rounding carries out to 2^56, and
  // the fixed-point modes carry nothing, so X[56] = the input's bit OR the carry out.
  logic [Top-Mid+1:0] r4_hi;
  assign r4_hi = (Top-Mid+2)'(r3_x_q[Top:Mid]) + (Top-Mid+2)'(r3_lo_q[Mid-Lsb]);
  logic [UBits-1:0] r4_x_q;
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      r4_x_q[UBits-1:Mid] <= {r3_x_q[UBits-1:Top+2], r3_x_q[Top+1] || r4_hi[Top-Mid+1], r4_hi[Top-Mid:0]};
      r4_x_q[Mid-1:Lsb]   <= r3_lo_q[Mid-Lsb-1:0];
    end
  end
  // Below the window X is 0 in fp32: a synchronous reset by the registered mode flag, no multiplexer.
  always_ff @(posedge clk_i) begin
    if (en_i && r3_fp32_q) r4_x_q[Lsb-1:0] <= '0;
    else if (en_i)         r4_x_q[Lsb-1:0] <= r3_x_q[Lsb-1:0];
  end
  logic [NBits-1:0] r4_n_q;
  always_ff @(posedge clk_i) begin
    if (en_i) r4_n_q <= r3_n_q;
  end
  assign x_o = r4_x_q;
  assign n_o = r4_n_q;

endmodule
