// DSP48E2: the project's own behavioural model of the part of AMD's UltraScale+ DSP slice (UG579) that
// Yosys 0.23's `synth_xilinx -family xcup` netlists use, for gate-level simulation with Icarus (Yosys
// ships no simulation model of it: cells_xtra.v has a blackbox only; no vendor model is used here).
//
// What Yosys 0.23 emits for a multiply is a purely combinational slice: its xilinx_dsp pass packs
// registers, pre- and post-adders into DSP48E1 cells only, so every DSP48E2 comes out with all pipeline
// registers bypassed (AREG = BREG = CREG = DREG = ADREG = MREG = PREG = 0, and the control, carry and
// cascade registers 0), USE_MULT = "MULTIPLY", INMODE = 0, OPMODE = X:M Y:M Z:0 W:0, ALUMODE = 0 (Z + W +
// X + Y + CIN) and CARRYIN = 0. That is all this model computes:
//
//   P = the 27 x 18 signed product A[26:0] * B[17:0], sign-extended to 48 bits
//
// (UG579: the multiplier takes A's 27 LSBs and B's 18 bits in two's complement; with OPMODE X = Y = M the
// ALU adds the multiplier's two partial products, i.e. passes the product.) Every other parameter value or
// control input makes the simulation stop with $fatal naming it, so that the model cannot silently
// simulate a slice it does not implement; the parameters default to the primitive's own defaults (UG579),
// so a parameter the netlist leaves out is checked at the value the hardware would use. Outputs the model
// does not compute (cascades, carries, pattern detection, XOR) are driven unknown: a netlist that used one
// would simulate as x and fail its comparison.
module DSP48E2 #(
  parameter integer ACASCREG = 1,
  parameter integer ADREG = 1,
  parameter integer ALUMODEREG = 1,
  parameter AMULTSEL = "A",
  parameter integer AREG = 1,
  parameter AUTORESET_PATDET = "NO_RESET",
  parameter AUTORESET_PRIORITY = "RESET",
  parameter A_INPUT = "DIRECT",
  parameter integer BCASCREG = 1,
  parameter BMULTSEL = "B",
  parameter integer BREG = 1,
  parameter B_INPUT = "DIRECT",
  parameter integer CARRYINREG = 1,
  parameter integer CARRYINSELREG = 1,
  parameter integer CREG = 1,
  parameter integer DREG = 1,
  parameter integer INMODEREG = 1,
  parameter [3:0] IS_ALUMODE_INVERTED = 4'b0000,
  parameter [0:0] IS_CARRYIN_INVERTED = 1'b0,
  parameter [0:0] IS_CLK_INVERTED = 1'b0,
  parameter [4:0] IS_INMODE_INVERTED = 5'b00000,
  parameter [8:0] IS_OPMODE_INVERTED = 9'b000000000,
  parameter [0:0] IS_RSTALLCARRYIN_INVERTED = 1'b0,
  parameter [0:0] IS_RSTALUMODE_INVERTED = 1'b0,
  parameter [0:0] IS_RSTA_INVERTED = 1'b0,
  parameter [0:0] IS_RSTB_INVERTED = 1'b0,
  parameter [0:0] IS_RSTCTRL_INVERTED = 1'b0,
  parameter [0:0] IS_RSTC_INVERTED = 1'b0,
  parameter [0:0] IS_RSTD_INVERTED = 1'b0,
  parameter [0:0] IS_RSTINMODE_INVERTED = 1'b0,
  parameter [0:0] IS_RSTM_INVERTED = 1'b0,
  parameter [0:0] IS_RSTP_INVERTED = 1'b0,
  parameter [47:0] MASK = 48'h3FFFFFFFFFFF,
  parameter integer MREG = 1,
  parameter integer OPMODEREG = 1,
  parameter [47:0] PATTERN = 48'h000000000000,
  parameter PREADDINSEL = "A",
  parameter integer PREG = 1,
  parameter [47:0] RND = 48'h000000000000,
  parameter SEL_MASK = "MASK",
  parameter SEL_PATTERN = "PATTERN",
  parameter USE_MULT = "MULTIPLY",
  parameter USE_PATTERN_DETECT = "NO_PATDET",
  parameter USE_SIMD = "ONE48",
  parameter USE_WIDEXOR = "FALSE",
  parameter XORSIMD = "XOR24_48_96"
) (
  output [29:0] ACOUT,
  output [17:0] BCOUT,
  output        CARRYCASCOUT,
  output [3:0]  CARRYOUT,
  output        MULTSIGNOUT,
  output        OVERFLOW,
  output [47:0] P,
  output        PATTERNBDETECT,
  output        PATTERNDETECT,
  output [47:0] PCOUT,
  output        UNDERFLOW,
  output [7:0]  XOROUT,
  input  [29:0] A,
  input  [29:0] ACIN,
  input  [3:0]  ALUMODE,
  input  [17:0] B,
  input  [17:0] BCIN,
  input  [47:0] C,
  input         CARRYCASCIN,
  input         CARRYIN,
  input  [2:0]  CARRYINSEL,
  input         CEA1, CEA2, CEAD, CEALUMODE, CEB1, CEB2, CEC, CECARRYIN, CECTRL, CED, CEINMODE, CEM, CEP,
  input         CLK,
  input  [26:0] D,
  input  [4:0]  INMODE,
  input         MULTSIGNIN,
  input  [8:0]  OPMODE,
  input  [47:0] PCIN,
  input         RSTA, RSTALLCARRYIN, RSTALUMODE, RSTB, RSTC, RSTCTRL, RSTD, RSTINMODE, RSTM, RSTP
);
  // OPMODE = {W[8:7], Z[6:4], Y[3:2], X[1:0]}: W = 0, Z = 0, Y = M, X = M.
  localparam [8:0] OpmodeMultiply = 9'b00_000_01_01;

  // A parameter value outside the implemented subset ends the simulation here.
  task automatic refuse(input string what);
    $fatal(1, "DSP48E2 model (%m): %s is not implemented (rtl/tb/dsp48e2_model.sv)", what);
  endtask

  initial begin
    if (AREG != 0 || BREG != 0 || CREG != 0 || DREG != 0 || ADREG != 0 || MREG != 0 || PREG != 0)
      refuse("a pipeline register (AREG, BREG, CREG, DREG, ADREG, MREG, PREG other than 0)");
    if (ACASCREG != 0 || BCASCREG != 0 || ALUMODEREG != 0 || CARRYINREG != 0 || CARRYINSELREG != 0
        || INMODEREG != 0 || OPMODEREG != 0)
      refuse("a control or cascade register (ACASCREG, BCASCREG, ALUMODEREG, CARRYIN*REG, INMODEREG, OPMODEREG other than 0)");
    if (USE_MULT != "MULTIPLY") refuse("USE_MULT other than MULTIPLY");
    if (AMULTSEL != "A" || BMULTSEL != "B" || PREADDINSEL != "A")
      refuse("the preadder (AMULTSEL, BMULTSEL, PREADDINSEL other than A, B, A)");
    if (A_INPUT != "DIRECT" || B_INPUT != "DIRECT") refuse("a cascade input (A_INPUT, B_INPUT other than DIRECT)");
    if (USE_SIMD != "ONE48") refuse("USE_SIMD other than ONE48");
    if (USE_PATTERN_DETECT != "NO_PATDET" || AUTORESET_PATDET != "NO_RESET") refuse("pattern detection");
    if (USE_WIDEXOR != "FALSE") refuse("the wide XOR");
    if (IS_ALUMODE_INVERTED != 0 || IS_CARRYIN_INVERTED != 0 || IS_CLK_INVERTED != 0 || IS_INMODE_INVERTED != 0
        || IS_OPMODE_INVERTED != 0)
      refuse("an inverted control input (IS_*_INVERTED)");
  end

  // The control inputs must hold the multiply's values (the netlist ties them to constants); checked once
  // they have settled and on every change after that.
  task automatic check_controls;
    if (INMODE !== 5'b00000) refuse($sformatf("INMODE = %b (only 00000)", INMODE));
    if (OPMODE !== OpmodeMultiply) refuse($sformatf("OPMODE = %b (only %b: X = Y = M, Z = W = 0)", OPMODE, OpmodeMultiply));
    if (ALUMODE !== 4'b0000) refuse($sformatf("ALUMODE = %b (only 0000: Z + W + X + Y + CIN)", ALUMODE));
    if (CARRYINSEL !== 3'b000 || CARRYIN !== 1'b0)
      refuse($sformatf("CARRYINSEL = %b, CARRYIN = %b (only 000, 0)", CARRYINSEL, CARRYIN));
  endtask
  initial #1 check_controls();
  always @(INMODE or OPMODE or ALUMODE or CARRYINSEL or CARRYIN) if ($time > 0) check_controls();

  wire signed [26:0] a_mult = A[26:0];
  wire signed [17:0] b_mult = B;
  wire signed [44:0] m = a_mult * b_mult;  // exact: 27 + 18 bits

  assign P = {{3{m[44]}}, m};

  assign ACOUT = 'x;
  assign BCOUT = 'x;
  assign CARRYCASCOUT = 1'bx;
  assign CARRYOUT = 'x;
  assign MULTSIGNOUT = 1'bx;
  assign OVERFLOW = 1'bx;
  assign PATTERNBDETECT = 1'bx;
  assign PATTERNDETECT = 1'bx;
  assign PCOUT = 'x;
  assign UNDERFLOW = 1'bx;
  assign XOROUT = 'x;
endmodule
