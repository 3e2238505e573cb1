// Whole-tensor conversions of the runtimes' QUANTIZE / DEQUANTIZE ops between float32 and int8/uint8 codes,
// and between two quantizations (int8 <-> uint8), each as the runtime's kernel computes it.
//
// Unlike quantize(double, AffineQuant) (quantize.hpp, float64 arithmetic), these take the float32 values and
// float32 scales the models hold and divide in float32, as the kernels do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/integer.hpp"

namespace qmac::golden {

// The arithmetic of a float32 -> int8/uint8 quantization.
enum class QuantizeRounding {
    TFLite,       // TFLite AffineQuantize: ties away from zero
    OnnxRuntime,  // ONNX Runtime QuantizeLinear (MLAS): ties to even
    Xnnpack,      // XNNPACK's f32 -> qs8/qu8 convert (LiteRT's default path delegates QUANTIZE to it)
    LiteRTBuiltin,  // LiteRT's builtin optimized QUANTIZE: a vector loop and a scalar tail (quantize_tensor)
};
std::string_view to_string(QuantizeRounding r);  // "tflite", "onnxruntime", "xnnpack", "litert_builtin"
// Throws std::invalid_argument naming the text and the choices.
QuantizeRounding parse_quantize_rounding(std::string_view name);

// TFLite reference_ops::AffineQuantize (also the optimized kernel's scalar loop):
//   clamp(double(TfLiteRound(x / scale)) + zero_point, codes): the division in float32, TfLiteRound =
//   std::round (ties away from zero), the zero point added and the clamp done in float64 (so a huge x
//   saturates). NaN, which the runner never passes (it refuses non-finite inputs), gives codes.min here.
std::int32_t quantize_tflite(float x, float scale, std::int32_t zero_point, IntRange codes);

// ONNX Runtime MlasQuantizeLinear: clamp(nearbyintf(x / scale) + zero_point, codes), the division in float32,
// nearbyintf ties to even (the SSE2 path divides, clamps to [min - zp, max - zp] in float and converts with
// cvtps2dq, also ties to even: the same codes). NaN gives codes.min (MAXPS takes the bound).
std::int32_t quantize_onnxruntime(float x, float scale, std::int32_t zero_point, IntRange codes);

// XNNPACK xnn_f32_qs8_vcvt / f32_qu8_vcvt (xnn_init_f32_qs8_cvt_scalar_params: scale' = 1.0f / scale):
//   clamp(x * scale', min - zp, max - zp) rounded to nearest, ties to even (lrintf, or the magic-bias add),
//   + zp: a float32 MULTIPLICATION by the reciprocal, which can differ from TFLite's and ONNX Runtime's
//   division by one code where x / scale lies next to a half.
std::int32_t quantize_xnnpack(float x, float scale, std::int32_t zero_point, IntRange codes);

// The scalar tail of LiteRT's builtin optimized QUANTIZE (x86-64), measured by tests/import_tflite (exact
// ties of x / scale and random values; its vector loop is quantize_xnnpack's arithmetic):
//   clamp(round_half_away((double)x / (double)scale) + zero_point, codes), the division in float64.
std::int32_t quantize_float64_away(float x, float scale, std::int32_t zero_point, IntRange codes);

// One of the above by name; throws std::invalid_argument for LiteRTBuiltin, whose arithmetic depends on
// the element's place in the tensor (quantize_tensor).
std::int32_t quantize_float32(float x, float scale, std::int32_t zero_point, IntRange codes, QuantizeRounding r);

// LiteRT's builtin kernels run element i of a tensor of n in their vector loop when i < n - n % block, the
// rest in a scalar tail with another arithmetic (measured: QUANTIZE in blocks of 16, DEQUANTIZE of 8).
inline constexpr std::size_t kLiteRTQuantizeBlock = 16, kLiteRTDequantizeBlock = 8;
inline bool litert_vector_lane(std::size_t i, std::size_t n, std::size_t block) { return i < n - n % block; }

// A whole tensor (C order): LiteRTBuiltin is quantize_xnnpack in the vector loop and quantize_float64_away
// in the tail; the others element by element.
std::vector<std::int32_t> quantize_tensor(const std::vector<float>& x, float scale, std::int32_t zero_point,
                                          IntRange codes, QuantizeRounding r);

// TFLite DEQUANTIZE (reference_ops::Dequantize) and ONNX Runtime DequantizeLinear:
//   float32(scale * (q - zero_point)): the product of a float32 scale and an integer below 2^9 is exact in
//   float64 and rounds once to float32, so TFLite's double product and ONNX Runtime's float product agree.
float dequantize_float32(std::int32_t q, float scale, std::int32_t zero_point);

// The arithmetic of an int8/uint8 -> float32 dequantization.
enum class DequantizeRounding {
    Single,         // dequantize_float32: TFLite's reference kernel, XNNPACK, ONNX Runtime
    LiteRTBuiltin,  // LiteRT's builtin optimized DEQUANTIZE on x86-64: a vector loop and a scalar tail
};
std::string_view to_string(DequantizeRounding r);  // "single", "litert_builtin"
DequantizeRounding parse_dequantize_rounding(std::string_view name);  // throws std::invalid_argument

// The vector loop of LiteRT's builtin DEQUANTIZE, measured by tests/import_tflite (it differs from the
// single rounding on float32 neighbours): float32(q) * scale - float32(zero_point) * scale, each product and
// the difference rounded to float32. Its scalar tail is dequantize_float32.
float dequantize_two_products(std::int32_t q, float scale, std::int32_t zero_point);

// A whole tensor (C order): LiteRTBuiltin is dequantize_two_products in the vector loop (blocks of
// kLiteRTDequantizeBlock) and dequantize_float32 in the tail; Single is dequantize_float32 throughout.
std::vector<float> dequantize_tensor(const std::vector<std::int32_t>& q, float scale, std::int32_t zero_point,
                                     DequantizeRounding r);

// TFLite QUANTIZE between two quantized types (Prepare: QuantizeMultiplier((double)in_scale /
// (double)out_scale); Eval: reference_ops::Requantize):
//   clamp(MultiplyByQuantizedMultiplier(q - in_zero_point, M, shift) + out_zero_point, codes).
QuantizedMultiplier tflite_requantize_multiplier(float in_scale, float out_scale);
std::int32_t requantize_tflite(std::int32_t q, std::int32_t in_zero_point, QuantizedMultiplier m,
                               std::int32_t out_zero_point, IntRange codes);

// XNNPACK's qs8 / qu8 convert between two quantizations (xnn_init_qs8_cvt_scalar_params and the qs8-vcvt
// kernels; LiteRT's default path delegates a requantizing QUANTIZE to it):
//   M = lrintf(256 * (in_scale / out_scale)), the ratio in float32 and in [2^-8, 2^7] (else XNNPACK refuses
//   and LiteRT runs the builtin kernel: std::invalid_argument here);
//   clamp(out_zero_point + asr((q - in_zero_point) * M + 128, 8), codes): one rounding, ties toward +infinity
//   (the AVX2 kernel's mulhrs of (zi - q) * 2^7 by -M is the same integer).
std::int32_t xnnpack_requantize_multiplier(float in_scale, float out_scale);
std::int32_t requantize_xnnpack(std::int32_t q, std::int32_t in_zero_point, std::int32_t multiplier,
                                std::int32_t out_zero_point, IntRange codes);

}  // namespace qmac::golden
