// TFLite's MultiplyByQuantizedMultiplier, written as TFLite writes it on top of the real gemmlowp
// primitives (Debian libgemmlowp-dev). Compile users with -fwrapv: `x * (1 << left_shift)` wraps on every
// real target and is undefined in ISO C++.
#pragma once

#include <gemmlowp/fixedpoint/fixedpoint.h>

#include <cstdint>

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

}  // namespace qmac::test
