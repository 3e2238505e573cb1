// TFLite's requantization, written as TFLite writes it, on top of the real gemmlowp primitives (Debian
// libgemmlowp-dev): the independent reference the golden model is tested against. Compile users with
// -fwrapv when they pass positive shifts: `x * (1 << left_shift)` wraps on every real target and is
// undefined in ISO C++ (shifts <= 0 need nothing).
#pragma once

#include <gemmlowp/fixedpoint/fixedpoint.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace qmac::test {

// tensorflow/lite/kernels/internal/common.h, default (double rounding) build.
inline std::int32_t tflite_multiply_by_quantized_multiplier(std::int32_t x, std::int32_t quantized_multiplier,
                                                            int shift) {
    using gemmlowp::RoundingDivideByPOT;
    using gemmlowp::SaturatingRoundingDoublingHighMul;
    const int left_shift = shift > 0 ? shift : 0;
    const int right_shift = shift > 0 ? 0 : -shift;
    return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x * (1 << left_shift), quantized_multiplier),
                               right_shift);
}

// tensorflow/lite/kernels/internal/common.h with TFLITE_SINGLE_ROUNDING.
inline std::int32_t tflite_single_rounding(std::int32_t x, std::int32_t quantized_multiplier, int shift) {
    const std::int64_t total_shift = 31 - shift;
    const std::int64_t round = static_cast<std::int64_t>(1) << (total_shift - 1);
    std::int64_t result = x * static_cast<std::int64_t>(quantized_multiplier) + round;
    result = result >> total_shift;
    return static_cast<std::int32_t>(result);
}

// tensorflow/lite/kernels/internal/quantization_util.cc QuantizeMultiplier (TfLiteRound is std::round);
// single_rounding: the TFLITE_SINGLE_ROUNDING build, which saturates shifts above 30.
inline void tflite_quantize_multiplier(double double_multiplier, std::int32_t* quantized_multiplier, int* shift,
                                       bool single_rounding = false) {
    if (double_multiplier == 0.) {
        *quantized_multiplier = 0;
        *shift = 0;
        return;
    }
    const double q = std::frexp(double_multiplier, shift);
    auto q_fixed = static_cast<std::int64_t>(std::round(q * (1LL << 31)));
    if (q_fixed == (1LL << 31)) {
        q_fixed /= 2;
        ++*shift;
    }
    // A shift amount smaller than -31 would cause all bits to be shifted out and thus all results would be zero.
    if (*shift < -31) {
        *shift = 0;
        q_fixed = 0;
    }
    if (single_rounding && *shift > 30) {
        *shift = 30;
        q_fixed = (1LL << 31) - 1;
    }
    *quantized_multiplier = static_cast<std::int32_t>(q_fixed);
}

}  // namespace qmac::test
