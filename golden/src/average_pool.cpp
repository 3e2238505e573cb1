#include "qmac/golden/average_pool.hpp"

#include <stdexcept>
#include <string>

namespace qmac::golden {

std::string_view to_string(AveragePoolRounding) { return "tflite"; }

AveragePoolRounding parse_average_pool_rounding(std::string_view name) {
    if (name == "tflite") return AveragePoolRounding::TFLite;
    throw std::invalid_argument("unknown average pool rounding '" + std::string(name) + "' (tflite)");
}

std::int32_t average_pool_tflite(std::int32_t sum, std::int32_t count) {
    if (count < 1) throw std::invalid_argument("average_pool_tflite: count must be >= 1");
    return sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
}

}  // namespace qmac::golden
