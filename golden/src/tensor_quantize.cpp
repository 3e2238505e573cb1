#include "qmac/golden/tensor_quantize.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "qmac/golden/rounding.hpp"

namespace qmac::golden {

std::string_view to_string(QuantizeRounding r) {
    switch (r) {
    case QuantizeRounding::TFLite: return "tflite";
    case QuantizeRounding::OnnxRuntime: return "onnxruntime";
    case QuantizeRounding::Xnnpack: return "xnnpack";
    case QuantizeRounding::LiteRTBuiltin: return "litert_builtin";
    }
    return "?";
}

QuantizeRounding parse_quantize_rounding(std::string_view name) {
    if (name == "tflite") return QuantizeRounding::TFLite;
    if (name == "onnxruntime") return QuantizeRounding::OnnxRuntime;
    if (name == "xnnpack") return QuantizeRounding::Xnnpack;
    if (name == "litert_builtin") return QuantizeRounding::LiteRTBuiltin;
    throw std::invalid_argument("unknown quantize rounding '" + std::string(name) +
                                "' (tflite, onnxruntime, xnnpack or litert_builtin)");
}

std::int32_t quantize_tflite(float x, float scale, std::int32_t zero_point, IntRange codes) {
    const float quotient = x / scale;            // float32 division, as the kernel's val / float(scale)
    const float rounded = std::round(quotient);  // TfLiteRound: ties away from zero
    if (std::isnan(rounded)) return static_cast<std::int32_t>(codes.min);
    const double unclamped = static_cast<double>(rounded) + static_cast<double>(zero_point);
    const double clamped = std::min(std::max(unclamped, static_cast<double>(codes.min)), static_cast<double>(codes.max));
    return static_cast<std::int32_t>(clamped);
}

std::int32_t quantize_onnxruntime(float x, float scale, std::int32_t zero_point, IntRange codes) {
    const float quotient = x / scale;
    if (std::isnan(quotient)) return static_cast<std::int32_t>(codes.min);
    const float lo = static_cast<float>(codes.min - zero_point), hi = static_cast<float>(codes.max - zero_point);
    const float clamped = quotient < lo ? lo : (quotient > hi ? hi : quotient);
    // nearbyintf in the default FP mode, ties to even; round_half_even gives it without reading the FP mode.
    return static_cast<std::int32_t>(round_half_even(clamped)) + zero_point;
}

std::int32_t quantize_xnnpack(float x, float scale, std::int32_t zero_point, IntRange codes) {
    const float reciprocal = 1.0f / scale;
    const float scaled = x * reciprocal;
    if (std::isnan(scaled)) return static_cast<std::int32_t>(codes.min);
    const float lo = static_cast<float>(codes.min - zero_point), hi = static_cast<float>(codes.max - zero_point);
    const float clamped = scaled < lo ? lo : (scaled > hi ? hi : scaled);
    return static_cast<std::int32_t>(round_half_even(clamped)) + zero_point;
}

std::int32_t quantize_float32(float x, float scale, std::int32_t zero_point, IntRange codes, QuantizeRounding r) {
    switch (r) {
    case QuantizeRounding::TFLite: return quantize_tflite(x, scale, zero_point, codes);
    case QuantizeRounding::OnnxRuntime: return quantize_onnxruntime(x, scale, zero_point, codes);
    case QuantizeRounding::Xnnpack: return quantize_xnnpack(x, scale, zero_point, codes);
    case QuantizeRounding::LiteRTBuiltin:
        throw std::invalid_argument("quantize rounding litert_builtin depends on the element's place: quantize_tensor");
    }
    return 0;
}

std::int32_t quantize_float64_away(float x, float scale, std::int32_t zero_point, IntRange codes) {
    const double quotient = static_cast<double>(x) / static_cast<double>(scale);  // float64 division
    const double rounded = std::round(quotient);                                   // ties away from zero
    if (std::isnan(rounded)) return static_cast<std::int32_t>(codes.min);
    const double unclamped = rounded + static_cast<double>(zero_point);
    const double clamped = std::min(std::max(unclamped, static_cast<double>(codes.min)), static_cast<double>(codes.max));
    return static_cast<std::int32_t>(clamped);
}

std::vector<std::int32_t> quantize_tensor(const std::vector<float>& x, float scale, std::int32_t zero_point,
                                          IntRange codes, QuantizeRounding r) {
    std::vector<std::int32_t> out;
    out.reserve(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (r != QuantizeRounding::LiteRTBuiltin) {
            out.push_back(quantize_float32(x[i], scale, zero_point, codes, r));
        } else if (litert_vector_lane(i, x.size(), kLiteRTQuantizeBlock)) {
            out.push_back(quantize_xnnpack(x[i], scale, zero_point, codes));
        } else {
            out.push_back(quantize_float64_away(x[i], scale, zero_point, codes));
        }
    }
    return out;
}

float dequantize_float32(std::int32_t q, float scale, std::int32_t zero_point) {
    return static_cast<float>(static_cast<double>(scale) * static_cast<double>(q - zero_point));
}

std::string_view to_string(DequantizeRounding r) {
    return r == DequantizeRounding::Single ? "single" : "litert_builtin";
}

DequantizeRounding parse_dequantize_rounding(std::string_view name) {
    if (name == "single") return DequantizeRounding::Single;
    if (name == "litert_builtin") return DequantizeRounding::LiteRTBuiltin;
    throw std::invalid_argument("unknown dequantize rounding '" + std::string(name) + "' (single or litert_builtin)");
}

float dequantize_two_products(std::int32_t q, float scale, std::int32_t zero_point) {
    const float scaled = static_cast<float>(q) * scale;            // float32 product
    const float offset = static_cast<float>(zero_point) * scale;   // float32 product
    return scaled - offset;                                        // float32 difference
}

std::vector<float> dequantize_tensor(const std::vector<std::int32_t>& q, float scale, std::int32_t zero_point,
                                     DequantizeRounding r) {
    std::vector<float> out;
    out.reserve(q.size());
    for (std::size_t i = 0; i < q.size(); ++i) {
        const bool vector = r == DequantizeRounding::LiteRTBuiltin && litert_vector_lane(i, q.size(), kLiteRTDequantizeBlock);
        out.push_back(vector ? dequantize_two_products(q[i], scale, zero_point) : dequantize_float32(q[i], scale, zero_point));
    }
    return out;
}

QuantizedMultiplier tflite_requantize_multiplier(float in_scale, float out_scale) {
    return quantize_multiplier(static_cast<double>(in_scale) / static_cast<double>(out_scale));
}

std::int32_t requantize_tflite(std::int32_t q, std::int32_t in_zero_point, QuantizedMultiplier m,
                               std::int32_t out_zero_point, IntRange codes) {
    const std::int32_t scaled = multiply_by_quantized_multiplier(q - in_zero_point, m.multiplier, m.shift);
    return static_cast<std::int32_t>(saturate(std::int64_t{scaled} + out_zero_point, codes));
}

std::int32_t xnnpack_requantize_multiplier(float in_scale, float out_scale) {
    const float ratio = in_scale / out_scale;
    if (!(ratio >= 0x1.0p-8f && ratio <= 0x1.0p+7f)) {
        throw std::invalid_argument("XNNPACK's convert takes input/output scale ratios in [2^-8, 2^7], got " +
                                    std::to_string(ratio) + " (LiteRT then runs the builtin kernel: 'tflite')");
    }
    return static_cast<std::int32_t>(round_half_even(256.0f * ratio));  // lrintf, ties to even
}

std::int32_t requantize_xnnpack(std::int32_t q, std::int32_t in_zero_point, std::int32_t multiplier,
                                std::int32_t out_zero_point, IntRange codes) {
    const std::int64_t scaled = shift_right_rounded(std::int64_t{q - in_zero_point} * multiplier + 128, 8, Rounding::Floor);
    return static_cast<std::int32_t>(saturate(scaled + out_zero_point, codes));
}

}  // namespace qmac::golden
