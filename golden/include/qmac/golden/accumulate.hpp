// Dot products into an int32 accumulator, as the hardware computes them, and zero-point folding.
//
// Operands are k-bit integers held in int32 (int8 / uint8 activations, int8 weights, or any k <= 16).
// The hardware accumulator is 32 bits wide and wraps modulo 2^32; accumulate_checked says when the exact
// sum did not fit, so that a caller can refuse instead of wrapping silently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace qmac::golden {

// acc = (sum_i x[i] * w[i] + bias) mod 2^32, two's complement. Order-independent, like any modular sum.
std::int32_t accumulate_wrapping(const std::int32_t* x, const std::int32_t* w, std::size_t n, std::int32_t bias);

struct CheckedAccumulation {
    std::int32_t value;  // the wrapped value, equal to accumulate_wrapping
    std::int64_t exact;  // the exact sum (n < 2^31 keeps it within int64)
    bool overflow;       // exact sum outside [INT32_MIN, INT32_MAX]
};
// The same sum with an overflow report; n must be below 2^31 (throws std::invalid_argument otherwise).
CheckedAccumulation accumulate_checked(const std::int32_t* x, const std::int32_t* w, std::size_t n,
                                       std::int32_t bias);

// TFLite's fully connected with offsets: sum((x[i] + input_offset) * (w[i] + weight_offset)) + bias,
// wrapping; input_offset = -input_zero_point, weight_offset = -weight_zero_point.
std::int32_t accumulate_with_zero_points(const std::int32_t* x, const std::int32_t* w, std::size_t n,
                                         std::int32_t bias, std::int32_t input_zero_point,
                                         std::int32_t weight_zero_point);

// Folds the input zero point into the bias, as TFLite's converters and qmac's drivers do for hardware that
// multiplies raw codes: bias' = bias - input_zero_point * sum_i w[i], so that
// accumulate_wrapping(x, w, n, bias') == accumulate_with_zero_points(x, w, n, bias, input_zero_point, 0).
// Throws std::overflow_error when bias' does not fit int32 (the folded bias would silently wrap).
std::int32_t fold_input_zero_point(const std::int32_t* w, std::size_t n, std::int32_t bias,
                                   std::int32_t input_zero_point);

// Vector conveniences; throw std::invalid_argument when the lengths differ.
std::int32_t accumulate_wrapping(const std::vector<std::int32_t>& x, const std::vector<std::int32_t>& w,
                                 std::int32_t bias);
CheckedAccumulation accumulate_checked(const std::vector<std::int32_t>& x, const std::vector<std::int32_t>& w,
                                       std::int32_t bias);

}  // namespace qmac::golden
