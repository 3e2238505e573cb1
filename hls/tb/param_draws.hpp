// The stimulus library's per-output draws (stimulus.hpp includes it): activation ranges, multipliers of
// every class (float32 exponent classes, exact-tie and saturation corners), corner accumulators, random
// output stages, random parameters in the contract's form, and single_away's x86 wrap edge. Test-bench
// code: nothing here is synthesized.
#pragma once

#include <cstdint>
#include <random>

#include "out_params.hpp"
#include "splitmix64.hpp"
#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/integer.hpp"
#include "qmac/golden/requantize.hpp"
#include "qmac/hls/interface.hpp"

namespace qmac {
namespace hls_tb {

// The project's one random generator (splitmix64.hpp).
typedef SplitMix64 Rng;

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
    if (hw::float32_multiplier(p.rounding)) {
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
    // any wrap offset, whatever the rounding: the others must ignore it
    p.wrap_offset = static_cast<unsigned>(u(hw::kWrapOffsetMin, hw::kWrapOffsetMax));
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

// single_away's x86 wrap edge: parameters (multiplier >= 1/2, shift in [0, 30], any output stage, any wrap
// offset d) and an accumulator within 3 of the first |acc| at which |round_half_away(acc * M / 2^(31 - shift))|
// + k + d reaches 2^31 (k = zp for zp >= 0, -zp - 1 for zp < 0): there the output jumps to the far clamp
// bound on the zero point's side (golden::requantize_single_away). Mostly that side's sign, sometimes the
// other (no jump).
template <class Urbg> std::int32_t x86_wrap_edge(Urbg& rng, bool out_signed, OutParams& p) {
    const auto u = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    p = OutParams();
    p.rounding = hw::kRoundSingleAway;
    p.multiplier = static_cast<std::int32_t>(u(0, 3) == 0 ? u(hw::kMultiplierMax - 300, hw::kMultiplierMax)
                                                          : u(std::int64_t{1} << 30, hw::kMultiplierMax));
    p.shift = static_cast<int>(u(0, 3) == 0 ? u(0, hw::shift_max(hw::kRoundSingleAway)) : u(0, 3));
    random_output_stage(rng, out_signed, p);
    if (u(0, 1) == 0) p.zero_point = static_cast<std::int32_t>(u(0, 1) == 0 ? u(hw::kOutParamMin, -1) : u(0, hw::kOutParamMax));
    p.wrap_offset = static_cast<unsigned>(u(0, 1) == 0 ? 0 : u(hw::kWrapOffsetMin, hw::kWrapOffsetMax));
    const std::int64_t wzp = golden::single_away_wrap_zero_point(p.zero_point, static_cast<int>(p.wrap_offset));
    const std::int64_t k = wzp >= 0 ? wzp : -wzp - 1;
    const int n = 31 - p.shift;
    // the smallest |acc| with |acc| * M + 2^(n-1) >= (2^31 - k) * 2^n (< 2^62: exact in int64)
    const std::int64_t need = ((std::int64_t{1} << 31) - k) * (std::int64_t{1} << n) - (std::int64_t{1} << (n - 1));
    const std::int64_t edge = (need + p.multiplier - 1) / p.multiplier;
    const bool zp_side = u(0, 4) != 0;
    const bool negative = (p.zero_point < 0) == zp_side;
    const std::int64_t a = (negative ? -edge : edge) + u(-3, 3);
    return static_cast<std::int32_t>(a < INT32_MIN ? INT32_MIN : a > INT32_MAX ? INT32_MAX : a);
}

// An accumulator and fp32_wrap parameters around where f32(f32(acc) * m) reaches -2^31 (XNNPACK's
// vcvtps2dq gives INT32_MIN from there on, and a negative zero point then wraps to 127): m in [1, 4) or just
// below 1, acc from INT32_MIN up to about -2^31 / m + 2^12, any output stage, the zero point negative in
// three draws of four (int8 outputs), and a quarter of the draws with max below 127 (ReLU6's bound); any
// wrap offset, which fp32_wrap must ignore (its wrap is not single_away's).
template <class Urbg> std::int32_t fp32_wrap_edge(Urbg& rng, bool out_signed, OutParams& p) {
    const auto u = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    p = OutParams();
    p.rounding = hw::kRoundFp32Wrap;
    p.wrap_offset = static_cast<unsigned>(u(hw::kWrapOffsetMin, hw::kWrapOffsetMax));  // which fp32_wrap ignores
    const float m = u(0, 3) == 0 ? 1.0f - static_cast<float>(u(0, 64)) * 0x1p-24f
                                 : 1.0f + static_cast<float>(u(0, (1 << 24) - 1)) * 0x1p-23f;
    p.multiplier = golden::float32_bits(m);
    p.shift = 0;
    random_output_stage(rng, out_signed, p);
    if (out_signed && u(0, 3) != 0) p.zero_point = static_cast<std::int32_t>(u(-128, -1));
    if (out_signed && p.min <= 126 && u(0, 3) == 0) p.max = static_cast<std::int32_t>(u(p.min, 126));
    const double edge = -2147483648.0 / static_cast<double>(m);
    const std::int64_t a = static_cast<std::int64_t>(edge) + u(-4096, 4096);
    return static_cast<std::int32_t>(a < INT32_MIN ? INT32_MIN : a > INT32_MAX ? INT32_MAX : a);
}

// Random legal per-output parameters (bias 0): random_fixed_params in the contract's form.
template <class Urbg> OutParams random_params(Urbg& rng, bool out_signed, int acc_bits) {
    OutParams p = random_fixed_params(rng, out_signed, acc_bits);
    to_contract_form(p);
    return p;
}

}  // namespace hls_tb
}  // namespace qmac
