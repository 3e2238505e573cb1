// Whole-tensor conversions of the runtimes' QUANTIZE / DEQUANTIZE ops between float32 and int8/uint8 codes,
// and between two quantizations (int8 <-> uint8), each as the runtime's kernel computes it.
//
// Unlike quantize(double, AffineQuant) (quantize.hpp, float64 arithmetic), these take the float32 values and
// float32 scales the models hold and divide in float32, as the kernels do.
#pragma once

#include <cstdint>
#include <string_view>

#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/integer.hpp"

namespace qmac::golden {

// The arithmetic of a float32 -> int8/uint8 quantization.
enum class QuantizeRounding {
    TFLite,           // TFLite AffineQuantize: ties away from zero
    LiteRTOptimized,  // LiteRT's builtin optimized QUANTIZE and XNNPACK's convert: x * (1 / scale), ties to even
    OnnxRuntime,  // ONNX Runtime QuantizeLinear (MLAS): ties to even
};
std::string_view to_string(QuantizeRounding r);  // "tflite", "litert_optimized", "onnxruntime"
// Throws std::invalid_argument naming the text and the choices.
QuantizeRounding parse_quantize_rounding(std::string_view name);

// TFLite reference_ops::AffineQuantize: clamp(int32(TfLiteRound(x / scale)) + zero_point, codes), the
// division in float32, TfLiteRound = std::round (ties away from zero), the int32 cast as x86-64 computes it
// (convert_to_int32_x86: INT32_MIN beyond int32 or for NaN).
std::int32_t quantize_tflite(float x, float scale, std::int32_t zero_point, IntRange codes);

// ONNX Runtime MlasQuantizeLinear: clamp(nearbyintf(x / scale) + zero_point, codes), the division in float32,
// nearbyintf ties to even (the SSE2 path divides, clamps to [min - zp, max - zp] in float and converts with
// cvtps2dq, also ties to even: the same codes). NaN gives codes.min (MAXPS takes the bound).
std::int32_t quantize_onnxruntime(float x, float scale, std::int32_t zero_point, IntRange codes);

// LiteRT's builtin optimized QUANTIZE (x86-64) and XNNPACK's f32 -> qs8/qu8 convert (LiteRT's default path),
// measured by tests/import_tflite (exact ties of x / scale fed to each path):
//   clamp(round_half_even(clamp(x * float32(1 / scale), min - zp, max - zp)) + zero_point): the reciprocal
// and the product each rounded to float32, so a tie of x / scale can land either side; NaN gives codes.min.
std::int32_t quantize_litert_optimized(float x, float scale, std::int32_t zero_point, IntRange codes);

// One of the three above by name.
std::int32_t quantize_float32(float x, float scale, std::int32_t zero_point, IntRange codes, QuantizeRounding r);

// TFLite DEQUANTIZE (reference_ops::Dequantize) and ONNX Runtime DequantizeLinear:
//   float32(scale * (q - zero_point)): the product of a float32 scale and an integer below 2^9 is exact in
//   float64 and rounds once to float32, so TFLite's double product and ONNX Runtime's float product agree.
float dequantize_float32(std::int32_t q, float scale, std::int32_t zero_point);

// The arithmetic of an int8/uint8 -> float32 dequantization.
enum class DequantizeRounding {
    Single,           // dequantize_float32: TFLite's reference kernel, XNNPACK, ONNX Runtime
    LiteRTOptimized,  // LiteRT's builtin optimized DEQUANTIZE on x86-64
};
std::string_view to_string(DequantizeRounding r);  // "single", "litert_optimized"
DequantizeRounding parse_dequantize_rounding(std::string_view name);  // throws std::invalid_argument

// LiteRT's builtin optimized DEQUANTIZE, measured by tests/import_tflite (it differs from the single
// rounding on float32 neighbours): float32(q) * scale - float32(zero_point) * scale, each product and the
// difference rounded to float32 (the kernel's vector multiply, then subtract).
float dequantize_litert_optimized(std::int32_t q, float scale, std::int32_t zero_point);

// One of the two above by name.
float dequantize(std::int32_t q, float scale, std::int32_t zero_point, DequantizeRounding r);

// TFLite QUANTIZE between two quantized types (Prepare: QuantizeMultiplier((double)in_scale /
// (double)out_scale); Eval: reference_ops::Requantize):
//   clamp(MultiplyByQuantizedMultiplier(q - in_zero_point, M, shift) + out_zero_point, codes).
QuantizedMultiplier tflite_requantize_multiplier(float in_scale, float out_scale);
std::int32_t requantize_tflite(std::int32_t q, std::int32_t in_zero_point, QuantizedMultiplier m,
                               std::int32_t out_zero_point, IntRange codes);

}  // namespace qmac::golden
