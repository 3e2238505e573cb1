// Fixed-point requantization primitives of gemmlowp and TFLite, one function per arithmetic idea.
//
// Names follow gemmlowp/fixedpoint.h and tensorflow/lite/kernels/internal/common.h so that each function can
// be read side by side with the reference it mirrors; tests/golden/test_gemmlowp_conformance.cpp runs them
// against the real gemmlowp header. A positive `shift` is a left shift (TFLite convention).
#pragma once

#include <cstdint>

namespace qmac::golden {

// SaturatingRoundingDoublingHighMul (gemmlowp; ARM NEON VQRDMULH):
//   floor((a*b + 2^30) / 2^31) (ties toward +inf); the one overflow, a = b = INT32_MIN, gives INT32_MAX.
std::int32_t saturating_rounding_doubling_high_mul(std::int32_t a, std::int32_t b);

// RoundingDivideByPOT (gemmlowp): x / 2^exponent, ties away from zero, exponent in [0, 31]
// (outside that range the reference is undefined; here it throws std::invalid_argument).
std::int32_t rounding_divide_by_pot(std::int32_t x, int exponent);

// RoundingRightShift with ties up (ruy's x86 AVX2 / AVX-512 int8 kernels, after the fixed-point multiply):
//   floor((x + 2^(exponent-1)) / 2^exponent), ties toward +inf, exponent in [0, 31] (0: x unchanged).
// The kernels add the nudge in 32 (AVX2) or 64 (AVX-512) bits and, where the 32-bit add would overflow,
// select 2^(31 - exponent): that is the exact quotient, so the function is computed exactly here.
// gemmlowp's RoundingDivideByPOT differs only on negative ties, which it rounds away from zero.
std::int32_t rounding_right_shift_half_up(std::int32_t x, int exponent);

// shift_left_wrapping(x, s) = x * 2^s mod 2^32, s in [0, 31]: TFLite's `x * (1 << left_shift)`, which
// wraps on every two's-complement target (it is undefined behaviour in ISO C++, so it is written out here).
std::int32_t shift_left_wrapping(std::int32_t x, int shift);

// TFLite MultiplyByQuantizedMultiplier, double rounding (the default build):
//   RDBPOT(SRDHM(x << max(shift, 0), M), max(-shift, 0)),  shift in [-31, 31].
std::int32_t multiply_by_quantized_multiplier(std::int32_t x, std::int32_t multiplier, int shift);

// TFLite MultiplyByQuantizedMultiplier with TFLITE_SINGLE_ROUNDING (also ruy, CMSIS-NN single rounding):
//   (x * M + 2^(30 - shift)) >> (31 - shift): one rounding, ties toward +inf; M >= 0, shift in [-31, 30].
// The reference only DCHECKs that the result fits int32; here it saturates, which a later clamp to an
// 8-bit range cannot tell apart.
std::int32_t multiply_by_quantized_multiplier_single(std::int32_t x, std::int32_t multiplier, int shift);

// ruy's multiplier application in its x86 int8 kernels (LiteRT's builtin FULLY_CONNECTED on x86-64):
//   rounding_right_shift_half_up(SRDHM(x << max(shift, 0), M), max(-shift, 0)),  M >= 0, shift in [-31, 31].
// The kernels shift left with wrapping (vpsllvd), take (x * M + 2^30) >> 31 in 64 bits (vpmuldq, add,
// shift), then round right with ties up: double rounding, like TFLite's, but both steps tie upward.
// SRDHM's one saturation (a = b = INT32_MIN) needs M < 0, which ruy does not allow: it cannot occur.
std::int32_t multiply_by_quantized_multiplier_ruy_x86(std::int32_t x, std::int32_t multiplier, int shift);

// Single rounding with ties to even (round-to-nearest-even, as lrintf / np.rint / XNNPACK's rndne):
//   round_half_even(x * M / 2^(31 - shift)), saturated to int32; M >= 0, shift in [-31, 30]. The integer
//   form of the float modes (fp32, pytorch_qnnpack) where their products are exact.
std::int32_t multiply_by_quantized_multiplier_single_even(std::int32_t x, std::int32_t multiplier, int shift);

// The seed's truncation expressed in fixed point (what the RTL and HLS kernels run for `seed` layers):
//   trunc(x * M / 2^(31 - shift)), toward zero, saturated to int32; M >= 0, shift in [-31, 30].
std::int32_t multiply_by_quantized_multiplier_truncate(std::int32_t x, std::int32_t multiplier, int shift);

// Single rounding with ties away from zero, not narrowed: round_half_away(x * M / 2^(31 - shift)), exact
// in int64 (|result| <= 2^61); M >= 0, shift in [-31, 30]. The fixed-point form of round((double)acc * real)
// (LiteRT's reference kernels), before their cast to int32.
std::int64_t multiply_by_quantized_multiplier_single_away_wide(std::int32_t x, std::int32_t multiplier, int shift);
// The same saturated to int32.
std::int32_t multiply_by_quantized_multiplier_single_away(std::int32_t x, std::int32_t multiplier, int shift);

// An int32 multiplier M in [2^30, 2^31) (or 0) and a shift: real = M * 2^(shift - 31). wrap_offset: the
// hardware's single_away only (requantize_single_away), 0 for every other use: how much further out than
// the zero point its x86 wrap test starts (>= 0; map_to_fixed_point's kWrapOffsetMax bounds what it picks).
struct QuantizedMultiplier {
    std::int32_t multiplier;
    int shift;
    int wrap_offset = 0;
    bool operator==(const QuantizedMultiplier& o) const {
        return multiplier == o.multiplier && shift == o.shift && wrap_offset == o.wrap_offset;
    }
};

// TFLite QuantizeMultiplier (double rounding): q, e = frexp(real); M = round_half_away(q * 2^31);
// M == 2^31 -> M = 2^30, e + 1; e < -31 -> M = 0, shift = 0 (flush to zero); real == 0 -> {0, 0}.
// Throws std::invalid_argument for NaN, infinite, negative reals and for real >= 2^31 (shift > 31).
QuantizedMultiplier quantize_multiplier(double real);

// The same with TFLITE_SINGLE_ROUNDING: a shift above 30 saturates to shift = 30, M = 2^31 - 1.
QuantizedMultiplier quantize_multiplier_single(double real);

}  // namespace qmac::golden
