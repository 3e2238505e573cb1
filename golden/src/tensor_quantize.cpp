#include "qmac/golden/tensor_quantize.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "qmac/golden/requantize.hpp"
#include "qmac/golden/rounding.hpp"

namespace qmac::golden {

std::string_view to_string(QuantizeRounding r) {
    switch (r) {
        case QuantizeRounding::TFLite: return "tflite";
        case QuantizeRounding::LiteRTOptimized: return "litert_optimized";
        case QuantizeRounding::OnnxRuntime: break;
    }
    return "onnxruntime";
}

QuantizeRounding parse_quantize_rounding(std::string_view name) {
    if (name == "tflite") return QuantizeRounding::TFLite;
    if (name == "litert_optimized") return QuantizeRounding::LiteRTOptimized;
    if (name == "onnxruntime") return QuantizeRounding::OnnxRuntime;
    throw std::invalid_argument("unknown quantize rounding '" + std::string(name) +
                                "' (tflite, litert_optimized or onnxruntime)");
}

std::int32_t quantize_tflite(float x, float scale, std::int32_t zero_point, IntRange codes) {
    const float quotient = x / scale;                   // float32 division, as the kernel's val / scale
    const float rounded = std::round(quotient);         // TfLiteRound: ties away from zero
    const std::int64_t unclamped = std::int64_t{convert_to_int32_x86(rounded)} + zero_point;
    return static_cast<std::int32_t>(saturate(wrap_int32(unclamped), codes));  // the kernel adds in int32
}

std::int32_t quantize_onnxruntime(float x, float scale, std::int32_t zero_point, IntRange codes) {
    const float quotient = x / scale;
    if (std::isnan(quotient)) return static_cast<std::int32_t>(codes.min);
    const float lo = static_cast<float>(codes.min - zero_point), hi = static_cast<float>(codes.max - zero_point);
    const float clamped = quotient < lo ? lo : (quotient > hi ? hi : quotient);
    // nearbyintf in the default FP mode, ties to even; round_half_even gives it without reading the FP mode.
    return static_cast<std::int32_t>(round_half_even(clamped)) + zero_point;
}

std::int32_t quantize_litert_optimized(float x, float scale, std::int32_t zero_point, IntRange codes) {
    const float inverse = 1.0f / scale;  // the kernels' one float32 reciprocal
    const float product = x * inverse;
    if (std::isnan(product)) return static_cast<std::int32_t>(codes.min);
    const float lo = static_cast<float>(codes.min - zero_point), hi = static_cast<float>(codes.max - zero_point);
    const float clamped = product < lo ? lo : (product > hi ? hi : product);
    return static_cast<std::int32_t>(round_half_even(clamped)) + zero_point;  // cvtps2dq: ties to even
}

std::int32_t quantize_float32(float x, float scale, std::int32_t zero_point, IntRange codes, QuantizeRounding r) {
    switch (r) {
        case QuantizeRounding::TFLite: return quantize_tflite(x, scale, zero_point, codes);
        case QuantizeRounding::LiteRTOptimized: return quantize_litert_optimized(x, scale, zero_point, codes);
        case QuantizeRounding::OnnxRuntime: break;
    }
    return quantize_onnxruntime(x, scale, zero_point, codes);
}

float dequantize_float32(std::int32_t q, float scale, std::int32_t zero_point) {
    return static_cast<float>(static_cast<double>(scale) * static_cast<double>(q - zero_point));
}

std::string_view to_string(DequantizeRounding r) {
    return r == DequantizeRounding::Single ? "single" : "litert_optimized";
}

DequantizeRounding parse_dequantize_rounding(std::string_view name) {
    if (name == "single") return DequantizeRounding::Single;
    if (name == "litert_optimized") return DequantizeRounding::LiteRTOptimized;
    throw std::invalid_argument("unknown dequantize rounding '" + std::string(name) + "' (single or litert_optimized)");
}

float dequantize_litert_optimized(std::int32_t q, float scale, std::int32_t zero_point) {
    const float scaled = static_cast<float>(q) * scale;            // float32 product
    const float offset = static_cast<float>(zero_point) * scale;   // float32 product
    return scaled - offset;                                        // float32 difference
}

float dequantize(std::int32_t q, float scale, std::int32_t zero_point, DequantizeRounding r) {
    return r == DequantizeRounding::Single ? dequantize_float32(q, scale, zero_point)
                                           : dequantize_litert_optimized(q, scale, zero_point);
}

QuantizedMultiplier tflite_requantize_multiplier(float in_scale, float out_scale) {
    return quantize_multiplier(static_cast<double>(in_scale) / static_cast<double>(out_scale));
}

std::int32_t requantize_tflite(std::int32_t q, std::int32_t in_zero_point, QuantizedMultiplier m,
                               std::int32_t out_zero_point, IntRange codes) {
    const std::int32_t scaled = multiply_by_quantized_multiplier(q - in_zero_point, m.multiplier, m.shift);
    return static_cast<std::int32_t>(saturate(std::int64_t{scaled} + out_zero_point, codes));
}

}  // namespace qmac::golden
