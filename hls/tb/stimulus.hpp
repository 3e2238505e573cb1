// The project's one stimulus library: what one output of qmac_dot is made of (Group), what the golden model
// says it must give, the constrained-random and corner generators, the seed example as the hardware runs
// it, and the group as HLS kernel beats. Used by the Vitis C test bench (qmac_dot_tb.cpp), the Catch2
// C-simulation sweeps (tests/hls) and the host library (sim/host: the SystemC testbench, the RTL tests,
// the `qmac` backends, bench/). Test-bench code: it uses the golden model (C++17) and std::vector; nothing
// here is synthesized.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "golden_rounding.hpp"
#include "out_params.hpp"
#include "param_draws.hpp"
#include "splitmix64.hpp"
#include "qmac/golden/accumulate.hpp"
#include "qmac/golden/fixed_point_mapping.hpp"
#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/integer.hpp"
#include "qmac/golden/requantize.hpp"
#include "qmac/golden/seed_example.hpp"
#include "qmac/hls/interface.hpp"
#include "qmac/hls/qmac_dot.hpp"

namespace qmac {
namespace hls_tb {

// Rng: the project's one random generator (param_draws.hpp, splitmix64.hpp).

// One output's worth of work: the elements of the dot product, the per-output parameters (carried on the
// group's `last` beat), and what golden says the hardware outputs (finish()). The beats are a transport:
// ceil(n / LANES) of them (one for an empty group), the last one padded with zero lanes.
struct Group {
    std::vector<std::int32_t> act;  // int8 or uint8 values
    std::vector<std::int32_t> wgt;  // weights minus their zero point: kWeightBits-bit signed values
    OutParams params;
    std::int32_t acc = 0;  // bias + the dot product, mod 2^32
    std::int32_t y = 0;    // golden::requantize_fixed(acc, params)
    bool exact_tie = false;  // drawn as an exact rounding tie (random_group's tie corner)
};

inline std::size_t beat_count(const Group& g, int lanes) {
    return g.act.empty() ? 1 : (g.act.size() + static_cast<std::size_t>(lanes) - 1) / static_cast<std::size_t>(lanes);
}

struct Expected {
    std::int32_t acc;
    std::int32_t y;
};

// y = golden::requantize_fixed(acc, ...) with the output stage of p: what every backend must output.
inline std::int32_t golden_output(std::int32_t acc, const OutParams& p) {
    return golden::requantize_fixed(acc, golden::QuantizedMultiplier{p.multiplier, p.shift, static_cast<int>(p.wrap_offset)},
                                    golden_rounding(p.rounding),
                                    golden::OutputStage{p.zero_point, p.min, p.max});
}

// What the contract says the hardware outputs for g: golden accumulate_wrapping, then requantize_fixed.
inline Expected golden_expected(const Group& g) {
    const std::int32_t acc = golden::accumulate_wrapping(g.act.data(), g.wgt.data(), g.act.size(), g.params.bias);
    return {acc, golden_output(acc, g.params)};
}

// Sets g.acc and g.y from its elements and parameters.
inline void finish(Group& g) {
    const Expected e = golden_expected(g);
    g.acc = e.acc;
    g.y = e.y;
}

// p on a kernel beat of CONFIG (the one packing of OutParams into hls::qmac_dot_in_beat).
template <class CONFIG> void set_beat_params(const OutParams& p, hls::qmac_dot_in_beat<CONFIG>& beat) {
    beat.bias = p.bias;
    beat.params.multiplier = p.multiplier;
    beat.params.shift = static_cast<std::int8_t>(p.shift);
    beat.params.rounding = static_cast<std::uint8_t>(p.rounding);
    beat.params.wrap_offset = static_cast<std::uint8_t>(p.wrap_offset);
    beat.params.out_zero_point = static_cast<std::int16_t>(p.zero_point);
    beat.params.out_min = static_cast<std::int16_t>(p.min);
    beat.params.out_max = static_cast<std::int16_t>(p.max);
}

// The beats that carry g as the HLS kernel takes them, the parameters on every beat (the kernel reads them
// on the `last` beat only; earlier beats carry garbage parameters when garbage_params, to show that they
// are ignored).
template <class CONFIG>
void append_beats(const Group& g, std::vector<hls::qmac_dot_in_beat<CONFIG> >& beats, Rng* garbage_params = nullptr) {
    typedef hls::qmac_dot_types<CONFIG> T;
    const std::size_t lanes = static_cast<std::size_t>(CONFIG::lanes);
    const std::size_t n_beats = beat_count(g, CONFIG::lanes);
    const OutParams& p = g.params;
    for (std::size_t b = 0; b < n_beats; ++b) {
        hls::qmac_dot_in_beat<CONFIG> beat{};
        for (std::size_t l = 0; l < lanes; ++l) {
            const std::size_t i = b * lanes + l;
            beat.act[l] = i < g.act.size() ? static_cast<typename T::act_t>(g.act[i]) : 0;
            beat.wgt[l] = i < g.wgt.size() ? static_cast<typename T::weight_t>(g.wgt[i]) : 0;
        }
        beat.last = b + 1 == n_beats;
        if (beat.last || garbage_params == nullptr) {
            set_beat_params(p, beat);
        } else {  // garbage: any image of each field (the kernel must ignore them)
            const std::int64_t out_lo = -(std::int64_t{1} << (hw::kOutParamBits - 1)), out_hi = -out_lo - 1;
            const std::int64_t shift_lo = -(std::int64_t{1} << (hw::kShiftBits - 1)), shift_hi = -shift_lo - 1;
            beat.bias = garbage_params->any_int32();
            beat.params.multiplier = garbage_params->any_int32();
            beat.params.shift = static_cast<std::int8_t>(garbage_params->uniform(shift_lo, shift_hi));
            beat.params.rounding = static_cast<std::uint8_t>(garbage_params->uniform(0, (1 << hw::kRoundingBits) - 1));
            beat.params.wrap_offset = static_cast<std::uint8_t>(garbage_params->uniform(0, (1 << hw::kWrapOffsetBits) - 1));
            beat.params.out_zero_point = static_cast<std::int16_t>(garbage_params->uniform(out_lo, out_hi));
            beat.params.out_min = static_cast<std::int16_t>(garbage_params->uniform(out_lo, out_hi));
            beat.params.out_max = static_cast<std::int16_t>(garbage_params->uniform(out_lo, out_hi));
        }
        beats.push_back(beat);
    }
}

// ---- The seed example -----------------------------------------------------------------------------

// The seed example (example_01) as golden computes it.
inline const golden::SeedResult& seed_result() {
    static const golden::SeedResult r = golden::run_seed(golden::SeedInputs::example_01());
    return r;
}

// The seed's float64 requantization as the integer parameters golden::map_seed_to_fixed_point proves exact
// over every accumulator the seed layer can reach, with its quantized bias and output clamp: no number
// typed by hand. Throws when no exact integer form exists.
inline OutParams seed_params(const golden::SeedResult& s) {
    const golden::FixedPointMapping m = golden::map_seed_to_fixed_point(s);
    if (!m.exact()) {
        throw std::runtime_error("the seed's requantization has no exact integer form: it differs on " +
                                 std::to_string(m.check.differing) + " accumulators, first at " +
                                 std::to_string(m.check.first));
    }
    OutParams p;
    p.bias = s.bias_q;
    p.multiplier = m.multiplier.multiplier;
    p.shift = m.multiplier.shift;
    p.rounding = rounding_code(m.rounding);
    p.wrap_offset = static_cast<unsigned>(m.multiplier.wrap_offset);
    p.zero_point = s.output_stage.zero_point;
    p.min = s.output_stage.min;
    p.max = s.output_stage.max;
    return p;
}

// The seed's dot product (its quantized W and A) with the parameters p, finished.
inline Group seed_group(const golden::SeedResult& s, const OutParams& p) {
    Group g;
    g.wgt = s.weights_q;
    g.act = s.activations_q;
    g.params = p;
    finish(g);
    return g;
}

inline Group seed_group() { return seed_group(seed_result(), seed_params(seed_result())); }

// How random_group draws: one rounding code or any, and group lengths for a C-simulation sweep (1 ..
// 6 * LANES + 3 elements) or for a stream (1 .. 160 beats, mostly short).
struct RandomGroupOptions {
    int rounding = -1;  // a code of hw::RoundingSel, or -1 for any
    bool stream_lengths = false;
};

// A constrained-random group, finished:
//   - lengths as the options say; 1 group in 12 takes the extreme codes (the lane sums at their bounds);
//   - 2 %: accumulator INT32_MIN or INT32_MAX; 8 %: an exact tie of every rounding (M = 2^30, shift -e,
//     acc = (2k + 1) * 2^e); 30 %: a realistic multiplier, mostly aimed at an output inside the clamp;
//     4 %: single_away at its x86 wrap (x86_wrap_edge); 26 %: corner multipliers, any shift, any wrap
//     offset, half of them a corner accumulator; the rest: random_params for the accumulator the elements
//     and a random bias give (a quarter of them a bias that makes it wrap);
//   - a chosen accumulator is reached through the bias (bias = target - sum, mod 2^32).
inline void random_group(Rng& rng, int lanes, bool act_signed, const RandomGroupOptions& o, Group& g) {
    std::size_t n;
    if (o.stream_lengths) {
        const int k = static_cast<int>(rng.uniform(0, 99));
        const std::int64_t beats = k < 50 ? rng.uniform(1, 4) : k < 88 ? rng.uniform(5, 32) : rng.uniform(33, 160);
        n = static_cast<std::size_t>(beats * lanes - (rng.chance(25) ? rng.uniform(0, lanes - 1) : 0));
    } else {
        n = static_cast<std::size_t>(rng.uniform(1, 6 * lanes + 3));
    }
    g.act.resize(n);
    g.wgt.resize(n);
    g.exact_tie = false;
    const bool extreme = rng.uniform(0, 11) == 0;
    const bool same_extreme = rng.chance(50);  // every product at its largest magnitude, one sign
    const bool wide = rng.chance(50);          // weights over the whole lane range, else int8 ones
    const unsigned wmask = (1u << hw::kWeightBits) - 1u, wsign = 1u << (hw::kWeightBits - 1);
    std::uint64_t r = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 3 == 0) r = rng.next();  // 21 random bits per element
        const unsigned bits = static_cast<unsigned>(r >> (21 * (i % 3)));
        if (extreme) {
            const bool a_hi = same_extreme ? !act_signed : (bits & 1) != 0;
            const bool w_hi = same_extreme ? !act_signed : (bits & 2) != 0;
            g.act[i] = a_hi ? act_max(act_signed) : act_min(act_signed);
            g.wgt[i] = w_hi ? (wide ? kWeightMax : 127) : (wide ? kWeightMin : -128);
        } else {
            g.act[i] = act_signed ? static_cast<std::int8_t>(bits & 0xFF) : static_cast<std::int32_t>(bits & 0xFF);
            const unsigned w = (bits >> 8) & wmask;
            g.wgt[i] = wide ? static_cast<std::int32_t>(w ^ wsign) - static_cast<std::int32_t>(wsign)
                            : static_cast<std::int8_t>(w & 0xFF);
        }
    }
    const std::int32_t sum = golden::accumulate_wrapping(g.act.data(), g.wgt.data(), n, 0);

    OutParams& p = g.params;
    const int kind = static_cast<int>(rng.uniform(0, 99));
    std::int64_t target = 0;
    bool targeted = true;
    if (kind < 2) {  // the accumulator's extremes
        target = kind == 0 ? INT32_MIN : INT32_MAX;
        p = random_fixed_params(rng, act_signed, 32);
    } else if (kind < 10) {
        // M = 2^30 and shift -e make the real multiplier 2^(-e-1); acc = (2k+1) * 2^e then lands on
        // (2k+1)/2, a tie for double rounding (after an exact SRDHM), single rounding and truncation.
        p = random_fixed_params(rng, act_signed, 16);
        const int e = static_cast<int>(rng.uniform(1, 30));
        const std::int64_t k_max = std::min<std::int64_t>(100, (std::int64_t{1} << (30 - e)) - 1);
        const std::int64_t k = rng.uniform(-k_max - 1, k_max);  // |2k + 1| * 2^e stays inside int32
        target = (2 * k + 1) * (std::int64_t{1} << e);
        p.multiplier = 1 << 30;
        p.shift = -e;
        g.exact_tie = true;
    } else if (kind < 40) {  // a realistic multiplier: real in [2^-51, 1)
        random_output_stage(rng, act_signed, p);
        p.rounding = static_cast<unsigned>(rng.uniform(0, hw::kRoundingCodes - 1));
        p.multiplier = static_cast<std::int32_t>(rng.uniform(std::int64_t{1} << 30, hw::kMultiplierMax));
        p.shift = static_cast<int>(rng.uniform(-20, 0));
        targeted = rng.chance(60);
        if (targeted) {  // an output near or inside [min, max] after the zero point
            const double real = static_cast<double>(p.multiplier) * std::ldexp(1.0, p.shift - 31);
            const double y = static_cast<double>(rng.uniform(p.min - p.zero_point - 4, p.max - p.zero_point + 4));
            const double want = y / real + static_cast<double>(rng.uniform(-3, 3));
            target = want < INT32_MIN ? INT32_MIN : want > INT32_MAX ? INT32_MAX : static_cast<std::int64_t>(want);
        }
    } else if (kind < 44) {  // single_away within 3 of its x86 wrap, 3 in 8 with a wrap offset > 0
        target = x86_wrap_edge(rng, act_signed, p);
    } else if (kind < 70) {  // anything the contract allows: corner multipliers, every shift of the rounding
        random_output_stage(rng, act_signed, p);
        p.rounding = static_cast<unsigned>(rng.uniform(0, hw::kRoundingCodes - 1));
        p.multiplier = corner_multiplier(rng);
        p.shift = static_cast<int>(rng.uniform(hw::kShiftMin, hw::shift_max(p.rounding)));
        p.wrap_offset = static_cast<unsigned>(rng.uniform(hw::kWrapOffsetMin, hw::kWrapOffsetMax));  // any rounding
        targeted = rng.chance(50);
        if (targeted) target = corner_accumulator(rng);
    } else {  // the accumulator the elements and a random bias give
        targeted = false;
        p.bias = rng.chance(15) ? rng.any_int32() : static_cast<std::int32_t>(rng.uniform(-(1 << 16), 1 << 16));
        if (sum != 0 && rng.chance(25)) {  // bias + sum beyond int32: the accumulator must wrap
            p.bias = static_cast<std::int32_t>(sum > 0 ? INT32_MAX - rng.uniform(0, sum - 1) : INT32_MIN + rng.uniform(0, -std::int64_t{sum} - 1));
        }
        const std::int32_t acc = golden::wrap_int32(std::int64_t{p.bias} + sum);
        int acc_bits = 1;
        for (std::int64_t m = acc < 0 ? -std::int64_t{acc} : acc; m > 0; m >>= 1) ++acc_bits;
        const std::int32_t bias = p.bias;
        p = random_fixed_params(rng, act_signed, acc_bits);
        p.bias = bias;
    }
    if (targeted) p.bias = golden::wrap_int32(target - sum);
    if (o.rounding >= 0) p.rounding = static_cast<unsigned>(o.rounding);
    to_contract_form(p);  // fp32: the float32 of the same real multiplier
    if (hw::float32_multiplier(p.rounding) && rng.chance(10)) p.multiplier = any_fp32_multiplier(rng);
    finish(g);
}

inline Group random_group(Rng& rng, int lanes, bool act_signed, const RandomGroupOptions& o = RandomGroupOptions()) {
    Group g;
    random_group(rng, lanes, act_signed, o, g);
    return g;
}

}  // namespace hls_tb
}  // namespace qmac
