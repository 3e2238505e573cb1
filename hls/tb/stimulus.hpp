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

// The project's one random generator (splitmix64.hpp).
typedef SplitMix64 Rng;

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
    return golden::requantize_fixed(acc, golden::QuantizedMultiplier{p.multiplier, p.shift}, golden_rounding(p.rounding),
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

// ---- Random and corner draws ----------------------------------------------------------------------

inline int act_min(bool act_signed) { return act_signed ? -128 : 0; }
inline int act_max(bool act_signed) { return act_signed ? 127 : 255; }
const int kWeightMin = -(1 << (hw::kWeightBits - 1)), kWeightMax = (1 << (hw::kWeightBits - 1)) - 1;

// The fp32 rounding's multiplier field for the real multiplier M * 2^(shift - 31) of a fixed-point draw:
// the bits of its float32 (round to nearest even), so that a draw aimed at an output keeps its aim.
inline std::int32_t fp32_multiplier_of(std::int32_t multiplier, int shift) {
    const float f = static_cast<float>(std::ldexp(static_cast<double>(multiplier), shift - 31));
    return golden::float32_bits(f);
}

// A float32 multiplier of any exponent class: zero, subnormal, tiny, near 1, huge, the largest finite.
inline std::int32_t any_fp32_multiplier(Rng& rng) {
    switch (rng.uniform(0, 5)) {
    case 0: return static_cast<std::int32_t>(rng.uniform(0, 0x007FFFFF));  // zero and the subnormals
    case 1: return hw::multiplier_max(hw::kRoundFp32) - static_cast<std::int32_t>(rng.uniform(0, 3));
    case 2: return static_cast<std::int32_t>(rng.uniform(0, 254)) << 23;   // powers of two: exact ties
    default: return static_cast<std::int32_t>(rng.uniform(0, hw::multiplier_max(hw::kRoundFp32)));
    }
}

// Multipliers that make exact ties and saturation likely: few set bits, the extremes, and 0.
inline std::int32_t corner_multiplier(Rng& rng) {
    static const std::int32_t table[] = {0,          1,          2,          1 << 29,    1 << 30,
                                         (1 << 30) + (1 << 29),  (1 << 30) + 1,          hw::kMultiplierMax,
                                         0x7FFFFFFE, 0x60000000, 0x50000000, 0x48000000, 0x40000001};
    const std::size_t n = sizeof(table) / sizeof(table[0]);
    return rng.chance(70) ? table[static_cast<std::size_t>(rng.uniform(0, static_cast<std::int64_t>(n) - 1))]
                          : static_cast<std::int32_t>(rng.uniform(0, hw::kMultiplierMax));
}

// Accumulators at the edges: INT32_MIN/MAX, 0, +-1, k*2^j + 2^(j-1) (exact ties for power-of-two
// multipliers), and midpoints between float32 neighbours, of both signs.
inline std::int32_t corner_accumulator(Rng& rng) {
    switch (rng.uniform(0, 6)) {
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
    case 5: {  // halfway between two float32 neighbours: float32(acc) rounds a tie (to even)
        const int e = static_cast<int>(rng.uniform(25, 31));  // |acc| in [2^(e-1), 2^e), ulp 2^(e-24)
        const std::int64_t v = (std::int64_t{1} << (e - 1)) + (2 * rng.uniform(0, (std::int64_t{1} << 23) - 1) + 1) * (std::int64_t{1} << (e - 25));
        return static_cast<std::int32_t>(rng.chance(50) ? -v : (v > INT32_MAX ? INT32_MAX : v));
    }
    default: return rng.any_int32();
    }
}

// Random output-stage parameters inside the contract: the zero point mostly well inside the output type
// (outputs spread over it), sometimes anywhere in [kOutParamMin, kOutParamMax]; the clamp half the time
// the whole type, otherwise a random sub-range (min <= max). Urbg: Rng or any std generator.
template <class Urbg> void random_output_stage(Urbg& rng, bool out_signed, OutParams& p) {
    const auto u = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    const std::int64_t lo = act_min(out_signed), hi = act_max(out_signed);
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
}

// p's real multiplier M * 2^(shift - 31) in the form p.rounding takes: the float32 bits for fp32 (shift 0),
// else M with the shift clamped to the rounding's legal shifts.
inline void to_contract_form(OutParams& p) {
    if (p.rounding == hw::kRoundFp32) {
        p.multiplier = fp32_multiplier_of(p.multiplier, p.shift);
        p.shift = 0;
    } else {
        p.shift = std::min(std::max(p.shift, hw::shift_min(p.rounding)), hw::shift_max(p.rounding));
    }
}

// Random per-output parameters (bias 0) for accumulators of about acc_bits bits, the multiplier in fixed
// form (M, shift) whatever the rounding: most keep outputs off the clamp, some span the whole multiplier
// and shift range, some take the edge multipliers. Urbg: Rng or any std generator.
template <class Urbg> OutParams random_fixed_params(Urbg& rng, bool out_signed, int acc_bits) {
    OutParams p;
    const auto u = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    p.rounding = static_cast<unsigned>(u(0, hw::kRoundingCodes - 1));
    const int shift_max = hw::shift_max(p.rounding);
    const int kind = static_cast<int>(u(0, 9));
    if (kind < 7) {  // real multiplier near 2^-(acc_bits - 8): outputs spread over the 8-bit range
        p.multiplier = static_cast<std::int32_t>(u(std::int64_t{1} << 30, hw::kMultiplierMax));
        p.shift = static_cast<int>(std::min<std::int64_t>(std::max<std::int64_t>(8 - acc_bits + u(-4, 1), hw::kShiftMin), shift_max));
    } else if (kind < 9) {
        p.multiplier = static_cast<std::int32_t>(u(0, hw::kMultiplierMax));
        p.shift = static_cast<int>(u(hw::kShiftMin, shift_max));
    } else {
        static const std::int32_t edges[] = {0, 1, 1 << 30, hw::kMultiplierMax};
        p.multiplier = edges[u(0, 3)];
        p.shift = static_cast<int>(u(hw::kShiftMin, shift_max));
    }
    random_output_stage(rng, out_signed, p);
    return p;
}

// single_away's x86 wrap edge: parameters (multiplier >= 1/2, shift in [0, 30], any output stage) and an
// accumulator within 3 of the first |acc| at which |round_half_away(acc * M / 2^(31 - shift))| + k reaches
// 2^31 (k = zp for zp >= 0, -zp - 1 for zp < 0): there the output jumps to the far clamp bound on the zero
// point's side (golden::requantize_single_away). Mostly that side's sign, sometimes the other (no jump).
template <class Urbg> std::int32_t x86_wrap_edge(Urbg& rng, bool out_signed, OutParams& p) {
    const auto u = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    p = OutParams();
    p.rounding = hw::kRoundSingleAway;
    p.multiplier = static_cast<std::int32_t>(u(0, 3) == 0 ? u(hw::kMultiplierMax - 300, hw::kMultiplierMax)
                                                          : u(std::int64_t{1} << 30, hw::kMultiplierMax));
    p.shift = static_cast<int>(u(0, 3) == 0 ? u(0, hw::shift_max(hw::kRoundSingleAway)) : u(0, 3));
    random_output_stage(rng, out_signed, p);
    if (u(0, 1) == 0) p.zero_point = static_cast<std::int32_t>(u(0, 1) == 0 ? u(hw::kOutParamMin, -1) : u(0, hw::kOutParamMax));
    const std::int64_t k = p.zero_point >= 0 ? p.zero_point : -std::int64_t{p.zero_point} - 1;
    const int n = 31 - p.shift;
    // the smallest |acc| with |acc| * M + 2^(n-1) >= (2^31 - k) * 2^n (< 2^62: exact in int64)
    const std::int64_t need = ((std::int64_t{1} << 31) - k) * (std::int64_t{1} << n) - (std::int64_t{1} << (n - 1));
    const std::int64_t edge = (need + p.multiplier - 1) / p.multiplier;
    const bool zp_side = u(0, 4) != 0;
    const bool negative = (p.zero_point < 0) == zp_side;
    const std::int64_t a = (negative ? -edge : edge) + u(-3, 3);
    return static_cast<std::int32_t>(a < INT32_MIN ? INT32_MIN : a > INT32_MAX ? INT32_MAX : a);
}

// Random legal per-output parameters (bias 0): random_fixed_params in the contract's form.
template <class Urbg> OutParams random_params(Urbg& rng, bool out_signed, int acc_bits) {
    OutParams p = random_fixed_params(rng, out_signed, acc_bits);
    to_contract_form(p);
    return p;
}

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
//     30 %: corner multipliers, any shift, half of them a corner accumulator; the rest: random_params for
//     the accumulator the elements and a random bias give (a quarter of them a bias that makes it wrap);
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
    } else if (kind < 70) {  // anything the contract allows: corner multipliers, every shift of the rounding
        random_output_stage(rng, act_signed, p);
        p.rounding = static_cast<unsigned>(rng.uniform(0, hw::kRoundingCodes - 1));
        p.multiplier = corner_multiplier(rng);
        p.shift = static_cast<int>(rng.uniform(hw::kShiftMin, hw::shift_max(p.rounding)));
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
    if (p.rounding == hw::kRoundFp32 && rng.chance(10)) p.multiplier = any_fp32_multiplier(rng);
    finish(g);
}

inline Group random_group(Rng& rng, int lanes, bool act_signed, const RandomGroupOptions& o = RandomGroupOptions()) {
    Group g;
    random_group(rng, lanes, act_signed, o, g);
    return g;
}

}  // namespace hls_tb
}  // namespace qmac
