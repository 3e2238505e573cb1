#include "qmac/golden/requantize.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "qmac/golden/rounding.hpp"

namespace qmac::golden {

std::string_view to_string(RequantMode m) {
    switch (m) {
    case RequantMode::Seed: return "seed";
    case RequantMode::TFLite: return "tflite";
    case RequantMode::TFLiteSingle: return "tflite_single";
    case RequantMode::Fp32: return "fp32";
    case RequantMode::PytorchQnnpack: return "pytorch_qnnpack";
    case RequantMode::LiteRtRuy: return "litert_ruy";
    case RequantMode::LiteRtReference: return "litert_reference";
    case RequantMode::XnnpackVnni: return "xnnpack_vnni";
    }
    return "?";
}

RequantMode parse_requant_mode(std::string_view name) {
    std::string expected;
    for (RequantMode m : all_requant_modes) {
        if (to_string(m) == name) return m;
        expected += (expected.empty() ? "" : (m == all_requant_modes.back() ? " or " : ", ")) + std::string(to_string(m));
    }
    throw std::invalid_argument("unknown requantization mode '" + std::string(name) + "' (expected " + expected + ")");
}

OutputStage make_output_stage(std::int32_t zero_point, std::int32_t min, std::int32_t max) {
    if (min > max) {
        throw std::invalid_argument("output clamp min " + std::to_string(min) + " is above max " + std::to_string(max));
    }
    return {zero_point, min, max};
}

OutputStage symmetric_output_stage(int bits) {
    const IntRange r = symmetric_range(bits);
    return {0, static_cast<std::int32_t>(r.min), static_cast<std::int32_t>(r.max)};
}

std::int32_t apply_output_stage(std::int64_t v, const OutputStage& o) {
    return static_cast<std::int32_t>(saturate(v + o.zero_point, IntRange{o.min, o.max}));
}

std::int32_t requantize_seed(std::int32_t acc, double coefficient, const OutputStage& o) {
    if (!std::isfinite(coefficient)) {
        throw std::invalid_argument("seed coefficient must be finite, got " + std::to_string(coefficient));
    }
    const double scaled = coefficient * static_cast<double>(static_cast<float>(acc));
    const double lo = static_cast<double>(std::int64_t{o.min} - o.zero_point);
    const double hi = static_cast<double>(std::int64_t{o.max} - o.zero_point);
    const double clipped = scaled < lo ? lo : (scaled > hi ? hi : scaled);
    return apply_output_stage(static_cast<std::int64_t>(round_toward_zero(clipped)), o);
}

std::int32_t requantize_tflite(std::int32_t acc, QuantizedMultiplier m, const OutputStage& o) {
    return apply_output_stage(multiply_by_quantized_multiplier(acc, m.multiplier, m.shift), o);
}

std::int32_t requantize_tflite_single(std::int32_t acc, QuantizedMultiplier m, const OutputStage& o) {
    return apply_output_stage(multiply_by_quantized_multiplier_single(acc, m.multiplier, m.shift), o);
}

std::int32_t requantize_single_even(std::int32_t acc, QuantizedMultiplier m, const OutputStage& o) {
    return apply_output_stage(multiply_by_quantized_multiplier_single_even(acc, m.multiplier, m.shift), o);
}

std::int32_t requantize_truncate(std::int32_t acc, QuantizedMultiplier m, const OutputStage& o) {
    return apply_output_stage(multiply_by_quantized_multiplier_truncate(acc, m.multiplier, m.shift), o);
}

std::int32_t requantize_litert_ruy(std::int32_t acc, QuantizedMultiplier m, const OutputStage& o) {
    return apply_output_stage(multiply_by_quantized_multiplier_ruy_x86(acc, m.multiplier, m.shift), o);
}

std::int32_t requantize_litert_reference(std::int32_t acc, double multiplier, const OutputStage& o) {
    if (!std::isfinite(multiplier)) {
        throw std::invalid_argument("litert_reference multiplier must be finite, got " + std::to_string(multiplier));
    }
    const double scaled = static_cast<double>(acc) * multiplier;  // exact operands, one float64 rounding
    return apply_output_stage_wrapping(convert_to_int32_x86(round_half_away(scaled)), o);
}

std::int32_t requantize_single_away(std::int32_t acc, QuantizedMultiplier m, const OutputStage& o) {
    if (m.wrap_offset < 0) {
        throw std::invalid_argument("requantize_single_away: wrap_offset must be >= 0, got " + std::to_string(m.wrap_offset));
    }
    const std::int64_t q = multiply_by_quantized_multiplier_single_away_wide(acc, m.multiplier, m.shift);
    // The wrap test's zero point is d further out; the output's zero point stays o.zero_point.
    if (single_away_far_bound(q, o.zero_point, m.wrap_offset)) return o.zero_point >= 0 ? o.min : o.max;
    return apply_output_stage_wrapping(static_cast<std::int32_t>(q), o);
}

std::int64_t single_away_wrap_zero_point(std::int32_t zero_point, int wrap_offset) {
    return zero_point >= 0 ? std::int64_t{zero_point} + wrap_offset : std::int64_t{zero_point} - wrap_offset;
}

bool single_away_far_bound(std::int64_t q, std::int32_t zero_point, int wrap_offset) {
    const std::int64_t wrap_zp = single_away_wrap_zero_point(zero_point, wrap_offset);
    return q < INT32_MIN || q > INT32_MAX || q + wrap_zp < INT32_MIN || q + wrap_zp > INT32_MAX;
}

bool in_x86_wrap_region(double v, std::int32_t zero_point) {
    return zero_point >= 0 ? v >= 2147483648.0 - zero_point : v < -2147483648.0 - zero_point;
}

float float32_from_bits(std::int32_t bits) {
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

std::int32_t float32_bits(float f) {
    std::int32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits;
}

std::string_view to_string(FixedPointRounding r) {
    switch (r) {
    case FixedPointRounding::Double: return "double";
    case FixedPointRounding::Single: return "single";
    case FixedPointRounding::TruncateTowardZero: return "truncate";
    case FixedPointRounding::SingleHalfEven: return "single_even";
    case FixedPointRounding::DoubleUp: return "double_up";
    case FixedPointRounding::SingleAway: return "single_away";
    case FixedPointRounding::Float32: return "fp32";
    case FixedPointRounding::Float32Wrap: return "fp32_wrap";
    }
    return "?";
}

std::int32_t requantize_fixed(std::int32_t acc, QuantizedMultiplier m, FixedPointRounding r, const OutputStage& o) {
    switch (r) {
    case FixedPointRounding::Double: return requantize_tflite(acc, m, o);
    case FixedPointRounding::Single: return requantize_tflite_single(acc, m, o);
    case FixedPointRounding::TruncateTowardZero: return requantize_truncate(acc, m, o);
    case FixedPointRounding::SingleHalfEven: return requantize_single_even(acc, m, o);
    case FixedPointRounding::DoubleUp: return requantize_litert_ruy(acc, m, o);
    case FixedPointRounding::SingleAway: return requantize_single_away(acc, m, o);
    case FixedPointRounding::Float32:
    case FixedPointRounding::Float32Wrap: {
        if (m.multiplier < 0 || m.multiplier > float32_bits(std::numeric_limits<float>::max()) || m.shift != 0) {
            throw std::invalid_argument("requantize_fixed: " + std::string(to_string(r)) +
                                        " needs the bits of a finite float32 >= 0 and shift 0, got " +
                                        std::to_string(m.multiplier) + ", shift " + std::to_string(m.shift));
        }
        const float scale = float32_from_bits(m.multiplier);
        return r == FixedPointRounding::Float32 ? requantize_fp32(acc, scale, o) : requantize_xnnpack_vnni(acc, scale, o);
    }
    }
    throw std::invalid_argument("requantize_fixed: unknown rounding");
}

std::int32_t requantize_fp32(std::int32_t acc, float scale, const OutputStage& o) {
    const float scaled = static_cast<float>(acc) * scale;  // one float32 rounding, as XNNPACK's vmulps
    const float lo = static_cast<float>(std::int64_t{o.min} - o.zero_point);
    const float hi = static_cast<float>(std::int64_t{o.max} - o.zero_point);
    const float clipped = scaled < lo ? lo : (scaled > hi ? hi : scaled);  // NaN cannot occur: scale is finite
    return apply_output_stage(static_cast<std::int64_t>(round_half_even(clipped)), o);
}

std::int32_t requantize_xnnpack_vnni(std::int32_t acc, float scale, const OutputStage& o) {
    const float scaled = static_cast<float>(acc) * scale;  // vmulps
    const float hi = static_cast<float>(std::int64_t{o.max} - o.zero_point);
    const float capped = scaled > hi ? hi : scaled;          // vminps: the upper bound only
    const std::int32_t i = convert_to_int32_x86(round_half_even(capped));  // vcvtps2dq (ties to even)
    if (i == INT32_MIN && o.zero_point < 0) {
        const std::int32_t sum = wrap_int32(std::int64_t{i} + o.zero_point);  // vpaddd: 2^31 + zp, wrapped
        const std::int32_t narrowed = std::clamp<std::int32_t>(sum, INT8_MIN, INT8_MAX);  // vpmovsdb: 127
        return std::max(narrowed, o.min);                                     // vpmaxsb
    }
    // Elsewhere i + zp is exact, at most max (the float clamp), and within int8 bounds vpmovsdb and vpmaxsb
    // are fp32's clamp: the fp32 mode.
    return requantize_fp32(acc, scale, o);
}

std::int32_t requantize_pytorch_qnnpack(std::int32_t acc, float multiplier, const OutputStage& o) {
    const float scaled = static_cast<float>(acc) * multiplier;
    // cvtps rounds ties to even into int32; the reference's later packs saturate, so saturate here too.
    return apply_output_stage(saturate_int32_real(round_half_even(scaled)), o);
}

std::int32_t convert_to_int32_x86(double v) {
    const bool fits = v > -2147483649.0 && v < 2147483648.0;  // false for NaN too
    return fits ? static_cast<std::int32_t>(v) : INT32_MIN;
}

std::int32_t int32_or_indefinite(std::int64_t v) {
    return v >= INT32_MIN && v <= INT32_MAX ? static_cast<std::int32_t>(v) : INT32_MIN;
}

std::int32_t apply_output_stage_wrapping(std::int32_t v, const OutputStage& o) {
    return static_cast<std::int32_t>(saturate(wrap_int32(std::int64_t{v} + o.zero_point), IntRange{o.min, o.max}));
}

std::int32_t saturate_int32_real(double v) {
    return v <= -2147483648.0 ? INT32_MIN : (v >= 2147483647.0 ? INT32_MAX : static_cast<std::int32_t>(v));
}

double seed_coefficient(double weight_scale, double activation_scale, double output_scale) {
    return output_scale / (weight_scale * activation_scale);
}

namespace {
std::int32_t to_int32_or_throw(double v, const char* what) {
    if (!(v >= -2147483648.0 && v <= 2147483647.0)) {
        throw std::overflow_error(std::string(what) + " " + std::to_string(v) + " does not fit int32");
    }
    return static_cast<std::int32_t>(v);
}
}  // namespace

std::int32_t quantize_bias_seed(double bias, double weight_scale, double activation_scale) {
    return to_int32_or_throw(round_half_even(bias * (weight_scale * activation_scale)), "quantized bias");
}

double tflite_real_multiplier(double input_scale, double weight_scale, double output_scale) {
    return input_scale * weight_scale / output_scale;
}

std::int32_t quantize_bias_tflite(double bias, double input_scale, double weight_scale) {
    const double q = round_half_away(bias / (input_scale * weight_scale));
    if (std::isnan(q)) throw std::invalid_argument("quantize_bias_tflite: NaN bias or scale");
    return saturate_int32_real(q);
}

double litert_real_multiplier(float input_scale, float weight_scale, float output_scale) {
    return static_cast<double>(input_scale) * static_cast<double>(weight_scale) / static_cast<double>(output_scale);
}

float fp32_scale(float input_scale, float weight_scale, float output_scale) {
    return input_scale * weight_scale / output_scale;
}

float qnnpack_multiplier(float input_scale, float weight_scale, float output_scale) {
    return (weight_scale * input_scale) * (1.0f / output_scale);
}

std::int32_t quantize_bias_qnnpack(float bias, float input_scale, float weight_scale) {
    const float inverse = 1.0f / (weight_scale * input_scale);
    const float q = bias * inverse;
    if (std::isnan(q)) throw std::invalid_argument("quantize_bias_qnnpack: NaN bias or scale");
    return saturate_int32_real(round_half_even(q));
}

RequantParams make_requant_params(RequantMode mode, double real_multiplier) {
    if (!std::isfinite(real_multiplier) || !(real_multiplier > 0.0)) {
        throw std::invalid_argument("real multiplier must be finite and > 0, got " + std::to_string(real_multiplier));
    }
    RequantParams p{mode, 0.0, {0, 0}, 0.0f};
    switch (mode) {
    case RequantMode::Seed: p.coefficient = real_multiplier; break;
    case RequantMode::TFLite: p.fixed = quantize_multiplier(real_multiplier); break;
    case RequantMode::TFLiteSingle: p.fixed = quantize_multiplier_single(real_multiplier); break;
    case RequantMode::LiteRtRuy: p.fixed = quantize_multiplier(real_multiplier); break;
    case RequantMode::LiteRtReference: p.coefficient = real_multiplier; break;
    case RequantMode::Fp32:
    case RequantMode::PytorchQnnpack:
    case RequantMode::XnnpackVnni:
        p.scale = static_cast<float>(real_multiplier);
        if (!std::isfinite(p.scale) || !(p.scale > 0.0f)) {
            throw std::invalid_argument("real multiplier " + std::to_string(real_multiplier) +
                                        " is not a positive finite float32");
        }
        break;
    }
    return p;
}

std::int32_t requantize(std::int32_t acc, const RequantParams& p, const OutputStage& o) {
    switch (p.mode) {
    case RequantMode::Seed: return requantize_seed(acc, p.coefficient, o);
    case RequantMode::TFLite: return requantize_tflite(acc, p.fixed, o);
    case RequantMode::TFLiteSingle: return requantize_tflite_single(acc, p.fixed, o);
    case RequantMode::Fp32: return requantize_fp32(acc, p.scale, o);
    case RequantMode::PytorchQnnpack: return requantize_pytorch_qnnpack(acc, p.scale, o);
    case RequantMode::LiteRtRuy: return requantize_litert_ruy(acc, p.fixed, o);
    case RequantMode::LiteRtReference: return requantize_litert_reference(acc, p.coefficient, o);
    case RequantMode::XnnpackVnni: return requantize_xnnpack_vnni(acc, p.scale, o);
    }
    throw std::invalid_argument("requantize: unknown mode");
}

}  // namespace qmac::golden
