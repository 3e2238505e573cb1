// The integer requantizer of the qmac_dot kernel: acc -> clamp(requant(acc, M, shift, rounding) + zp, min, max).
//
// One function per arithmetic idea, named as in gemmlowp/TFLite and qmac::golden, each bit-exact with the
// golden function of the same name (tests/hls checks them against golden::requantize_fixed). Everything is
// integer: int32 operands, one 32x32 -> 64-bit product (requantize forms it once for every mode), shifts by
// bounded amounts.
#pragma once

#include <cstdint>

#include "qmac/hls/interface.hpp"
#include "qmac/hls/requantize_fp32.hpp"
#include "qmac/hls/types.hpp"

namespace qmac {
namespace hls {

// Per-output parameters as the kernel reads them from the `last` beat (docs/interface.md).
struct requant_params {
    std::int32_t multiplier;      // M >= 0, or the bits of a float32 m >= 0 for fp32 (contract); any int32
                                  // is computed without undefined behaviour
    std::int8_t shift;            // int6 field, [shift_min, shift_max] of the rounding
    std::uint8_t rounding;        // kRoundingBits-bit field, qmac::hw::RoundingSel
    std::uint8_t wrap_offset;     // kWrapOffsetBits-bit field: single_away's wrap offset (others ignore it)
    std::int16_t out_zero_point;  // int9 field, [-128, 255]
    std::int16_t out_min;         // int9 field
    std::int16_t out_max;         // int9 field
};

// SaturatingRoundingDoublingHighMul (ARM VQRDMULH): floor((a*b + 2^30) / 2^31); the one overflow,
// a = b = INT32_MIN, gives INT32_MAX.
// srdhm_of_product takes the product a*b itself (requantize's one multiplier) and whether a = b = INT32_MIN.
inline std::int32_t srdhm_of_product(std::int64_t product, bool overflow) {
    const std::int64_t high = asr64(product + pow2_64(30), 31);  // |a*b| <= 2^62: no overflow
    return overflow ? INT32_MAX : narrow_to<std::int32_t>(high);  // in int32 unless overflow
}
inline std::int32_t saturating_rounding_doubling_high_mul(std::int32_t a, std::int32_t b) {
    return srdhm_of_product(mul_32x32(a, b), a == b && a == INT32_MIN);
}

// RoundingDivideByPOT (gemmlowp): x / 2^exponent, ties away from zero, exponent in [0, 31].
// remainder > threshold rounds up; the threshold is half - 1 for x >= 0 (ties go up, away from zero) and
// half for x < 0 (ties stay down, away from zero).
inline std::int32_t rounding_divide_by_pot(std::int32_t x, int exponent) {
    const std::int64_t wide = widen<std::int64_t>(x);
    const std::uint64_t mask = static_cast<std::uint64_t>(pow2_64(exponent)) - 1U;
    const std::uint64_t remainder = static_cast<std::uint64_t>(wide) & mask;  // x mod 2^exponent, in [0, 2^31)
    const std::uint64_t threshold = (mask >> 1) + (x < 0 ? 1U : 0U);
    return narrow_to<std::int32_t>(asr64(wide, exponent) + (remainder > threshold ? 1 : 0));  // in int32
}

// The first rounding of both double roundings: SRDHM(x << max(shift, 0) mod 2^32, M); the second shifts
// the result right by max(-shift, 0). shift in [-31, 31].
inline std::int32_t high_mul_of_shifted(std::int32_t x, std::int32_t multiplier, int shift) {
    return saturating_rounding_doubling_high_mul(shl_wrap32(x, shift > 0 ? shift : 0), multiplier);
}

// Double rounding (TFLite MultiplyByQuantizedMultiplier, default build):
//   RDBPOT(SRDHM(x << max(shift, 0) mod 2^32, M), max(-shift, 0)); shift in [-31, 31].
inline std::int32_t multiply_by_quantized_multiplier(std::int32_t x, std::int32_t multiplier, int shift) {
    return rounding_divide_by_pot(high_mul_of_shifted(x, multiplier, shift), shift > 0 ? 0 : -shift);
}

// Single rounding (TFLITE_SINGLE_ROUNDING, ruy, CMSIS-NN): saturate((x*M + 2^(30-shift)) >> (31-shift)),
// one rounding with ties toward +inf; shift in [-31, 30], so the right shift is in [1, 62].
// The *_of_product forms below take the product x*M itself (requantize's one multiplier) and the right shift
// 31 - shift; the named functions form their own product.
inline std::int32_t single_of_product(std::int64_t product, int right_shift) {
    // |x*M| <= 2^62 and the rounding term <= 2^61: the sum stays below 2^63.
    return saturate_int32(asr64(product + pow2_64(right_shift - 1), right_shift));
}
inline std::int32_t multiply_by_quantized_multiplier_single(std::int32_t x, std::int32_t multiplier, int shift) {
    return single_of_product(mul_32x32(x, multiplier), 31 - shift);
}

// x*M / 2^right_shift as its floor, the remainder and half the divisor: the parts every tie rule of the
// single roundings decides on. right_shift in [1, 62].
struct product_quotient {
    std::int64_t floor_q;     // |floor_q| < 2^62
    std::uint64_t remainder;  // product mod 2^right_shift
    std::uint64_t half;       // 2^(right_shift - 1)
};
inline product_quotient divide_product_by_pot(std::int64_t product, int right_shift) {
    product_quotient q;
    q.floor_q = asr64(product, right_shift);
    q.remainder = static_cast<std::uint64_t>(product) & (static_cast<std::uint64_t>(pow2_64(right_shift)) - 1U);
    q.half = static_cast<std::uint64_t>(pow2_64(right_shift - 1));
    return q;
}

// Single rounding with ties to even (round-to-nearest-even, like lrintf): the floor of x*M / 2^(31-shift)
// plus one when the remainder is above half, or exactly half and the floor is odd; shift in [-31, 30].
inline std::int32_t single_even_of_product(std::int64_t product, int right_shift) {
    const product_quotient q = divide_product_by_pot(product, right_shift);
    const bool odd = (static_cast<std::uint64_t>(q.floor_q) & 1U) != 0U;
    const bool up = q.remainder > q.half || (q.remainder == q.half && odd);
    return saturate_int32(q.floor_q + (up ? 1 : 0));
}
inline std::int32_t multiply_by_quantized_multiplier_single_even(std::int32_t x, std::int32_t multiplier, int shift) {
    return single_even_of_product(mul_32x32(x, multiplier), 31 - shift);
}

// RoundingRightShift with ties toward +inf (ruy's x86 kernels): floor((x + 2^(exponent-1)) / 2^exponent),
// exponent in [0, 31] (0: x). |x| + 2^30 < 2^32: exact in int64, and the result is in int32.
inline std::int32_t rounding_right_shift_half_up(std::int32_t x, int exponent) {
    const std::int64_t half = exponent > 0 ? pow2_64(exponent - 1) : 0;
    return narrow_to<std::int32_t>(asr64(widen<std::int64_t>(x) + half, exponent));
}

// Double rounding with both ties toward +inf (LiteRT builtin kernels on x86-64, ruy):
//   rounding_right_shift_half_up(SRDHM(x << max(shift, 0) mod 2^32, M), max(-shift, 0)); shift in [-31, 31].
inline std::int32_t multiply_by_quantized_multiplier_ruy_x86(std::int32_t x, std::int32_t multiplier, int shift) {
    return rounding_right_shift_half_up(high_mul_of_shifted(x, multiplier, shift), shift > 0 ? 0 : -shift);
}

// Single rounding with ties away from zero: the floor of x*M / 2^(31-shift) plus one when the remainder
// is above half, or exactly half and the product is not negative (its floor is not); shift in [-31, 30].
// Not narrowed: |result| <= 2^61 (golden multiply_by_quantized_multiplier_single_away_wide).
inline std::int64_t single_away_wide_of_product(std::int64_t product, int right_shift) {
    const product_quotient q = divide_product_by_pot(product, right_shift);
    const bool up = q.remainder > q.half || (q.remainder == q.half && q.floor_q >= 0);
    return q.floor_q + (up ? 1 : 0);
}
inline std::int32_t multiply_by_quantized_multiplier_single_away(std::int32_t x, std::int32_t multiplier, int shift) {
    return saturate_int32(single_away_wide_of_product(mul_32x32(x, multiplier), 31 - shift));
}

// Truncation toward zero (the seed's stand-in): saturate(trunc(x*M / 2^(31-shift))), shift in [-31, 30].
// A negative product is biased by 2^s - 1 before the floor shift, which turns floor into truncation.
inline std::int32_t truncate_of_product(std::int64_t product, int right_shift) {
    const std::int64_t bias = product < 0 ? pow2_64(right_shift) - 1 : 0;  // product + bias > -2^63
    return saturate_int32(asr64(product + bias, right_shift));
}
inline std::int32_t multiply_by_quantized_multiplier_truncate(std::int32_t x, std::int32_t multiplier, int shift) {
    return truncate_of_product(mul_32x32(x, multiplier), 31 - shift);
}

// The output stage: clamp(v + zero_point, min, max). v + zp is exact in int64 (|v| <= 2^31, |zp| < 2^8).
inline std::int32_t apply_output_stage(std::int32_t v, std::int32_t zero_point, std::int32_t lo, std::int32_t hi) {
    const std::int64_t shifted = widen<std::int64_t>(v) + widen<std::int64_t>(zero_point);
    const std::int64_t clamped = shifted < lo ? lo : shifted > hi ? hi : shifted;
    return narrow_to<std::int32_t>(clamped);  // inside [lo, hi], which are int32
}

// The output stage of single_away (LiteRT's reference kernels, golden::requantize_single_away) on its
// unnarrowed quotient q: with wrap offset d = 0, clamp(wrap_int32(int32_or_indefinite(q) + zero_point), min,
// max), the x86-64 int32 cast (cvttsd2si: INT32_MIN outside int32) and int32 zero-point add. That gives the far bound (min for zp >= 0, max for
// zp < 0) iff q leaves int32 or q + zp does; d moves the second test's zero point d further out (zp + d,
// zp - d), where the host places the wrap's start. |q| <= 2^61 and |zp| + d < 2^9: exact in int64.
inline std::int32_t apply_output_stage_x86(std::int64_t q, std::int32_t d, std::int32_t zero_point, std::int32_t lo,
                                           std::int32_t hi) {
    const std::int64_t wrap_zp = widen<std::int64_t>(zero_point >= 0 ? zero_point + d : zero_point - d);
    const std::int64_t tested = q + wrap_zp;
    const bool far = q < INT32_MIN || q > INT32_MAX || tested < INT32_MIN || tested > INT32_MAX;
    if (far) return zero_point >= 0 ? lo : hi;
    return apply_output_stage(narrow_to<std::int32_t>(q), zero_point, lo, hi);  // q and q + zp in int32
}

// The largest shift of each rounding code is the contract's hw::shift_max (docs/interface.md). Double
// rounding takes every shift up to 31: its left shift wraps x by up to 31 bits, TFLite's `x * (1 << 31)`
// (shl_wrap32). Single, truncate and single_even shift the 64-bit product right by 31 - shift, which must be
// at least 1 (the rounding term is 2^(30 - shift)), so they stop at 30. The requantizers above are
// defined for exactly those ranges:
static_assert(hw::shift_max(hw::kRoundDouble) <= hw::kAccBits - 1,
              "double rounding: the wrapping left shift must stay below the accumulator width");
static_assert(hw::shift_max(hw::kRoundSingle) <= hw::kMultiplierBits - 2 &&
                  hw::shift_max(hw::kRoundTruncate) <= hw::kMultiplierBits - 2 &&
                  hw::shift_max(hw::kRoundSingleEven) <= hw::kMultiplierBits - 2 &&
                  hw::shift_max(hw::kRoundSingleAway) <= hw::kMultiplierBits - 2,
              "single, truncate, single_even, single_away: the right shift 31 - shift must be at least 1");
static_assert(hw::shift_max(hw::kRoundDoubleUp) <= hw::kAccBits - 1,
              "double_up: the wrapping left shift must stay below the accumulator width");
static_assert(hw::shift_min(hw::kRoundFp32) == 0 && hw::shift_max(hw::kRoundFp32) == 0, "fp32 takes no shift");
static_assert(hw::shift_min(hw::kRoundFp32Wrap) == 0 && hw::shift_max(hw::kRoundFp32Wrap) == 0, "fp32_wrap takes no shift");

// fp32_wrap's output stage (XNNPACK's VNNI kernels): v = rint_even(min(f32 product, max - zp)) as vcvtps2dq
// gives it (INT32_MIN below -2^31, which float32_of_product's saturation also gives), plus zp mod 2^32,
// saturated to int8, then max with min. Only v = INT32_MIN with zp < 0 wraps: to 2^31 + zp, saturated to 127
// (above max when max < 127), then max(127, min); everything else is the saturating output stage.
constexpr std::int32_t kInt8Max = INT8_MAX;  // vpmovsdb's bound
inline std::int32_t apply_output_stage_int8_wrap(std::int32_t v, std::int32_t zero_point, std::int32_t lo, std::int32_t hi) {
    if (v == INT32_MIN && zero_point < 0) return lo > kInt8Max ? lo : kInt8Max;
    return apply_output_stage(v, zero_point, lo, hi);
}
static_assert(hw::shift_max(hw::kRoundDouble) < (1 << (hw::kShiftBits - 1)), "the shift field is too narrow");

// The shift field's value clamped to [hw::shift_min(rounding), hw::shift_max(rounding)]: the 6-bit field
// can also encode -32, which the contract does not allow, and 31, which it allows with double rounding
// only. Clamping keeps every shift inside what its requantizer computes without undefined behaviour
// (out-of-contract codes: -32 runs as -31, 31 with the single roundings as 30).
inline int shift_in_range(std::int8_t shift_field, hw::RoundingSel rounding) {
    const int s = sign_field<hw::kShiftBits>(shift_field);
    const int smallest = hw::shift_min(rounding), largest = hw::shift_max(rounding);
    return s < smallest ? smallest : s > largest ? largest : s;
}

// requantize(acc, p) = clamp(requant(acc, M, shift, rounding) + zp, min, max); single_away instead converts
// its unnarrowed quotient to int32 as x86-64 does and adds zp with wrapping (apply_output_stage_x86),
// fp32_wrap its float32 value (apply_output_stage_int8_wrap).
// One multiplier for every rounding code, as the RTL's qmac_requant has: its operands are chosen by the
// code (acc and M for the single roundings and truncation; acc << max(shift, 0) mod 2^32 and M for both
// double roundings; the significands of f32(acc) and of the float32 m for fp32, each < 2^25), and the one
// product goes to the code's rounding (an undefined code runs double rounding). fp32 ignores the shift
// field (its contract shift is 0).
inline std::int32_t requantize(std::int32_t acc, const requant_params& p) {
    const std::uint8_t rounding = unsigned_field<hw::kRoundingBits>(p.rounding);
    const hw::RoundingSel code =
        rounding < hw::kRoundingCodes ? static_cast<hw::RoundingSel>(rounding) : hw::kRoundDouble;
    const bool fp32 = hw::float32_multiplier(code);
    const bool dbl = code == hw::kRoundDouble || code == hw::kRoundDoubleUp;
    const int shift = shift_in_range(p.shift, code);
    const fp32_operands f = float32_operands(acc, p.multiplier);
    const std::int32_t op_a = fp32  ? static_cast<std::int32_t>(f.a.significand)
                              : dbl ? shl_wrap32(acc, shift > 0 ? shift : 0)
                                    : acc;
    const std::int32_t op_b = fp32 ? static_cast<std::int32_t>(f.m.significand) : p.multiplier;
    const std::int64_t product = mul_32x32(op_a, op_b);  // the requantizer's one multiplier
    const std::int32_t high = srdhm_of_product(product, op_a == op_b && op_a == INT32_MIN);
    const int right_shift = 31 - shift;   // the single roundings and truncation: shift <= 30
    const int down = shift > 0 ? 0 : -shift;  // the double roundings' second shift
    const std::int32_t zero_point = sign_field<hw::kOutParamBits>(p.out_zero_point);
    const std::int32_t lo = sign_field<hw::kOutParamBits>(p.out_min), hi = sign_field<hw::kOutParamBits>(p.out_max);
    if (code == hw::kRoundSingleAway) {
        return apply_output_stage_x86(single_away_wide_of_product(product, right_shift),
                                      unsigned_field<hw::kWrapOffsetBits>(p.wrap_offset), zero_point, lo, hi);
    }
    std::int32_t v;
    switch (code) {
    case hw::kRoundSingle: v = single_of_product(product, right_shift); break;
    case hw::kRoundTruncate: v = truncate_of_product(product, right_shift); break;
    case hw::kRoundSingleEven: v = single_even_of_product(product, right_shift); break;
    case hw::kRoundDoubleUp: v = rounding_right_shift_half_up(high, down); break;
    case hw::kRoundFp32: v = float32_of_product(static_cast<std::uint64_t>(product), f); break;
    case hw::kRoundFp32Wrap:
        return apply_output_stage_int8_wrap(float32_of_product(static_cast<std::uint64_t>(product), f), zero_point, lo, hi);
    default: v = rounding_divide_by_pot(high, down); break;  // kRoundDouble
    }
    return apply_output_stage(v, zero_point, lo, hi);
}

}  // namespace hls
}  // namespace qmac
