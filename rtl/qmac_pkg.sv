// qmac_pkg: the widths and encodings of the qmac_dot hardware contract (docs/interface.md).
//
// The same values live in hls/include/qmac/hls/interface.hpp; tests/rtl reads these through Verilator's
// public parameters and checks that the two agree, so neither is copied by hand without a test noticing.
package qmac_pkg;

  // `rounding` field: which integer requantizer runs (golden::FixedPointRounding).
  localparam int RoundDouble   /*verilator public*/ = 0;  // tflite double rounding
  localparam int RoundSingle   /*verilator public*/ = 1;  // tflite single rounding
  localparam int RoundTruncate /*verilator public*/ = 2;  // truncate toward zero
  localparam int RoundSingleEven /*verilator public*/ = 3;  // single rounding, ties to even

  localparam int ActBits        /*verilator public*/ = 8;
  localparam int WeightBits     /*verilator public*/ = 8;
  localparam int AccBits        /*verilator public*/ = 32;
  localparam int MultiplierBits /*verilator public*/ = 32;
  localparam int ShiftBits      /*verilator public*/ = 6;   // signed, [ShiftMin, ShiftMax]
  localparam int ShiftMin       /*verilator public*/ = -31;
  localparam int ShiftMax       /*verilator public*/ = 30;
  localparam int RoundingBits   /*verilator public*/ = 2;
  localparam int OutParamBits   /*verilator public*/ = 9;   // signed: zero point and clamp bounds
  localparam int OutBits        /*verilator public*/ = 8;
  localparam int MaxLanes       /*verilator public*/ = 64;
  localparam int DefaultLanes   /*verilator public*/ = 8;

  // Product of one lane: a 9-bit signed activation (int8, or uint8 zero-extended) times an int8 weight.
  // Its range is [-32640, 32385] (uint8 x int8) or [-16256, 16384] (int8 x int8): exact in 16 bits, one
  // bit less than a general 9x8 signed product. The exact width matters for Yosys 0.23 on xc7: with a
  // 17-bit product Yosys finds the redundant sign bit itself, narrows the first adder-tree level and then
  // packs that adder into the DSP48E1 post-adder (PREG) without the sum's top bit, which it leaves
  // undriven (docs/resources.md, "Yosys 0.23 xilinx_dsp bug").
  localparam int ProdBits /*verilator public*/ = ActBits + WeightBits;

  // Pipeline depths (cycles of the advance enable) of the building blocks; qmac_dot adds them up into
  // its LATENCY.
  localparam int MulLatency     /*verilator public*/ = 2;   // qmac_mul: operand and product registers
  localparam int AccLatency     /*verilator public*/ = 3;   // qmac_dot: split accumulator and bias add
  localparam int RequantLatency /*verilator public*/ = 20;  // qmac_requant

endpackage
