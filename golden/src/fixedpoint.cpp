#include "qmac/golden/fixedpoint.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "qmac/golden/integer.hpp"
#include "qmac/golden/rounding.hpp"

namespace qmac::golden {

namespace {

void require_shift(int shift, int lo, int hi, const char* who) {
    if (shift < lo || shift > hi) {
        throw std::invalid_argument(std::string(who) + ": shift " + std::to_string(shift) + " outside [" +
                                    std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
}

void require_nonnegative_multiplier(std::int32_t m, const char* who) {
    if (m < 0) throw std::invalid_argument(std::string(who) + ": multiplier " + std::to_string(m) + " is negative");
}

}  // namespace

std::int32_t saturating_rounding_doubling_high_mul(std::int32_t a, std::int32_t b) {
    const bool overflow = a == b && a == INT32_MIN;
    const std::int64_t ab = std::int64_t{a} * std::int64_t{b};
    const std::int64_t high = (ab + (std::int64_t{1} << 30)) >> 31;  // floor division: ties toward +inf
    return overflow ? INT32_MAX : static_cast<std::int32_t>(high);
}

std::int32_t rounding_divide_by_pot(std::int32_t x, int exponent) {
    require_shift(exponent, 0, 31, "rounding_divide_by_pot");
    return static_cast<std::int32_t>(shift_right_rounded(x, exponent, Rounding::HalfAway));
}

std::int32_t rounding_right_shift_half_up(std::int32_t x, int exponent) {
    require_shift(exponent, 0, 31, "rounding_right_shift_half_up");
    return static_cast<std::int32_t>(shift_right_rounded(x, exponent, Rounding::HalfUp));
}

std::int32_t shift_left_wrapping(std::int32_t x, int shift) {
    require_shift(shift, 0, 31, "shift_left_wrapping");
    return wrap_int32(static_cast<std::int64_t>(static_cast<std::uint64_t>(static_cast<std::int64_t>(x)) << shift));
}

namespace {
// The first rounding of both double roundings: SRDHM(x << max(shift, 0), M); the second shifts the result
// right by right_shift_of(shift) = max(-shift, 0).
std::int32_t high_mul_of_shifted(std::int32_t x, std::int32_t multiplier, int shift) {
    return saturating_rounding_doubling_high_mul(shift_left_wrapping(x, shift > 0 ? shift : 0), multiplier);
}
int right_shift_of(int shift) { return shift > 0 ? 0 : -shift; }
}  // namespace

std::int32_t multiply_by_quantized_multiplier(std::int32_t x, std::int32_t multiplier, int shift) {
    require_shift(shift, -31, 31, "multiply_by_quantized_multiplier");
    return rounding_divide_by_pot(high_mul_of_shifted(x, multiplier, shift), right_shift_of(shift));
}

std::int32_t multiply_by_quantized_multiplier_ruy_x86(std::int32_t x, std::int32_t multiplier, int shift) {
    require_shift(shift, -31, 31, "multiply_by_quantized_multiplier_ruy_x86");
    require_nonnegative_multiplier(multiplier, "multiply_by_quantized_multiplier_ruy_x86");
    return rounding_right_shift_half_up(high_mul_of_shifted(x, multiplier, shift), right_shift_of(shift));
}

std::int32_t multiply_by_quantized_multiplier_single(std::int32_t x, std::int32_t multiplier, int shift) {
    require_shift(shift, -31, 30, "multiply_by_quantized_multiplier_single");
    require_nonnegative_multiplier(multiplier, "multiply_by_quantized_multiplier_single");
    // |x * M| < 2^62, so the 64-bit product and the rounding add cannot overflow.
    const std::int64_t product = std::int64_t{x} * std::int64_t{multiplier};
    return saturate_int32(shift_right_rounded(product, 31 - shift, Rounding::HalfUp));
}

std::int32_t multiply_by_quantized_multiplier_single_even(std::int32_t x, std::int32_t multiplier, int shift) {
    require_shift(shift, -31, 30, "multiply_by_quantized_multiplier_single_even");
    require_nonnegative_multiplier(multiplier, "multiply_by_quantized_multiplier_single_even");
    const std::int64_t product = std::int64_t{x} * std::int64_t{multiplier};
    return saturate_int32(shift_right_rounded(product, 31 - shift, Rounding::HalfEven));
}

std::int32_t multiply_by_quantized_multiplier_truncate(std::int32_t x, std::int32_t multiplier, int shift) {
    require_shift(shift, -31, 30, "multiply_by_quantized_multiplier_truncate");
    require_nonnegative_multiplier(multiplier, "multiply_by_quantized_multiplier_truncate");
    const std::int64_t product = std::int64_t{x} * std::int64_t{multiplier};
    return saturate_int32(shift_right_rounded(product, 31 - shift, Rounding::TowardZero));
}

std::int64_t multiply_by_quantized_multiplier_single_away_wide(std::int32_t x, std::int32_t multiplier, int shift) {
    require_shift(shift, -31, 30, "multiply_by_quantized_multiplier_single_away");
    require_nonnegative_multiplier(multiplier, "multiply_by_quantized_multiplier_single_away");
    const std::int64_t product = std::int64_t{x} * std::int64_t{multiplier};
    return shift_right_rounded(product, 31 - shift, Rounding::HalfAway);
}

std::int32_t multiply_by_quantized_multiplier_single_away(std::int32_t x, std::int32_t multiplier, int shift) {
    return saturate_int32(multiply_by_quantized_multiplier_single_away_wide(x, multiplier, shift));
}

namespace {

// The common part of both QuantizeMultiplier variants: frexp, round the 31-bit mantissa, renormalise.
QuantizedMultiplier quantize_multiplier_unsaturated(double real, const char* who) {
    if (std::isnan(real) || std::isinf(real) || real < 0.0) {
        throw std::invalid_argument(std::string(who) + ": real multiplier must be finite and >= 0, got " +
                                    std::to_string(real));
    }
    if (real == 0.0) return {0, 0};
    int exponent = 0;
    const double mantissa = std::frexp(real, &exponent);  // in [0.5, 1)
    auto fixed = static_cast<std::int64_t>(round_half_away(mantissa * 2147483648.0));
    if (fixed == (std::int64_t{1} << 31)) {  // the mantissa rounded up to 1.0
        fixed /= 2;
        ++exponent;
    }
    if (exponent < -31) return {0, 0};  // below 2^-32 the multiplier flushes to zero
    return {static_cast<std::int32_t>(fixed), exponent};
}

}  // namespace

QuantizedMultiplier quantize_multiplier(double real) {
    const QuantizedMultiplier q = quantize_multiplier_unsaturated(real, "quantize_multiplier");
    if (q.shift > 31) {
        throw std::invalid_argument("quantize_multiplier: real multiplier " + std::to_string(real) +
                                    " >= 2^31 needs a left shift above 31");
    }
    return q;
}

QuantizedMultiplier quantize_multiplier_single(double real) {
    const QuantizedMultiplier q = quantize_multiplier_unsaturated(real, "quantize_multiplier_single");
    if (q.shift > 30) return {INT32_MAX, 30};
    return q;
}

}  // namespace qmac::golden
