// Test vectors for the qmac HLS kernel and the golden results they must reproduce: used by the Vitis C
// test bench (qmac_dot_tb.cpp) and by the Catch2 C-simulation sweeps (tests/hls). Test-bench code: it
// uses the golden model (C++17) and std::vector; nothing here is synthesized.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "golden_rounding.hpp"
#include "splitmix64.hpp"
#include "qmac/golden/accumulate.hpp"
#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/requantize.hpp"
#include "qmac/golden/seed_example.hpp"
#include "qmac/hls/interface.hpp"
#include "qmac/hls/qmac_dot.hpp"

namespace qmac {
namespace hls_tb {

// The project's one random generator (splitmix64.hpp).
typedef SplitMix64 Rng;

// One output's worth of work: the elements of the dot product and the per-output parameters.
struct Group {
    std::vector<std::int32_t> act;  // int8 or uint8 values
    std::vector<std::int32_t> wgt;  // int8 values
    std::int32_t bias = 0;
    std::int32_t multiplier = 0;
    int shift = 0;
    int rounding = 0;  // 0..3 (qmac::hw::RoundingSel)
    int zero_point = 0, out_min = -128, out_max = 127;
};

struct Expected {
    std::int32_t acc;
    std::int32_t y;
};

// What the contract says the hardware outputs for g: golden accumulate_wrapping, then requantize_fixed.
inline Expected golden_expected(const Group& g) {
    const std::int32_t acc = golden::accumulate_wrapping(g.act.data(), g.wgt.data(), g.act.size(), g.bias);
    const golden::OutputStage o = golden::make_output_stage(g.zero_point, g.out_min, g.out_max);
    return {acc, golden::requantize_fixed(acc, {g.multiplier, g.shift}, golden_rounding(static_cast<unsigned>(g.rounding)), o)};
}

// The beats that carry g: ceil(n / LANES) beats, the last one padded with zero lanes and flagged `last`,
// the parameters on every beat (the kernel reads them on the `last` beat only; earlier beats carry
// garbage parameters when garbage_params, to show that they are ignored).
template <class CONFIG>
void append_beats(const Group& g, std::vector<hls::qmac_dot_in_beat<CONFIG>>& beats, Rng* garbage_params = nullptr) {
    typedef hls::qmac_dot_types<CONFIG> T;
    const std::size_t lanes = static_cast<std::size_t>(CONFIG::lanes);
    const std::size_t n_beats = g.act.empty() ? 1 : (g.act.size() + lanes - 1) / lanes;
    for (std::size_t b = 0; b < n_beats; ++b) {
        hls::qmac_dot_in_beat<CONFIG> beat{};
        for (std::size_t l = 0; l < lanes; ++l) {
            const std::size_t i = b * lanes + l;
            beat.act[l] = i < g.act.size() ? static_cast<typename T::act_t>(g.act[i]) : 0;
            beat.wgt[l] = i < g.wgt.size() ? static_cast<typename T::weight_t>(g.wgt[i]) : 0;
        }
        beat.last = b + 1 == n_beats;
        if (beat.last || garbage_params == nullptr) {
            beat.bias = g.bias;
            beat.params.multiplier = g.multiplier;
            beat.params.shift = static_cast<std::int8_t>(g.shift);
            beat.params.rounding = static_cast<std::uint8_t>(g.rounding);
            beat.params.out_zero_point = static_cast<std::int16_t>(g.zero_point);
            beat.params.out_min = static_cast<std::int16_t>(g.out_min);
            beat.params.out_max = static_cast<std::int16_t>(g.out_max);
        } else {  // garbage: any image of each field (the kernel must ignore them)
            const std::int64_t out_lo = -(std::int64_t{1} << (hw::kOutParamBits - 1)), out_hi = -out_lo - 1;
            const std::int64_t shift_lo = -(std::int64_t{1} << (hw::kShiftBits - 1)), shift_hi = -shift_lo - 1;
            beat.bias = garbage_params->any_int32();
            beat.params.multiplier = garbage_params->any_int32();
            beat.params.shift = static_cast<std::int8_t>(garbage_params->uniform(shift_lo, shift_hi));
            beat.params.rounding = static_cast<std::uint8_t>(garbage_params->uniform(0, (1 << hw::kRoundingBits) - 1));
            beat.params.out_zero_point = static_cast<std::int16_t>(garbage_params->uniform(out_lo, out_hi));
            beat.params.out_min = static_cast<std::int16_t>(garbage_params->uniform(out_lo, out_hi));
            beat.params.out_max = static_cast<std::int16_t>(garbage_params->uniform(out_lo, out_hi));
        }
        beats.push_back(beat);
    }
}

// The seed example (example_01) as the hardware runs it, derived from the golden seed, no number typed by
// hand: golden::run_seed's quantized W, A and bias and its output clamp, and its float64 requantization as
// the integer parameters golden::map_seed_to_fixed_point proves exact over every accumulator the seed layer
// can reach (the same mapping as the `qmac seed` hardware backends, sim/host/seed_hardware.cpp).
inline const golden::SeedResult& seed_result() {
    static const golden::SeedResult r = golden::run_seed(golden::SeedInputs::example_01());
    return r;
}

inline Group seed_group() {
    const golden::SeedResult& s = seed_result();
    const golden::FixedPointMapping m = golden::map_seed_to_fixed_point(s);
    if (!m.exact()) throw std::runtime_error("the seed's requantization has no exact integer form");
    Group g;
    g.wgt = s.weights_q;
    g.act = s.activations_q;
    g.bias = s.bias_q;
    g.multiplier = m.multiplier.multiplier;
    g.shift = m.multiplier.shift;
    g.rounding = static_cast<int>(rounding_code(m.rounding));
    g.zero_point = s.output_stage.zero_point;
    g.out_min = s.output_stage.min;
    g.out_max = s.output_stage.max;
    return g;
}

inline int act_min(bool act_signed) { return act_signed ? -128 : 0; }
inline int act_max(bool act_signed) { return act_signed ? 127 : 255; }

// Multipliers that make exact ties and saturation likely: few set bits, the extremes, and 0.
inline std::int32_t corner_multiplier(Rng& rng) {
    static const std::int32_t table[] = {0,          1,          2,          1 << 29,    1 << 30,
                                         (1 << 30) + (1 << 29),  (1 << 30) + 1,          0x7FFFFFFF,
                                         0x7FFFFFFE, 0x60000000, 0x50000000, 0x48000000, 0x40000001};
    const std::size_t n = sizeof(table) / sizeof(table[0]);
    return rng.chance(70) ? table[static_cast<std::size_t>(rng.uniform(0, static_cast<std::int64_t>(n) - 1))]
                          : static_cast<std::int32_t>(rng.uniform(0, INT32_MAX));
}

// Accumulators at the edges: INT32_MIN/MAX, 0, +-1, and k*2^j + 2^(j-1) (exact ties for power-of-two
// multipliers), of both signs.
inline std::int32_t corner_accumulator(Rng& rng) {
    switch (rng.uniform(0, 5)) {
    case 0: return INT32_MIN;
    case 1: return INT32_MAX;
    case 2: return static_cast<std::int32_t>(rng.uniform(-2, 2));
    case 3: {
        const int j = static_cast<int>(rng.uniform(1, 31));
        const std::int64_t k = rng.uniform(-(std::int64_t{1} << (31 - j)), (std::int64_t{1} << (31 - j)) - 1);
        const std::int64_t v = k * (std::int64_t{1} << j) + (std::int64_t{1} << (j - 1));
        return static_cast<std::int32_t>(v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : v);
    }
    case 4: return static_cast<std::int32_t>(rng.uniform(INT32_MIN, INT32_MIN + 1000));
    default: return rng.any_int32();
    }
}

// Random output-stage parameters inside the contract: zp in [kOutParamMin, kOutParamMax], min <= max in the
// output range.
inline void random_output_stage(Rng& rng, bool act_signed, Group& g) {
    g.zero_point = static_cast<int>(rng.uniform(hw::kOutParamMin, hw::kOutParamMax));
    if (rng.chance(40)) {
        g.out_min = act_min(act_signed);
        g.out_max = act_max(act_signed);
    } else {
        const int a = static_cast<int>(rng.uniform(act_min(act_signed), act_max(act_signed)));
        const int b = static_cast<int>(rng.uniform(act_min(act_signed), act_max(act_signed)));
        g.out_min = a < b ? a : b;
        g.out_max = a < b ? b : a;
    }
}

// A random group: random length (1 .. 6*LANES + 3 elements), random or extreme operands, random
// per-output parameters, all rounding modes; a third of the groups hit a chosen accumulator (a corner
// value, or one that lands the output inside the clamp range) through the bias.
inline Group random_group(Rng& rng, int lanes, bool act_signed) {
    Group g;
    const std::size_t n = static_cast<std::size_t>(rng.uniform(1, 6 * lanes + 3));
    const int style = static_cast<int>(rng.uniform(0, 9));
    for (std::size_t i = 0; i < n; ++i) {
        if (style == 0) {  // extremes: drive the lane sums to their bounds
            g.act.push_back(rng.chance(50) ? act_min(act_signed) : act_max(act_signed));
            g.wgt.push_back(rng.chance(50) ? -128 : 127);
        } else {
            g.act.push_back(static_cast<std::int32_t>(rng.uniform(act_min(act_signed), act_max(act_signed))));
            g.wgt.push_back(static_cast<std::int32_t>(rng.uniform(-128, 127)));
        }
    }
    g.rounding = static_cast<int>(rng.uniform(0, hw::kRoundingCodes - 1));
    random_output_stage(rng, act_signed, g);
    std::int64_t target = 0;
    bool targeted = false;
    if (rng.chance(50)) {  // a realistic multiplier: real in [2^-31, 1), output mostly inside the clamp
        g.multiplier = static_cast<std::int32_t>(rng.uniform(std::int64_t{1} << 30, INT32_MAX));
        g.shift = static_cast<int>(rng.uniform(-20, 0));
        if (rng.chance(60)) {
            const double real = static_cast<double>(g.multiplier) * std::ldexp(1.0, g.shift - 31);
            // an output near or inside [out_min, out_max] after the zero point
            const double y = static_cast<double>(rng.uniform(g.out_min - g.zero_point - 4, g.out_max - g.zero_point + 4));
            const double want = y / real + static_cast<double>(rng.uniform(-3, 3));
            target = want < INT32_MIN ? INT32_MIN : want > INT32_MAX ? INT32_MAX : static_cast<std::int64_t>(want);
            targeted = true;
        }
    } else {  // anything the contract allows: corner multipliers, every shift of the drawn rounding
        g.multiplier = corner_multiplier(rng);
        g.shift = static_cast<int>(rng.uniform(hw::kShiftMin, hw::shift_max(static_cast<unsigned>(g.rounding))));
        if (rng.chance(50)) {
            target = corner_accumulator(rng);
            targeted = true;
        }
    }
    if (targeted) {  // bias = target - sum (mod 2^32), so that acc = target
        const std::int32_t sum = golden::accumulate_wrapping(g.act.data(), g.wgt.data(), n, 0);
        g.bias = static_cast<std::int32_t>(static_cast<std::uint32_t>(target) - static_cast<std::uint32_t>(sum));
    } else {
        g.bias = rng.chance(50) ? rng.any_int32() : static_cast<std::int32_t>(rng.uniform(-100000, 100000));
    }
    return g;
}

}  // namespace hls_tb
}  // namespace qmac
