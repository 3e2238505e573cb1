// QuantizeMultiplier edge cases and the fixed-point modes' behaviour at ties and extremes.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>

#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/rounding.hpp"

using namespace qmac::golden;

TEST_CASE("quantize_multiplier: ordinary values reconstruct the real multiplier", "[fixedpoint]") {
    CHECK(quantize_multiplier(0.5) == QuantizedMultiplier{1 << 30, 0});
    CHECK(quantize_multiplier(0.25) == QuantizedMultiplier{1 << 30, -1});
    CHECK(quantize_multiplier(1.0) == QuantizedMultiplier{1 << 30, 1});   // scale >= 1: a left shift
    CHECK(quantize_multiplier(3.0) == QuantizedMultiplier{3 << 29, 2});
    CHECK(quantize_multiplier(0.0) == QuantizedMultiplier{0, 0});
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> exponent(-30.0, 10.0);
    for (int i = 0; i < 100000; ++i) {
        const double real = std::exp2(exponent(rng));
        const QuantizedMultiplier q = quantize_multiplier(real);
        REQUIRE(q.multiplier >= (1 << 30));
        const double back = std::ldexp(static_cast<double>(q.multiplier), q.shift - 31);
        REQUIRE(std::fabs(back - real) <= std::ldexp(real, -31));  // within half a unit of the 31-bit mantissa
    }
}

TEST_CASE("quantize_multiplier: mantissa rounding up to 2^31 renormalises", "[fixedpoint]") {
    const double just_below_one = 1.0 - std::ldexp(1.0, -40);  // frexp mantissa rounds to 1.0
    CHECK(quantize_multiplier(just_below_one) == QuantizedMultiplier{1 << 30, 1});
    CHECK(quantize_multiplier_single(just_below_one) == QuantizedMultiplier{1 << 30, 1});
}

TEST_CASE("quantize_multiplier: below 2^-32 flushes to zero", "[fixedpoint]") {
    CHECK(quantize_multiplier(std::ldexp(1.0, -32)) == QuantizedMultiplier{1 << 30, -31});
    CHECK(quantize_multiplier(std::ldexp(1.0, -33)) == QuantizedMultiplier{0, 0});
    CHECK(quantize_multiplier(1e-300) == QuantizedMultiplier{0, 0});
}

TEST_CASE("quantize_multiplier: large values, single-rounding saturation, bad input", "[fixedpoint]") {
    CHECK(quantize_multiplier(std::ldexp(1.0, 30)) == QuantizedMultiplier{1 << 30, 31});
    CHECK_THROWS_WITH(quantize_multiplier(std::ldexp(1.0, 31)), Catch::Contains("left shift above 31"));
    CHECK(quantize_multiplier_single(std::ldexp(1.0, 29)) == QuantizedMultiplier{1 << 30, 30});
    CHECK(quantize_multiplier_single(std::ldexp(1.0, 30)) == QuantizedMultiplier{INT32_MAX, 30});
    CHECK(quantize_multiplier_single(1e20) == QuantizedMultiplier{INT32_MAX, 30});
    CHECK_THROWS_WITH(quantize_multiplier(std::nan("")), Catch::Contains("finite and >= 0"));
    CHECK_THROWS(quantize_multiplier(-0.5));
    CHECK_THROWS(quantize_multiplier(std::numeric_limits<double>::infinity()));
}

TEST_CASE("truncating fixed-point multiply rounds toward zero", "[fixedpoint]") {
    // M = 2^30 is 0.5; shift -1 gives 0.25: 7 * 0.25 = 1.75 -> 1, -7 * 0.25 = -1.75 -> -1.
    CHECK(multiply_by_quantized_multiplier_truncate(7, 1 << 30, -1) == 1);
    CHECK(multiply_by_quantized_multiplier_truncate(-7, 1 << 30, -1) == -1);
    CHECK(multiply_by_quantized_multiplier_truncate(INT32_MIN, INT32_MAX, 30) == INT32_MIN);  // saturates
    CHECK(multiply_by_quantized_multiplier_truncate(INT32_MAX, INT32_MAX, 30) == INT32_MAX);
    CHECK_THROWS(multiply_by_quantized_multiplier_truncate(1, -1, 0));
    CHECK_THROWS(multiply_by_quantized_multiplier_truncate(1, 1, 31));
}

TEST_CASE("single rounding: ties toward +inf, range checks", "[fixedpoint]") {
    // 0.5 * x with x odd is a tie: 3 * 0.5 = 1.5 -> 2, -3 * 0.5 = -1.5 -> -1.
    CHECK(multiply_by_quantized_multiplier_single(3, 1 << 30, 0) == 2);
    CHECK(multiply_by_quantized_multiplier_single(-3, 1 << 30, 0) == -1);
    CHECK(multiply_by_quantized_multiplier(3, 1 << 30, 0) == 2);
    CHECK(multiply_by_quantized_multiplier(-3, 1 << 30, 0) == -1);  // SRDHM ties up too at shift 0
    CHECK(multiply_by_quantized_multiplier_single(INT32_MAX, INT32_MAX, 30) == INT32_MAX);
    CHECK_THROWS(multiply_by_quantized_multiplier_single(1, 1, 31));
    CHECK_THROWS(multiply_by_quantized_multiplier_single(1, -5, 0));
    CHECK_THROWS(multiply_by_quantized_multiplier(1, 1, 32));
    CHECK_THROWS(multiply_by_quantized_multiplier(1, 1, -32));
}

TEST_CASE("single rounding with ties to even", "[fixedpoint]") {
    // M = 2^30 is 0.5: odd x lands on ties.
    CHECK(multiply_by_quantized_multiplier_single_even(3, 1 << 30, 0) == 2);    // 1.5 -> 2
    CHECK(multiply_by_quantized_multiplier_single_even(5, 1 << 30, 0) == 2);    // 2.5 -> 2
    CHECK(multiply_by_quantized_multiplier_single_even(-3, 1 << 30, 0) == -2);  // -1.5 -> -2
    CHECK(multiply_by_quantized_multiplier_single_even(-5, 1 << 30, 0) == -2);  // -2.5 -> -2
    CHECK(multiply_by_quantized_multiplier_single_even(7, 1 << 30, 0) == 4);    // 3.5 -> 4
    CHECK(multiply_by_quantized_multiplier_single_even(INT32_MAX, INT32_MAX, 30) == INT32_MAX);
    CHECK(multiply_by_quantized_multiplier_single_even(INT32_MIN, INT32_MAX, 30) == INT32_MIN);
    CHECK_THROWS(multiply_by_quantized_multiplier_single_even(1, -1, 0));
    CHECK_THROWS(multiply_by_quantized_multiplier_single_even(1, 1, 31));
    // Against exact real rounding on random values small enough for doubles to be exact.
    std::mt19937_64 rng(9);
    std::uniform_int_distribution<std::int32_t> x(-(1 << 20), 1 << 20), m(0, (1 << 24) - 1);
    std::uniform_int_distribution<int> s(-31, 0);
    for (int i = 0; i < 100000; ++i) {
        const std::int32_t a = x(rng), b = m(rng);
        const int sh = s(rng);
        const double exact = std::ldexp(static_cast<double>(a) * b, sh - 31);  // |a*b| < 2^45: exact
        REQUIRE(multiply_by_quantized_multiplier_single_even(a, b, sh) == static_cast<std::int32_t>(round_half_even(exact)));
    }
}
