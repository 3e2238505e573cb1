// The qmac_dot hardware contract in C++14 (docs/interface.md): field widths, ranges and encodings shared
// by the HLS kernel, its testbenches and the SystemC testbench. rtl/qmac_pkg.sv holds the same values for
// the RTL; tests/rtl checks the two against each other through Verilator's public parameters.
#pragma once

#include <cstdint>

namespace qmac {
namespace hw {

// `rounding` field: which integer requantizer runs (golden::FixedPointRounding).
enum RoundingSel : std::uint8_t {
    kRoundDouble = 0,    // tflite double rounding (SRDHM + RoundingDivideByPOT)
    kRoundSingle = 1,    // tflite single rounding
    kRoundTruncate = 2,  // truncate toward zero (the seed's integer stand-in)
    kRoundSingleEven = 3,  // single rounding with ties to even (the integer form of fp32 / qnnpack modes)
};

constexpr int kActBits = 8;
constexpr int kWeightBits = 8;
constexpr int kAccBits = 32;
constexpr int kMultiplierBits = 32;
constexpr int kShiftBits = 6;        // signed, [kShiftMin, kShiftMax]
constexpr int kShiftMin = -31;
constexpr int kShiftMax = 30;
constexpr int kRoundingBits = 2;
constexpr int kOutParamBits = 9;     // signed: zero point and clamp bounds in [-128, 255]
constexpr int kOutBits = 8;
constexpr int kMaxLanes = 64;
constexpr int kDefaultLanes = 8;

static_assert(kShiftMin >= -(1 << (kShiftBits - 1)) && kShiftMax < (1 << (kShiftBits - 1)), "shift field too narrow");
static_assert(kRoundSingleEven < (1 << kRoundingBits), "rounding field too narrow");

}  // namespace hw
}  // namespace qmac
