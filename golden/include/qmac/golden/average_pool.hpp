// The rounding of a quantized average pool: a window's sum of codes divided by its count.
#pragma once

#include <cstdint>
#include <string_view>

namespace qmac::golden {

enum class AveragePoolRounding {
    TFLite,  // TFLite reference_integer_ops::AveragePool (int8) and reference_ops::AveragePool (uint8)
};
std::string_view to_string(AveragePoolRounding r);  // "tflite"
AveragePoolRounding parse_average_pool_rounding(std::string_view name);  // throws std::invalid_argument

// TFLite's average: (sum + count / 2) / count for sum > 0, else (sum - count / 2) / count, in C++ integer
// division (toward zero): the nearest integer to sum / count, ties (even counts) away from zero. count >= 1;
// sum is of the raw codes (the zero point passes through: the pool's input and output quantization are equal).
std::int32_t average_pool_tflite(std::int32_t sum, std::int32_t count);

}  // namespace qmac::golden
