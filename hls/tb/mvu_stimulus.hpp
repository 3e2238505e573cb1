// Random layers and vectors for the qmac_mvu layer engine (docs/mvu.md), for the Vitis C test bench
// (qmac_mvu_tb.cpp) and the Catch2 tests (tests/hls_mvu). A layer type is any struct with the members of
// sim/host's MvuLayer (k, n, act_signed, channels of OutParams, weights w - zw row-major), so that the
// test bench, which may not use sim/, fills its own. Test-bench code: nothing here is synthesized.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "out_params.hpp"
#include "splitmix64.hpp"
#include "stimulus.hpp"

namespace qmac {
namespace hls_tb {

// A weight w - zw: mostly anywhere in [-255, 255] (int8 or uint8 weights with any zero point), 1 in 16
// at an end, so that lane sums reach their bounds.
inline std::int16_t random_mvu_weight(Rng& rng) {
    if (rng.chance(6)) return static_cast<std::int16_t>(rng.chance(50) ? -255 : 255);
    return static_cast<std::int16_t>(rng.uniform(-255, 255));
}

// An activation byte: any code, 1 in 16 at the type's ends.
inline std::uint8_t random_mvu_activation(Rng& rng, bool act_signed) {
    if (rng.chance(6)) return static_cast<std::uint8_t>(act_signed ? (rng.chance(50) ? 0x80 : 0x7F) : (rng.chance(50) ? 0 : 255));
    return static_cast<std::uint8_t>(rng.uniform(0, 255));
}

// A random K x N layer: each channel's rounding code `rounding`, or (-1) the codes in turn from a random
// start, so that every layer of hw::kRoundingCodes (8) or more channels runs every requantizer; the multipliers aimed at the
// accumulators the layer gives (random_params), the output type int8 or uint8 per channel, the bias
// small, or 1 in 8 anywhere in int32 (the accumulator wraps).
template <class LAYER> void random_mvu_layer(Rng& rng, int k, int n, bool act_signed, int rounding, LAYER& layer) {
    layer.k = k;
    layer.n = n;
    layer.act_signed = act_signed;
    layer.channels.assign(static_cast<std::size_t>(n), OutParams());
    layer.weights.resize(static_cast<std::size_t>(k) * static_cast<std::size_t>(n));
    int acc_bits = 15;  // about log2(255 * 255 * sqrt(K))
    for (int s = 1; s * s < k; s *= 2) ++acc_bits;
    const int start = static_cast<int>(rng.uniform(0, hw::kRoundingCodes - 1));
    for (int c = 0; c < n; ++c) {
        OutParams p = random_fixed_params(rng, rng.chance(50), acc_bits);
        p.rounding = static_cast<unsigned>(rounding >= 0 ? rounding : (start + c) % hw::kRoundingCodes);
        to_contract_form(p);
        p.bias = rng.chance(12) ? rng.any_int32() : static_cast<std::int32_t>(rng.uniform(-70000, 70000));
        layer.channels[static_cast<std::size_t>(c)] = p;
    }
    for (std::int16_t& w : layer.weights) w = random_mvu_weight(rng);
}

// A random input vector of K bytes.
inline std::vector<std::uint8_t> random_mvu_vector(Rng& rng, int k, bool act_signed) {
    std::vector<std::uint8_t> x(static_cast<std::size_t>(k));
    for (std::uint8_t& v : x) v = random_mvu_activation(rng, act_signed);
    return x;
}

}  // namespace hls_tb
}  // namespace qmac
