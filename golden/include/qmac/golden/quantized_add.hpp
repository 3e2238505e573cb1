// The element-wise addition of two quantized tensors into a third quantization, as each runtime computes it
// (TFLite ADD, XNNPACK's qs8/qu8 add, ONNX Runtime QLinearAdd). Each runtime prepares its parameters once
// from the three float32 scales and zero points (make_add_params), then adds code by code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/integer.hpp"

namespace qmac::golden {

enum class AddRounding {
    TFLite,         // TFLite's reference ADD (reference_integer_ops::Add): fixed point, double rounding
    LiteRTBuiltin,  // LiteRT's builtin optimized ADD on x86-64: a vector loop and a scalar tail (add_tensor)
    Xnnpack,      // XNNPACK qs8/qu8 vadd (LiteRT's default path delegates ADD to it): fixed point, one shift
    OnnxRuntime,  // ONNX Runtime QLinearAdd (MLAS AVX2 kernel): float32 with fused multiply-adds
};
std::string_view to_string(AddRounding r);  // "tflite", "litert_builtin", "xnnpack", "onnxruntime"
AddRounding parse_add_rounding(std::string_view name);  // throws std::invalid_argument

// A tensor's quantization as the model holds it.
struct TensorQuant {
    float scale;
    std::int32_t zero_point;
};

struct AddParams {
    AddRounding rounding;
    TensorQuant a, b, out;
    // tflite: left_shift 20; each input's multiplier of s / (2 max(sa, sb)), the output's of
    // 2 max(sa, sb) / (2^20 s_out), each QuantizeMultiplierSmallerThanOneExp.
    int left_shift = 0;
    QuantizedMultiplier a_multiplier{0, 0}, b_multiplier{0, 0}, out_multiplier{0, 0};
    // xnnpack: integer multipliers of sa / s_out and sb / s_out at 2^shift (the larger in [2^20, 2^21)), the
    // rounding and the zero points folded into the bias.
    std::int32_t xa_multiplier = 0, xb_multiplier = 0, x_bias = 0;
    int x_shift = 0;
    // onnxruntime: the float32 scale ratios and the fixed part zc - fma(ra, za, rb * zb).
    float ra = 0.0f, rb = 0.0f, fixed = 0.0f;
};

// The runtime's preparation. Throws std::invalid_argument where the runtime refuses the scales (TFLite: an
// output multiplier not below 1; XNNPACK: a ratio s / s_out outside [2^-10, 2^8), which LiteRT's delegate
// leaves to the builtin kernel, i.e. `tflite`) or for a scale that is not positive and finite.
AddParams make_add_params(AddRounding r, TensorQuant a, TensorQuant b, TensorQuant out);

// TFLite reference_integer_ops::Add:
//   x' = MBQMSmallerThanOneExp((x - zx) * 2^20, Mx, sx) for x = a, b;
//   clamp(MBQMSmallerThanOneExp(a' + b', Mo, so) + zo, lo, hi)   (MBQMSmallerThanOneExp = RDBPOT(SRDHM)).
std::int32_t add_tflite(std::int32_t a, std::int32_t b, const AddParams& p, std::int32_t lo, std::int32_t hi);

// The vector loop of LiteRT's builtin optimized ADD (x86-64), measured by tests/import_tflite at exact ties:
// the parameters of tflite, but each input rescaled by multiply_by_quantized_multiplier_single (one
// rounding, ties up) where the reference rounds twice; the output as add_tflite. Its scalar tail is add_tflite.
std::int32_t add_litert_builtin_vector(std::int32_t a, std::int32_t b, const AddParams& p, std::int32_t lo, std::int32_t hi);

// LiteRT's builtin ADD runs element i of n in its vector loop when i < n - n % kLiteRTAddBlock (measured:
// on 75 elements, 0-63 match add_litert_builtin_vector only, 64-74 add_tflite only).
inline constexpr std::size_t kLiteRTAddBlock = 16;

// Two whole tensors (C order) of one size: LiteRTBuiltin as its vector loop and tail, the others element by element.
std::vector<std::int32_t> add_tensor(const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b,
                                     const AddParams& p, std::int32_t lo, std::int32_t hi);

// XNNPACK xnn_qs8_vadd_minmax_ukernel (scalar; the SIMD kernels compute the same integers):
//   clamp(asr(bias + a * Ma + b * Mb, shift), lo - zo, hi - zo) + zo, bias = 2^(shift-1) - Ma za - Mb zb:
//   one rounding, ties toward +infinity.
std::int32_t add_xnnpack(std::int32_t a, std::int32_t b, const AddParams& p, std::int32_t lo, std::int32_t hi);

// ONNX Runtime MlasQLinearAddKernelAvx2Helper:
//   clamp(cvtps2dq(fma(a, ra, fma(b, rb, fixed))), lo, hi), ra = sa / sc, rb = sb / sc in float32, the
//   conversion ties to even, saturated to the codes by the packs.
std::int32_t add_onnxruntime(std::int32_t a, std::int32_t b, const AddParams& p, std::int32_t lo, std::int32_t hi);

// The rounding p names, for one element (LiteRTBuiltin: its vector loop's arithmetic).
std::int32_t add_quantized(std::int32_t a, std::int32_t b, const AddParams& p, std::int32_t lo, std::int32_t hi);

}  // namespace qmac::golden
