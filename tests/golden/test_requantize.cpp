// The requantization modes: ties, saturation, output stage, multiplier and bias derivations.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "qmac/golden/requantize.hpp"
#include "qmac/golden/rounding.hpp"

using namespace qmac::golden;

namespace {
const OutputStage int8_full{0, -128, 127};
}

TEST_CASE("seed mode: float64 product of float32(acc), clip, truncate toward zero", "[requantize]") {
    const double coeff = 0.010875590551181102;  // the seed example's coefficient (0.010876)
    CHECK(requantize_seed(9056, coeff, symmetric_output_stage(8)) == 98);   // 98.49 -> 98
    CHECK(requantize_seed(-9056, coeff, symmetric_output_stage(8)) == -98);
    CHECK(requantize_seed(-174, coeff, symmetric_output_stage(8)) == -1);  // -1.89 -> -1
    CHECK(requantize_seed(1 << 30, coeff, symmetric_output_stage(8)) == 127);
    CHECK(requantize_seed(INT32_MIN, coeff, symmetric_output_stage(8)) == -127);
    // float32(2^25 - 1) = 2^25: the accumulator is rounded to float32 before the product, so
    // 2^-25 * float32(acc) = 1.0 -> 1, where the exact 0.99999997 would truncate to 0.
    CHECK(requantize_seed(33554431, std::ldexp(1.0, -25), int8_full) == 1);
    CHECK(requantize_seed(-33554431, std::ldexp(1.0, -25), int8_full) == -1);
    CHECK_THROWS(requantize_seed(1, std::nan(""), int8_full));
}

TEST_CASE("output stage: zero point, clamp, ReLU and ReLU6 as clamps", "[requantize]") {
    const OutputStage relu = make_output_stage(-10, -10, 127);
    CHECK(apply_output_stage(-50, relu) == -10);
    CHECK(apply_output_stage(5, relu) == -5);
    const OutputStage relu6 = make_output_stage(0, 0, 60);  // output scale 0.1: 6 / 0.1 = 60
    CHECK(apply_output_stage(100, relu6) == 60);
    CHECK(apply_output_stage(std::int64_t{INT32_MAX} + 1000, int8_full) == 127);
    CHECK_THROWS_WITH(make_output_stage(0, 5, 4), Catch::Contains("min 5 is above max 4"));
}

TEST_CASE("tflite and tflite_single modes compose the fixed-point primitives with the output stage", "[requantize]") {
    const QuantizedMultiplier eighth{1 << 30, -2};
    CHECK(requantize_tflite(-4, eighth, int8_full) == -1);         // -0.5 away from zero
    CHECK(requantize_tflite_single(-4, eighth, int8_full) == 0);   // -0.5 toward +inf
    CHECK(requantize_tflite(12, eighth, make_output_stage(5, -128, 127)) == 7);  // 1.5 -> 2, + 5
    CHECK(requantize_tflite(INT32_MIN, {INT32_MIN, 0}, int8_full) == 127);   // SRDHM saturation -> INT32_MAX
    CHECK(requantize_truncate(-7, {1 << 30, -1}, int8_full) == -1);
    CHECK(requantize_fixed(-4, eighth, FixedPointRounding::Double, int8_full) == -1);
    CHECK(requantize_fixed(-4, eighth, FixedPointRounding::Single, int8_full) == 0);
    CHECK(requantize_fixed(-7, eighth, FixedPointRounding::TruncateTowardZero, int8_full) == 0);
    CHECK(requantize_fixed(-4, eighth, FixedPointRounding::SingleHalfEven, int8_full) == 0);   // -0.5 -> -0
    CHECK(requantize_fixed(-12, eighth, FixedPointRounding::SingleHalfEven, int8_full) == -2); // -1.5 -> -2
    CHECK(requantize_fixed(20, eighth, FixedPointRounding::SingleHalfEven, int8_full) == 2);   // 2.5 -> 2
}

TEST_CASE("fp32 and pytorch_qnnpack modes round in float32, ties to even", "[requantize]") {
    CHECK(requantize_fp32(5, 0.5f, int8_full) == 2);   // 2.5 -> 2
    CHECK(requantize_fp32(7, 0.5f, int8_full) == 4);   // 3.5 -> 4
    CHECK(requantize_fp32(-5, 0.5f, int8_full) == -2);
    CHECK(requantize_pytorch_qnnpack(5, 0.5f, int8_full) == 2);
    CHECK(requantize_pytorch_qnnpack(-7, 0.5f, int8_full) == -4);
    CHECK(requantize_fp32(1000, 1.0f, int8_full) == 127);
    CHECK(requantize_pytorch_qnnpack(INT32_MIN, 1.0f, int8_full) == -128);
    // acc is rounded to float32 first: 5 * 2^24 + 1 -> 5 * 2^24; * 2^-25 = 2.5 -> 2 (the exact 2.50000003 -> 3).
    CHECK(requantize_fp32(5 * 16777216 + 1, std::ldexp(1.0f, -25), int8_full) == 2);
    const OutputStage u8{128, 0, 255};
    CHECK(requantize_fp32(-3, 1.0f, u8) == 125);
    CHECK(requantize_fp32(-1000, 1.0f, u8) == 0);
}

TEST_CASE("float multipliers are derived in each reference's width and order", "[requantize]") {
    const float in = 0.1f, w = 0.3f, out = 0.7f;
    CHECK(fp32_scale(in, w, out) == in * w / out);
    CHECK(qnnpack_multiplier(in, w, out) == (w * in) * (1.0f / out));
    CHECK(tflite_real_multiplier(0.1, 0.3, 0.7) == 0.1 * 0.3 / 0.7);
    // The two float32 orders differ for some scales: find one, so the distinction is not theoretical.
    int differ = 0;
    for (int i = 1; i < 2000; ++i) {
        const float o = 0.001f * static_cast<float>(i);
        differ += fp32_scale(in, w, o) != qnnpack_multiplier(in, w, o);
    }
    CHECK(differ > 0);
    CHECK(quantize_bias_tflite(2.5, 1.0, 1.0) == 3);     // half away
    CHECK(quantize_bias_tflite(-2.5, 1.0, 1.0) == -3);
    CHECK(quantize_bias_qnnpack(2.5f, 1.0f, 1.0f) == 2);  // half even
    CHECK(quantize_bias_seed(2.5, 1.0, 1.0) == 2);
    CHECK(quantize_bias_tflite(1e30, 1.0, 1.0) == INT32_MAX);  // the converter clamps
    CHECK_THROWS_AS(quantize_bias_seed(1e30, 1.0, 1.0), std::overflow_error);  // the seed would wrap: refuse
}

TEST_CASE("make_requant_params derives each mode's parameters and rejects bad multipliers", "[requantize]") {
    CHECK(make_requant_params(RequantMode::TFLite, 0.5).fixed == QuantizedMultiplier{1 << 30, 0});
    CHECK(make_requant_params(RequantMode::TFLiteSingle, 1e20).fixed == QuantizedMultiplier{INT32_MAX, 30});
    CHECK(make_requant_params(RequantMode::Fp32, 0.1).scale == 0.1f);
    CHECK(make_requant_params(RequantMode::Seed, 0.1).coefficient == 0.1);
    CHECK_THROWS_WITH(make_requant_params(RequantMode::Fp32, 1e300), Catch::Contains("not a positive finite float32"));
    CHECK_THROWS_WITH(make_requant_params(RequantMode::Seed, -1.0), Catch::Contains("finite and > 0"));
    CHECK_THROWS(make_requant_params(RequantMode::TFLite, std::nan("")));
    CHECK(make_requant_params(RequantMode::LiteRtRuy, 0.5).fixed == QuantizedMultiplier{1 << 30, 0});
    CHECK(make_requant_params(RequantMode::LiteRtReference, 0.1).coefficient == 0.1);
    for (RequantMode m : all_requant_modes) {
        CHECK(parse_requant_mode(to_string(m)) == m);
        CHECK(requantize(400, make_requant_params(m, 0.25), int8_full) == 100);
    }
    CHECK_THROWS_WITH(parse_requant_mode("gemmlowp"), Catch::Contains("unknown requantization mode"));
}

TEST_CASE("litert_ruy and litert_reference modes: their ties, against tflite and tflite_single", "[requantize]") {
    const QuantizedMultiplier quarter{1 << 30, -1};
    CHECK(requantize_litert_ruy(-6, quarter, int8_full) == -1);       // -1.5: ties up
    CHECK(requantize_tflite(-6, quarter, int8_full) == -2);           //        gemmlowp: away from zero
    CHECK(requantize_litert_ruy(5, quarter, int8_full) == 2);         // 2.5 -> 3, then 1.5 -> 2
    CHECK(requantize_tflite_single(5, quarter, int8_full) == 1);      // 1.25 -> 1
    CHECK(requantize_litert_ruy(-6, quarter, make_output_stage(-100, -128, 127)) == -101);
    CHECK(requantize_litert_reference(-5, 0.5, int8_full) == -3);     // -2.5: away from zero
    CHECK(requantize_litert_reference(5, 0.5, int8_full) == 3);
    CHECK(requantize_tflite_single(-5, {1 << 30, 0}, int8_full) == -2);  // ties up
    CHECK(requantize_fp32(-5, 0.5f, int8_full) == -2);                   // ties to even
    // The product is float64: 0.1 (double) * 5 = 0.5000000000000000277 rounds to 0.5, a tie -> 1.
    CHECK(requantize_litert_reference(5, 0.1, int8_full) == 1);
    // 2^25 + 1 is exact in float64 (float32 would round it to 2^25): * 2^-1 = 16777216.5 -> 16777217.
    CHECK(requantize_litert_reference((1 << 25) + 1, 0.5, make_output_stage(0, INT32_MIN, INT32_MAX)) == 16777217);
    // Outside int32 the x86-64 cast gives INT32_MIN, and the zero point is added with wrapping (LiteRT 2.3
    // BUILTIN_REF, measured): -128 for zp >= 0, 127 for zp < 0, whatever the sign of the product.
    CHECK(requantize_litert_reference(INT32_MAX, 4.0, int8_full) == -128);
    CHECK(requantize_litert_reference(INT32_MIN, 4.0, int8_full) == -128);
    CHECK(requantize_litert_reference(INT32_MAX, 4.0, make_output_stage(30, -128, 127)) == -128);
    CHECK(requantize_litert_reference(-1000000000, 4.0, make_output_stage(-1, -128, 127)) == 127);
    CHECK(requantize_litert_reference(1 << 29, 3.999, make_output_stage(-1, -128, 127)) == 127);  // fits: 2147..., -1
    CHECK(convert_to_int32_x86(2147483647.0) == INT32_MAX);
    CHECK(convert_to_int32_x86(2147483648.0) == INT32_MIN);
    CHECK(convert_to_int32_x86(-2147483648.0) == INT32_MIN);
    CHECK(convert_to_int32_x86(-2147483648.9) == INT32_MIN);  // truncates to INT32_MIN, in range
    CHECK(convert_to_int32_x86(-2147483649.0) == INT32_MIN);
    CHECK(convert_to_int32_x86(-7.9) == -7);
    CHECK(convert_to_int32_x86(std::nan("")) == INT32_MIN);
    CHECK(apply_output_stage_wrapping(INT32_MIN, make_output_stage(-1, -128, 127)) == 127);
    CHECK(apply_output_stage_wrapping(INT32_MAX, make_output_stage(1, -128, 127)) == -128);
    CHECK(apply_output_stage_wrapping(5, make_output_stage(-3, -128, 127)) == 2);
    CHECK_THROWS(requantize_litert_reference(1, std::nan(""), int8_full));
    CHECK(requantize(-6, make_requant_params(RequantMode::LiteRtRuy, 0.25), int8_full) == -1);
    CHECK(requantize(-5, make_requant_params(RequantMode::LiteRtReference, 0.5), int8_full) == -3);
}

TEST_CASE("litert_real_multiplier: float64 product and quotient of LiteRT's float32 scales", "[requantize]") {
    const float in = 0.1f, w = 0.3f, out = 0.7f;
    CHECK(litert_real_multiplier(in, w, out) == static_cast<double>(in) * static_cast<double>(w) / static_cast<double>(out));
    // The float32 scales are what LiteRT holds: from the decimal scales the multiplier differs.
    CHECK(litert_real_multiplier(in, w, out) != tflite_real_multiplier(0.1, 0.3, 0.7));
    // The product is not rounded to float32 first (GetQuantizedConvolutionMultipler without a bias does that).
    int differ = 0;
    for (int i = 1; i < 2000; ++i) {
        const float o = 0.001f * static_cast<float>(i);
        differ += litert_real_multiplier(in, w, o) != static_cast<double>(in * w) / static_cast<double>(o);
    }
    CHECK(differ > 0);
}

TEST_CASE("single_away: litert_reference's x86 int32 cast and wrapping zero point in the integer form", "[requantize]") {
    const OutputStage zp0{0, -128, 127}, zp1{1, -128, 127}, zpm1{-1, -128, 127}, zp5{5, -128, 127}, zpm5{-5, -128, 127};
    const QuantizedMultiplier one{1 << 30, 1}, two{1 << 30, 2};  // real 1 and 2
    // real 1: INT32_MAX and INT32_MIN fit int32; the zero point's add wraps past them to the far bound.
    CHECK(requantize_single_away(INT32_MAX, one, zp0) == 127);
    CHECK(requantize_single_away(INT32_MAX, one, zp1) == -128);
    CHECK(requantize_single_away(INT32_MIN, one, zp0) == -128);
    CHECK(requantize_single_away(INT32_MIN, one, zpm1) == 127);
    CHECK(requantize_single_away(INT32_MAX - 5, one, zp5) == 127);   // 2^31 - 6 + 5: no wrap
    CHECK(requantize_single_away(INT32_MAX - 4, one, zp5) == -128);  // 2^31 - 5 + 5: wraps
    CHECK(requantize_single_away(INT32_MIN + 5, one, zpm5) == -128);  // -2^31 + 5 - 5: no wrap
    CHECK(requantize_single_away(INT32_MIN + 4, one, zpm5) == 127);
    // wrap_offset d moves that wrap d codes further in: q + zp + d > INT32_MAX (zp >= 0), q + zp - d < INT32_MIN
    // (zp < 0). The accumulators one short of the d = 0 wrap above.
    const QuantizedMultiplier one_d1{1 << 30, 1, 1};
    CHECK(requantize_single_away(INT32_MAX - 5, one_d1, zp5) == -128);
    CHECK(requantize_single_away(INT32_MAX - 6, one_d1, zp5) == 127);
    CHECK(requantize_single_away(INT32_MIN + 5, one_d1, zpm5) == 127);
    CHECK(requantize_single_away(INT32_MIN + 6, one_d1, zpm5) == -128);
    CHECK(requantize_single_away(INT32_MAX - 7, {1 << 30, 1, 3}, zp5) == -128);
    CHECK(requantize_single_away(INT32_MAX - 8, {1 << 30, 1, 3}, zp5) == 127);
    // d does not touch what lies inside the output range
    CHECK(requantize_single_away(-5, {1 << 30, 0, 3}, zp0) == -3);
    // real 2: beyond int32 the quotient becomes INT32_MIN, whatever its sign; INT32_MIN + zp clamps to min
    // for zp >= 0 and wraps to the top for zp < 0 (the saturating form would give the near bound).
    CHECK(requantize_single_away(INT32_MAX, two, zp0) == -128);
    CHECK(requantize_single_away(INT32_MIN, two, zp5) == -128);
    CHECK(requantize_single_away(INT32_MAX, two, zpm5) == 127);
    CHECK(requantize_single_away(INT32_MIN, two, zpm5) == 127);
    CHECK(requantize_single_away(1 << 30, two, zpm5) == 127);          // 2^31: INT32_MIN - 5 wraps
    CHECK(requantize_single_away((1 << 30) - 1, two, zpm1) == 127);    // 2^31 - 2 - 1: fits, clamps high
    CHECK(requantize_single_away(-(1 << 30), two, zp0) == -128);       // -2^31 fits
    // ties away from zero, as before, inside the output range
    CHECK(requantize_single_away(-5, {1 << 30, 0}, zp0) == -3);
    CHECK(requantize_single_away(5, {1 << 30, 0}, zp0) == 3);
    CHECK(multiply_by_quantized_multiplier_single_away_wide(INT32_MIN, INT32_MAX, 30) == -(std::int64_t{INT32_MAX} << 30));
    CHECK(int32_or_indefinite(std::int64_t{INT32_MAX} + 1) == INT32_MIN);
    CHECK(int32_or_indefinite(INT32_MIN) == INT32_MIN);
    CHECK(int32_or_indefinite(-7) == -7);
}

TEST_CASE("single_away equals litert_reference wherever the float64 product is exact, wrap included", "[requantize]") {
    // M with at most 21 significant bits: |acc * M| < 2^52, so (double)acc * real is exact and both forms
    // round the same real number; accumulators around where |v| + k reaches 2^31, and random ones.
    std::mt19937_64 rng(31);
    const auto u = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    std::uint64_t checked = 0, far = 0;
    for (int trial = 0; trial < 20000; ++trial) {
        const std::int32_t m = static_cast<std::int32_t>(u(1 << 20, (1 << 21) - 1) << 10);
        const int shift = static_cast<int>(u(-8, 30));
        const int zp = static_cast<int>(u(-128, 255));
        const std::int32_t lo = static_cast<std::int32_t>(u(-128, 255)), hi = static_cast<std::int32_t>(u(lo, 255));
        const OutputStage o = make_output_stage(zp, lo, hi);
        const double real = std::ldexp(static_cast<double>(m), shift - 31);
        const std::int64_t k = zp >= 0 ? zp : -zp - 1;
        const std::int64_t edge = static_cast<std::int64_t>(std::ceil((2147483648.0 - static_cast<double>(k) - 0.5) / real));
        for (int j = 0; j < 8; ++j) {
            std::int64_t a = j < 6 ? (j % 2 ? -edge : edge) + u(-2, 2) : u(INT32_MIN, INT32_MAX);
            a = std::min<std::int64_t>(std::max<std::int64_t>(a, INT32_MIN), INT32_MAX);
            const auto acc = static_cast<std::int32_t>(a);
            const std::int32_t want = requantize_litert_reference(acc, real, o);
            INFO("acc " << acc << " M " << m << " shift " << shift << " zp " << zp << " [" << lo << ", " << hi << "]");
            REQUIRE(requantize_single_away(acc, {m, shift}, o) == want);
            far += in_x86_wrap_region(round_half_away(static_cast<double>(acc) * real), zp) && lo != hi;
            ++checked;
        }
    }
    CHECK(checked == 160000);
    CHECK(far > 10000);  // the wrap is exercised, not only the clamp
}
