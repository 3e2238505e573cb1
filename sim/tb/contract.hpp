// The qmac_dot hardware contract (docs/interface.md) as testbench data: one input beat, the per-output
// parameters, and what the golden model says an output must be. Shared by the SystemC testbench, the
// raw Verilator harness, the RTL unit tests and the `qmac` backends.
#pragma once

#include <cstdint>
#include <random>

#include "qmac/golden/requantize.hpp"
#include "golden_rounding.hpp"  // hls/tb: the rounding field <-> golden requantizer
#include "qmac/hls/interface.hpp"

namespace qmac::tb {

// The per-output parameters that travel on a `last` beat.
struct OutParams {
    std::int32_t bias = 0;
    std::int32_t multiplier = 0;  // >= 0
    int shift = 0;                // [hw::kShiftMin, hw::kShiftMax]
    unsigned rounding = hw::kRoundDouble;
    std::int32_t zero_point = 0;
    std::int32_t min = -128;
    std::int32_t max = 127;
};

// One input beat of up to hw::kMaxLanes lanes; activations hold int8 or uint8 codes.
struct InBeat {
    std::int16_t act[hw::kMaxLanes];
    std::int8_t wgt[hw::kMaxLanes];
    bool last = false;
    OutParams params;  // meaningful on `last` beats
};

// y = golden::requantize_fixed(acc, ...) with the output stage of p: what every backend must output.
std::int32_t golden_output(std::int32_t acc, const OutParams& p);

// Random legal per-output parameters for accumulators of about acc_bits bits: most keep outputs off the
// clamp, some span the whole legal multiplier/shift range, some take the edge multipliers.
OutParams random_params(std::mt19937_64& rng, bool out_signed, int acc_bits);

}  // namespace qmac::tb
