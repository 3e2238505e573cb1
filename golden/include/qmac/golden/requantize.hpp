// Requantization: int32 accumulator -> output code, in each reference's own arithmetic.
//
// Every mode is one function composed of the named primitives of rounding.hpp, integer.hpp and
// fixedpoint.hpp, followed by the output stage (zero point, clamp). Where a mode's multiplier or bias is
// derived from float scales, the derivation is a function of its own, in the reference's float width and
// operation order, because changing either changes results.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/integer.hpp"

namespace qmac::golden {

enum class RequantMode {
    Seed,            // the seed (numpy): float64 coefficient * float32(acc), clip, truncate toward zero
    TFLite,          // gemmlowp/TFLite double rounding: SRDHM then RoundingDivideByPOT
    TFLiteSingle,    // TFLITE_SINGLE_ROUNDING, ruy, CMSIS-NN single rounding: one rounding, ties to +inf
    Fp32,            // XNNPACK fp32 (x86 qs8 GEMM): float32 (float)acc * scale, clamp, lrintf (ties to even)
    PytorchQnnpack,  // PyTorch 1.13 qnnpack linear: float32 multiplier, cvtps (ties to even), saturate
    LiteRtRuy,       // LiteRT builtin kernels on x86-64 (ruy): SRDHM, then a rounding right shift, ties up
    LiteRtReference, // LiteRT reference kernels (since 2025): round((double)acc * float64 multiplier), ties away
    XnnpackVnni,     // XNNPACK's qs8 GEMM on VNNI CPUs (AVX512-VNNI, AVX-VNNI): fp32, but cvtps2dq before the zp add
};

// Every mode, in the order above: the one list that parsing, messages and tests iterate.
inline constexpr std::array<RequantMode, 8> all_requant_modes = {
    RequantMode::Seed,           RequantMode::TFLite,    RequantMode::TFLiteSingle,    RequantMode::Fp32,
    RequantMode::PytorchQnnpack, RequantMode::LiteRtRuy, RequantMode::LiteRtReference, RequantMode::XnnpackVnni};

std::string_view to_string(RequantMode m);
// Parses "seed", "tflite", "tflite_single", "fp32", "pytorch_qnnpack", "litert_ruy", "litert_reference",
// "xnnpack_vnni";
// throws std::invalid_argument.
RequantMode parse_requant_mode(std::string_view name);

// What follows the multiplier in every mode: y = clamp(v + zero_point, min, max).
// ReLU is min = zero_point; ReLU6 is max = zero_point + round(6 / output_scale).
struct OutputStage {
    std::int32_t zero_point;
    std::int32_t min;
    std::int32_t max;
};
// Throws std::invalid_argument unless min <= max and both lie in [-2^31, 2^31).
OutputStage make_output_stage(std::int32_t zero_point, std::int32_t min, std::int32_t max);
// The seed's output stage for k-bit codes: zero point 0, clamp to [-(2^(k-1)-1), 2^(k-1)-1].
OutputStage symmetric_output_stage(int bits);

// apply_output_stage(v) = saturate(v + zero_point, [min, max]), computed without overflow.
std::int32_t apply_output_stage(std::int64_t v, const OutputStage& o);

// saturate_int32_real(v) = saturate(v, int32) for a real v already rounded to an integer; NaN is not allowed.
std::int32_t saturate_int32_real(double v);

// convert_to_int32_x86(v) = trunc(v) where it fits int32, else INT32_MIN (also for NaN): C's (int32_t) cast
// of a double as x86-64 computes it (cvttsd2si returns the "integer indefinite" 0x80000000 out of range;
// ISO C++ leaves the cast undefined there).
std::int32_t convert_to_int32_x86(double v);

// int32_or_indefinite(v) = v where it fits int32, else INT32_MIN: convert_to_int32_x86 of an integer v.
std::int32_t int32_or_indefinite(std::int64_t v);

// The output stage of kernels that add the zero point in int32 before clamping, as x86-64 wraps it:
//   clamp(wrap_int32(v + zero_point), min, max).
std::int32_t apply_output_stage_wrapping(std::int32_t v, const OutputStage& o);

// Where convert_to_int32_x86 and apply_output_stage_wrapping together do not give the saturating output
// stage's result: v + zero_point, or v itself, outside int32 such that the far clamp bound comes out
// (zp >= 0: v >= 2^31 - zp gives min; zp < 0: v < -2^31 - zp gives max). v: an integer value.
bool in_x86_wrap_region(double v, std::int32_t zero_point);

// --- The modes -----------------------------------------------------------------------------------------

// seed: trunc(clip(coefficient * double(float(acc)), min - zp, max - zp)) + zp (float64 product of a
// float32-rounded accumulator; np.clip then astype(int) truncates). coefficient must be finite.
std::int32_t requantize_seed(std::int32_t acc, double coefficient, const OutputStage& o);

// tflite: clamp(MultiplyByQuantizedMultiplier(acc, M, shift) + zp, min, max), double rounding.
std::int32_t requantize_tflite(std::int32_t acc, QuantizedMultiplier m, const OutputStage& o);

// tflite_single: clamp(MultiplyByQuantizedMultiplier_single(acc, M, shift) + zp, min, max).
std::int32_t requantize_tflite_single(std::int32_t acc, QuantizedMultiplier m, const OutputStage& o);

// Single rounding with ties to even, the integer form of fp32 / pytorch_qnnpack on the kernels:
//   clamp(round_half_even(acc * M / 2^(31 - shift)) + zp, min, max).
std::int32_t requantize_single_even(std::int32_t acc, QuantizedMultiplier m, const OutputStage& o);

// The integer stand-in for `seed` on the RTL and HLS kernels:
//   clamp(trunc(acc * M / 2^(31 - shift)) + zp, min, max).
std::int32_t requantize_truncate(std::int32_t acc, QuantizedMultiplier m, const OutputStage& o);

// single_away, the fixed-point form of litert_reference with its x86-64 int32 cast and int32 zero-point add:
//   clamp(wrap_int32(int32_or_indefinite(round_half_away(acc * M / 2^(31 - shift))) + zp), min, max),
// the quotient q exact (multiply_by_quantized_multiplier_single_away_wide). Where q, or q + zp, leaves
// int32, the far clamp bound comes out (min for zp >= 0, max for zp < 0), as in the reference.
// m.wrap_offset = d >= 0 starts that wrap d codes earlier: the far bound iff q leaves int32, or
// q + zp + d >= 2^31 (zp >= 0), or q + zp - d < -2^31 (zp < 0); d = 0 is the formula above. Through d the
// host places the wrap's first accumulator where the float64 product places it, which a 31-bit M alone
// cannot always do (map_to_fixed_point).
std::int32_t requantize_single_away(std::int32_t acc, QuantizedMultiplier m, const OutputStage& o);

// single_away's wrap test, the one definition its users share (map_to_fixed_point, the testbench's coverage):
// the zero point it adds, wrap_offset further out (zp + d for zp >= 0, zp - d for zp < 0), and whether the
// quotient q gets the far clamp bound (q outside int32, or q plus that zero point outside int32).
std::int64_t single_away_wrap_zero_point(std::int32_t zero_point, int wrap_offset);
bool single_away_far_bound(std::int64_t q, std::int32_t zero_point, int wrap_offset);

// fp32: lrintf(clamp(float(acc) * scale, min - zp, max - zp)) + zp, all in float32, ties to even.
std::int32_t requantize_fp32(std::int32_t acc, float scale, const OutputStage& o);

// xnnpack_vnni: XNNPACK's qs8 / qc8w GEMM output stage on CPUs with VNNI (its avx512vnni and avxvnni kernels):
//   v = min(float(acc) * scale, float(max - zp))      (float32; no lower clamp in float)
//   i = convert_to_int32_x86(round_half_even(v))       (cvtps2dq: INT32_MIN below -2^31)
//   y = max(saturate_int8(wrap_int32(i + zp)), min)    (vpaddd, vpmovsdb, vpmaxsb)
// It equals requantize_fp32 except where i is INT32_MIN and zp < 0: the int32 add wraps to 2^31 + zp and
// saturates to 127, above max when max < 127 (ReLU6). Measured against LiteRT 2.3's XNNPACK on an Intel
// Ice Lake (docs/numerics.md). Defined for every output stage as: that case max(127, min), all else
// requantize_fp32 (the same for int8 bounds; for uint8 outputs, zp >= 0, nothing wraps and XNNPACK's qu8
// kernels saturate as fp32 clamps).
std::int32_t requantize_xnnpack_vnni(std::int32_t acc, float scale, const OutputStage& o);

// pytorch_qnnpack: clamp(cvtps(float(acc) * multiplier) + zp, min, max), float32, ties to even.
// Within an 8-bit output range it equals requantize_fp32: rounding is monotonic and the bounds are integers.
std::int32_t requantize_pytorch_qnnpack(std::int32_t acc, float multiplier, const OutputStage& o);

// litert_ruy: clamp(multiply_by_quantized_multiplier_ruy_x86(acc, M, shift) + zp, min, max).
std::int32_t requantize_litert_ruy(std::int32_t acc, QuantizedMultiplier m, const OutputStage& o);

// litert_reference: clamp(wrap_int32(convert_to_int32_x86(round_half_away((double)acc * multiplier)) + zp),
// min, max), the product in float64. The reference casts the rounded double to int32 and adds the zero
// point in int32; outside int32 that gives INT32_MIN + zp on x86-64 (measured: -128 for zp >= 0, 127 for
// zp < 0, whatever the sign of the product), which this reproduces.
std::int32_t requantize_litert_reference(std::int32_t acc, double multiplier, const OutputStage& o);

// The requantizers the hardware kernels implement, selected at run time by the `rounding` field.
enum class FixedPointRounding {
    Double,              // requantize_tflite
    Single,              // requantize_tflite_single
    TruncateTowardZero,  // requantize_truncate
    SingleHalfEven,      // requantize_single_even
    DoubleUp,            // requantize_litert_ruy
    SingleAway,          // requantize_single_away
    Float32,             // requantize_fp32 with the float32 whose bits are m.multiplier (m.shift must be 0)
    Float32Wrap,         // requantize_xnnpack_vnni, the multiplier as Float32's
};
std::string_view to_string(FixedPointRounding r);
// Dispatches to the requantizer of r. Float32 and Float32Wrap throw std::invalid_argument for a multiplier whose bits are
// not a finite float32 >= 0 (0 .. 0x7F7FFFFF) or a nonzero shift.
std::int32_t requantize_fixed(std::int32_t acc, QuantizedMultiplier m, FixedPointRounding r, const OutputStage& o);

// The float32 whose bits are `bits` (the hardware's fp32 multiplier field), and back.
float float32_from_bits(std::int32_t bits);
std::int32_t float32_bits(float f);

// --- Multiplier and bias derivations from float scales, per reference ---------------------------------

// seed: s_out / (s_w * s_a), float64.
double seed_coefficient(double weight_scale, double activation_scale, double output_scale);
// seed bias: round_half_even(b * (s_w * s_a)) as int32 (throws std::overflow_error outside int32).
std::int32_t quantize_bias_seed(double bias, double weight_scale, double activation_scale);

// TFLite: (double)in * (double)w / (double)out, then quantize_multiplier.
double tflite_real_multiplier(double input_scale, double weight_scale, double output_scale);
// TFLite converter bias: saturate_int32(round_half_away(b / (in * w))), float64.
std::int32_t quantize_bias_tflite(double bias, double input_scale, double weight_scale);

// LiteRT (builtin and reference kernels): (double)in * (double)w / (double)out of its float32 scales; the
// builtin kernels then take quantize_multiplier of it (litert_ruy), the reference kernels use it as is.
double litert_real_multiplier(float input_scale, float weight_scale, float output_scale);

// XNNPACK fp32 and ONNX Runtime (MLAS): (in * w) / out in float32.
float fp32_scale(float input_scale, float weight_scale, float output_scale);

// PyTorch qnnpack: (w * in) * (1.f / out) in float32 (multiplying by the reciprocal, not dividing).
float qnnpack_multiplier(float input_scale, float weight_scale, float output_scale);
// PyTorch qnnpack bias: nearbyint(b * (1.f / (w * in))) in float32, ties to even, saturated to int32.
std::int32_t quantize_bias_qnnpack(float bias, float input_scale, float weight_scale);

// --- One mode chosen at run time ---------------------------------------------------------------------

// The per-output parameters of any mode, derived from one real multiplier as that mode's reference does.
struct RequantParams {
    RequantMode mode;
    double coefficient;         // seed, litert_reference (float64 multipliers)
    QuantizedMultiplier fixed;  // tflite, tflite_single, litert_ruy
    float scale;                // fp32, pytorch_qnnpack, xnnpack_vnni
};
// Throws std::invalid_argument for a real multiplier that is not finite and > 0, or out of a mode's range.
RequantParams make_requant_params(RequantMode mode, double real_multiplier);
std::int32_t requantize(std::int32_t acc, const RequantParams& p, const OutputStage& o);

}  // namespace qmac::golden
