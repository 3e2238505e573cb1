#include "qmac/golden/quantized_add.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "qmac/golden/rounding.hpp"

namespace qmac::golden {

namespace {

std::uint32_t bits_of(float f) {
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

float float_of(std::uint32_t u) {
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

// TFLite QuantizeMultiplierSmallerThanOneExp: QuantizeMultiplier of a real in (0, 1), whose shift is <= 0.
QuantizedMultiplier quantize_multiplier_smaller_than_one(double real, const char* what) {
    if (!(real > 0.0 && real < 1.0)) {
        throw std::invalid_argument(std::string("TFLite ADD needs the ") + what + " multiplier in (0, 1), got " +
                                    std::to_string(real));
    }
    return quantize_multiplier(real);
}

// TFLite MultiplyByQuantizedMultiplierSmallerThanOneExp: RDBPOT(SRDHM(x, M), -shift), shift <= 0.
std::int32_t multiply_smaller_than_one(std::int32_t x, QuantizedMultiplier m) {
    return rounding_divide_by_pot(saturating_rounding_doubling_high_mul(x, m.multiplier), -m.shift);
}

std::int32_t clamp_to(std::int64_t v, std::int32_t lo, std::int32_t hi) {
    return static_cast<std::int32_t>(std::min<std::int64_t>(std::max<std::int64_t>(v, lo), hi));
}

}  // namespace

std::string_view to_string(AddRounding r) {
    switch (r) {
    case AddRounding::TFLite: return "tflite";
    case AddRounding::LiteRTBuiltin: return "litert_builtin";
    case AddRounding::Xnnpack: return "xnnpack";
    case AddRounding::OnnxRuntime: return "onnxruntime";
    }
    return "?";
}

AddRounding parse_add_rounding(std::string_view name) {
    if (name == "tflite") return AddRounding::TFLite;
    if (name == "litert_builtin") return AddRounding::LiteRTBuiltin;
    if (name == "xnnpack") return AddRounding::Xnnpack;
    if (name == "onnxruntime") return AddRounding::OnnxRuntime;
    throw std::invalid_argument("unknown add rounding '" + std::string(name) + "' (tflite, litert_builtin, xnnpack or onnxruntime)");
}

AddParams make_add_params(AddRounding r, TensorQuant a, TensorQuant b, TensorQuant out) {
    for (float s : {a.scale, b.scale, out.scale}) {
        if (!(std::isfinite(s) && s > 0.0f)) throw std::invalid_argument("add: every scale must be finite and > 0");
    }
    AddParams p;
    p.rounding = r;
    p.a = a;
    p.b = b;
    p.out = out;
    switch (r) {
    case AddRounding::TFLite:  // add.cc, PrepareGeneralSubOp / Prepare for int8 and uint8
    case AddRounding::LiteRTBuiltin: {  // the same parameters
        p.left_shift = 20;
        const double twice_max_input_scale = 2.0 * static_cast<double>(std::max(a.scale, b.scale));
        p.a_multiplier = quantize_multiplier_smaller_than_one(static_cast<double>(a.scale) / twice_max_input_scale, "input 1");
        p.b_multiplier = quantize_multiplier_smaller_than_one(static_cast<double>(b.scale) / twice_max_input_scale, "input 2");
        p.out_multiplier = quantize_multiplier_smaller_than_one(
            twice_max_input_scale / (static_cast<double>(1 << p.left_shift) * static_cast<double>(out.scale)), "output");
        break;
    }
    case AddRounding::Xnnpack: {  // xnn_create_add_nd_qs8 + xnn_init_qs8_add_minmax_scalar_params
        const float ra = a.scale / out.scale, rb = b.scale / out.scale;
        for (float ratio : {ra, rb}) {
            if (ratio < 0x1.0p-10f || ratio >= 0x1.0p+8f) {
                throw std::invalid_argument("XNNPACK's add takes input/output scale ratios in [2^-10, 2^8), got " +
                                            std::to_string(ratio) + " (LiteRT then runs the builtin kernel: 'tflite')");
            }
        }
        const float max_ratio = std::max(ra, rb);
        const int max_exponent = static_cast<int>(bits_of(max_ratio) >> 23) - 127;
        p.x_shift = 20 - max_exponent;  // in [12, 30]: the larger multiplier in [2^20, 2^21]
        const auto multiplier = [&](float ratio) {  // lrintf(ratio * 2^shift), the product formed in the exponent
            return static_cast<std::int32_t>(round_half_even(float_of(bits_of(ratio) + (static_cast<std::uint32_t>(p.x_shift) << 23))));
        };
        p.xa_multiplier = multiplier(ra);
        p.xb_multiplier = multiplier(rb);
        p.x_bias = (std::int32_t{1} << (p.x_shift - 1)) - p.xa_multiplier * a.zero_point - p.xb_multiplier * b.zero_point;
        break;
    }
    case AddRounding::OnnxRuntime:  // MlasQLinearAddKernelAvx2Helper's set-up, in float32
        p.ra = a.scale / out.scale;
        p.rb = b.scale / out.scale;
        // zc - (ra * za + rb * zb) as the wheel's compiler built it: the sum contracted into one fused
        // multiply-add, fma(ra, za, rb * zb) (measured against ONNX Runtime 1.32: 0 of 5,242,880 code pairs
        // differ; rounded after each operation 2 differ, e.g. sa 0.2912196218967438, za -67, sb
        // 0.1333029419183731, zb 11, sc 0.2286415547132492, zc 50, a -117, b -47 gives -47, not -48).
        p.fixed = static_cast<float>(out.zero_point) -
                  std::fma(p.ra, static_cast<float>(a.zero_point), p.rb * static_cast<float>(b.zero_point));
        break;
    }
    return p;
}

std::int32_t add_tflite(std::int32_t a, std::int32_t b, const AddParams& p, std::int32_t lo, std::int32_t hi) {
    const std::int32_t shifted_a = (a - p.a.zero_point) * (1 << p.left_shift);  // |.| <= 255 * 2^20: no overflow
    const std::int32_t shifted_b = (b - p.b.zero_point) * (1 << p.left_shift);
    const std::int32_t scaled_a = multiply_smaller_than_one(shifted_a, p.a_multiplier);
    const std::int32_t scaled_b = multiply_smaller_than_one(shifted_b, p.b_multiplier);
    const std::int32_t raw_sum = scaled_a + scaled_b;
    const std::int64_t raw_output = std::int64_t{multiply_smaller_than_one(raw_sum, p.out_multiplier)} + p.out.zero_point;
    return clamp_to(raw_output, lo, hi);
}

std::int32_t add_litert_builtin_vector(std::int32_t a, std::int32_t b, const AddParams& p, std::int32_t lo, std::int32_t hi) {
    const std::int32_t shifted_a = (a - p.a.zero_point) * (1 << p.left_shift);
    const std::int32_t shifted_b = (b - p.b.zero_point) * (1 << p.left_shift);
    // The inputs rescaled with one rounding, ties up (measured: double rounding here differs at ties).
    const std::int32_t scaled_a = multiply_by_quantized_multiplier_single(shifted_a, p.a_multiplier.multiplier, p.a_multiplier.shift);
    const std::int32_t scaled_b = multiply_by_quantized_multiplier_single(shifted_b, p.b_multiplier.multiplier, p.b_multiplier.shift);
    const std::int32_t raw_sum = scaled_a + scaled_b;
    const std::int64_t raw_output = std::int64_t{multiply_smaller_than_one(raw_sum, p.out_multiplier)} + p.out.zero_point;
    return clamp_to(raw_output, lo, hi);
}

std::int32_t add_xnnpack(std::int32_t a, std::int32_t b, const AddParams& p, std::int32_t lo, std::int32_t hi) {
    // |Ma a|, |Mb b| <= 2^21 * 2^8 and |bias| < 2^30: the int32 sum cannot overflow.
    const std::int32_t acc = p.x_bias + a * p.xa_multiplier + b * p.xb_multiplier;
    const std::int32_t shifted = static_cast<std::int32_t>(shift_right_rounded(acc, p.x_shift, Rounding::Floor));
    return clamp_to(std::int64_t{clamp_to(shifted, lo - p.out.zero_point, hi - p.out.zero_point)} + p.out.zero_point, lo, hi);
}

std::int32_t add_onnxruntime(std::int32_t a, std::int32_t b, const AddParams& p, std::int32_t lo, std::int32_t hi) {
    const float partial = std::fma(static_cast<float>(b), p.rb, p.fixed);  // _mm256_fmadd_ps: one rounding each
    const float sum = std::fma(static_cast<float>(a), p.ra, partial);
    const double rounded = round_half_even(sum);  // cvtps2dq in the default rounding mode
    return clamp_to(static_cast<std::int64_t>(rounded), lo, hi);  // packs saturate; |sum| is far below 2^31
}

std::int32_t add_quantized(std::int32_t a, std::int32_t b, const AddParams& p, std::int32_t lo, std::int32_t hi) {
    switch (p.rounding) {
    case AddRounding::TFLite: return add_tflite(a, b, p, lo, hi);
    case AddRounding::LiteRTBuiltin: return add_litert_builtin_vector(a, b, p, lo, hi);
    case AddRounding::Xnnpack: return add_xnnpack(a, b, p, lo, hi);
    case AddRounding::OnnxRuntime: return add_onnxruntime(a, b, p, lo, hi);
    }
    return 0;
}

std::vector<std::int32_t> add_tensor(const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b,
                                     const AddParams& p, std::int32_t lo, std::int32_t hi) {
    if (a.size() != b.size()) throw std::invalid_argument("add_tensor: tensors of different sizes");
    std::vector<std::int32_t> out(a.size());
    const std::size_t vector_end = a.size() - a.size() % kLiteRTAddBlock;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const bool tail = p.rounding == AddRounding::LiteRTBuiltin && i >= vector_end;
        out[i] = tail ? add_tflite(a[i], b[i], p, lo, hi) : add_quantized(a[i], b[i], p, lo, hi);
    }
    return out;
}

}  // namespace qmac::golden
