// qmac_requant_pkg: the stage modules of qmac_requant, their latencies (cycles of en_i) and the widths they
// share. The stage map is in the header of qmac_requant.sv.
//
// Each latency is the number of registers between a stage module's inputs and its outputs. qmac_requant
// derives its side-band delays from these constants (and checks at elaboration that they add up to
// qmac_pkg::RequantLatency), the product modules their pass-through delays of the sign and the mode: a
// constant that disagrees with its module's registers misaligns a signal, which the sweeps of tests/rtl catch.
package qmac_requant_pkg;

  localparam int DecodeLatency    = 1;  // qmac_requant_decode: 1z
  localparam int MagnitudeLatency = 4;  // qmac_requant_magnitude: 1a, 1, 2a, 2
  localparam int NormalizeLatency = 6;  // qmac_requant_normalize: n1 to n6 (fp32: f32(acc), normalised)
  localparam int ProductLatency   = 8;  // qmac_requant_product_fabric: 2b, 3, 3b, 4, 5a, 5b, 5, 6
  localparam int CascadeLatency   = 6;  // qmac_requant_product_cascade: 2b, 3, 3b, 4, 5a, 6 (qmac_requant
                                        // delays its output by ProductLatency - CascadeLatency instead)
  localparam int Round24Latency   = 4;  // qmac_requant_round24: r1 to r4 (fp32: the product to float32)
  localparam int ShiftLatency     = 4;  // qmac_requant_shift: 6b, 7, 8c, 8a
  localparam int ClampLatency     = 3;  // qmac_requant_clamp: 8, 9, 10

  localparam int LeftBits = 5;   // the double mode's left shift l in [0, 31] (acc << l wraps in 32 bits)
  localparam int MagBits  = 10;  // saturated |quotient|: 1023 lies beyond every clamp bound
  localparam int ExpBits  = 9;   // fp32: signed exponent offsets, 150 - biased (+ lz, - t) in [-107, 181]

endpackage
