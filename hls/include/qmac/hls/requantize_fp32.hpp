// The fp32 rounding of the requantizer in integer logic: y = rint_even(f32(f32(acc) * m)), with m the
// float32 whose bits the `multiplier` field holds (a finite float32 >= 0, the contract's
// multiplier_max(kRoundFp32)). Bit-exact with IEEE-754 binary32 arithmetic (round to nearest even) for
// every int32 accumulator and every such m: XNNPACK's and ONNX Runtime's `float(acc) * scale`, then lrintf
// (tests/hls checks it against the host's float32 arithmetic, golden::requantize_fp32).
//
// Three roundings, each of an exact integer value:
//   1. f32(acc): |acc| keeps its 24 leading bits, ties to even (exact below 2^24);
//   2. the 24 x 24-bit product of the two significands (48 bits, exact), rounded to 24 bits, ties to even;
//   3. that float to an integer, ties to even.
// Products below 2^-1 give 0 whatever their float32 rounding (subnormal included), products of 2^31 or
// more saturate (float32 infinity included): the output clamp follows either way.
#pragma once

#include <cstdint>

#include "qmac/hls/interface.hpp"
#include "qmac/hls/types.hpp"

namespace qmac {
namespace hls {

// The bit index of the leading one of x > 0 (0 for x = 0): a priority encoder in six halving steps.
inline int leading_one_64(std::uint64_t x) {
    int top = 0;
LeadingOne:
    for (int step = 0; step < 6; ++step) {
#pragma HLS UNROLL
        const int half = 32 >> step;
        if ((x >> half) != 0U) {
            top += half;
            x >>= half;
        }
    }
    return top;
}

// x / 2^s rounded to nearest, ties to even, for x >= 0 and s in [0, 63].
inline std::uint64_t shift_right_even(std::uint64_t x, int s) {
    if (s == 0) return x;
    const std::uint64_t q = x >> s;
    const std::uint64_t rem = x & ((static_cast<std::uint64_t>(1) << s) - 1U);
    const std::uint64_t half = static_cast<std::uint64_t>(1) << (s - 1);
    return q + ((rem > half || (rem == half && (q & 1U) != 0U)) ? 1U : 0U);
}

// A non-negative float value significand * 2^exponent with significand < 2^25 (0 for zero).
struct f32_value {
    std::uint32_t significand;
    int exponent;
};

// x rounded to 24 significant bits, ties to even: the float32 nearest x (no exponent limits: the callers
// below stay far inside float32's range or make the result irrelevant, see above).
inline f32_value round_to_float32(std::uint64_t x, int exponent) {
    f32_value v = {0, 0};
    if (x == 0U) return v;
    const int top = leading_one_64(x);
    const int s = top > 23 ? top - 23 : 0;  // bits below the 24 kept
    v.significand = static_cast<std::uint32_t>(shift_right_even(x, s));  // <= 2^24 (a carry out of 24 bits)
    v.exponent = exponent + s;
    return v;
}

// f32(m) for the bits of a finite float32 m >= 0: significand with the hidden bit, exponent.
inline f32_value float32_of_bits(std::int32_t bits) {
    const std::uint32_t u = static_cast<std::uint32_t>(bits);
    const int biased = static_cast<int>((u >> 23) & 0xFFU);
    const std::uint32_t fraction = u & 0x7FFFFFU;
    f32_value v;
    v.significand = biased == 0 ? fraction : (fraction | 0x800000U);  // subnormals: no hidden bit
    v.exponent = (biased == 0 ? 1 : biased) - 150;                    // value = significand * 2^exponent
    return v;
}

// The operands of the fp32 product: f32(|acc|) (1.), the float32 m, and the sign of acc.
struct fp32_operands {
    f32_value a;  // significand <= 2^24
    f32_value m;  // significand < 2^24
    bool negative;
};
inline fp32_operands float32_operands(std::int32_t acc, std::int32_t multiplier_bits) {
    fp32_operands o;
    o.negative = acc < 0;
    const std::uint64_t magnitude = o.negative ? static_cast<std::uint64_t>(-widen<std::int64_t>(acc))
                                               : static_cast<std::uint64_t>(acc);  // <= 2^31
    o.a = round_to_float32(magnitude, 0);  // 1. f32(acc)
    o.m = float32_of_bits(multiplier_bits);
    return o;
}

// Roundings 2. and 3. of o.a.significand * o.m.significand (< 2^49, exact: formed by the caller, in
// requantize by the requantizer's one multiplier), saturated to int32.
inline std::int32_t float32_of_product(std::uint64_t product, const fp32_operands& o) {
    const f32_value p = round_to_float32(product, o.a.exponent + o.m.exponent);  // 2. the float32 product
    if (p.significand == 0U) return 0;
    // 3. to an integer: p.significand * 2^p.exponent, p.significand <= 2^24, and >= 2^23 unless the product
    // had fewer than 24 bits, which needs a subnormal m and then a very negative exponent.
    std::int64_t y;
    if (p.exponent >= 8) {
        y = INT64_MAX;  // >= 2^23 * 2^8 = 2^31: saturates below
    } else if (p.exponent >= 0) {
        y = static_cast<std::int64_t>(static_cast<std::uint64_t>(p.significand) << p.exponent);
    } else if (p.exponent >= -26) {
        y = static_cast<std::int64_t>(shift_right_even(p.significand, -p.exponent));
    } else {
        y = 0;  // < 2^25 * 2^-27 = 1/4: rounds to 0
    }
    return saturate_int32(o.negative ? -y : y);
}

// rint_even(f32(f32(acc) * m)) saturated to int32, m given by its float32 bits.
inline std::int32_t multiply_by_float32(std::int32_t acc, std::int32_t multiplier_bits) {
    const fp32_operands o = float32_operands(acc, multiplier_bits);
    return float32_of_product(static_cast<std::uint64_t>(o.a.significand) * o.m.significand, o);
}

}  // namespace hls
}  // namespace qmac
