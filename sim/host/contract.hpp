// The qmac_dot hardware contract (docs/interface.md) as testbench data: one input beat, the per-output
// parameters, and what the golden model says an output must be. Shared by the SystemC testbench, the
// raw Verilator harness, the RTL unit tests and the `qmac` backends.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>

#include "qmac/golden/requantize.hpp"
#include "golden_rounding.hpp"  // hls/tb: the rounding field <-> golden requantizer
#include "qmac/hls/interface.hpp"
#include "out_params.hpp"  // OutParams and its port packers, generated from docs/contract.toml
#include "splitmix64.hpp"  // hls/tb: the project's one random generator

namespace qmac::tb {

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
// clamp, some span the whole legal multiplier/shift range (up to hw::shift_max of the drawn rounding),
// some take the edge multipliers. Urbg: hls_tb::SplitMix64 (or any std generator, for the unit tests).
template <class Urbg> OutParams random_params(Urbg& rng, bool out_signed, int acc_bits) {
    OutParams p;
    const auto u = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    p.rounding = static_cast<unsigned>(u(0, hw::kRoundingCodes - 1));
    const int shift_max = hw::shift_max(p.rounding);
    const int kind = static_cast<int>(u(0, 9));
    if (kind < 7) {  // real multiplier near 2^-(acc_bits - 8): outputs spread over the 8-bit range
        p.multiplier = static_cast<std::int32_t>(u(std::int64_t{1} << 30, (std::int64_t{1} << 31) - 1));
        p.shift = static_cast<int>(std::clamp<std::int64_t>(8 - acc_bits + u(-4, 1), hw::kShiftMin, shift_max));
    } else if (kind < 9) {
        p.multiplier = static_cast<std::int32_t>(u(0, hw::kMultiplierMax));
        p.shift = static_cast<int>(u(hw::kShiftMin, shift_max));
    } else {
        static const std::int32_t edges[] = {0, 1, 1 << 30, hw::kMultiplierMax};
        p.multiplier = edges[u(0, 3)];
        p.shift = static_cast<int>(u(hw::kShiftMin, shift_max));
    }
    const std::int64_t lo = out_signed ? -128 : 0;
    const std::int64_t hi = out_signed ? 127 : 255;
    p.zero_point = static_cast<std::int32_t>(u(0, 3) == 0 ? u(hw::kOutParamMin, hw::kOutParamMax) : u(lo + 32, hi - 32));
    if (u(0, 1) == 0) {
        p.min = static_cast<std::int32_t>(lo);
        p.max = static_cast<std::int32_t>(hi);
    } else {
        std::int64_t a = u(lo, hi), b = u(lo, hi);
        if (a > b) std::swap(a, b);
        p.min = static_cast<std::int32_t>(a);
        p.max = static_cast<std::int32_t>(b);
    }
    return p;
}

}  // namespace qmac::tb
