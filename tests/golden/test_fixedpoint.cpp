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

TEST_CASE("rounding_right_shift_half_up: ties toward +inf where RoundingDivideByPOT goes away from zero", "[fixedpoint]") {
    CHECK(rounding_right_shift_half_up(3, 1) == 2);     //  1.5 -> 2
    CHECK(rounding_right_shift_half_up(-3, 1) == -1);   // -1.5 -> -1
    CHECK(rounding_divide_by_pot(-3, 1) == -2);         //        gemmlowp: -2
    CHECK(rounding_right_shift_half_up(-5, 1) == -2);   // -2.5 -> -2
    CHECK(rounding_right_shift_half_up(-6, 2) == -1);   // -1.5 -> -1
    CHECK(rounding_right_shift_half_up(-7, 2) == -2);   // -1.75 -> -2
    CHECK(rounding_right_shift_half_up(-9, 0) == -9);   // exponent 0: unchanged
    CHECK(rounding_right_shift_half_up(INT32_MAX, 31) == 1);   // the nudge overflows 32 bits: 2^(31-31)
    CHECK(rounding_right_shift_half_up(INT32_MAX, 1) == 1 << 30);
    CHECK(rounding_right_shift_half_up(INT32_MIN, 31) == -1);
    CHECK(rounding_right_shift_half_up(-(1 << 30), 31) == 0);  // -0.5 -> 0
    CHECK_THROWS(rounding_right_shift_half_up(1, 32));
    CHECK_THROWS(rounding_right_shift_half_up(1, -1));
    std::mt19937_64 rng(17);
    std::uniform_int_distribution<std::int32_t> x(INT32_MIN, INT32_MAX);
    std::uniform_int_distribution<int> e(0, 31);
    for (int i = 0; i < 100000; ++i) {
        const std::int32_t a = x(rng);
        const int s = e(rng);
        const double exact = std::ldexp(static_cast<double>(a), -s);  // a power-of-two division: exact
        REQUIRE(rounding_right_shift_half_up(a, s) == static_cast<std::int32_t>(round_half_up(exact)));
    }
}

namespace {

// ruy's x86 AVX2 int8 kernel for one lane, instruction by instruction (vpsllvd; vpmovsxdq + vpmuldq; add
// 2^30 + 2^63 and vpsrlq by 31, the unsigned shift standing in for the arithmetic one AVX2 lacks; keep the
// low 32 bits; then the rounding right shift: nudge 2^(e-1), vpaddd (wrapping), vpsravd, and where
// x > INT32_MAX - nudge the lane takes 2^(31 - e) instead). An independent model of the kernel against
// which the golden composition is checked.
std::int32_t ruy_avx2_lane(std::int32_t acc, std::int32_t multiplier, int exponent) {
    const unsigned left = exponent > 0 ? static_cast<unsigned>(exponent) : 0u;
    const int right = exponent < 0 ? -exponent : 0;
    const auto shifted = static_cast<std::int32_t>(static_cast<std::uint32_t>(acc) << left);
    const std::uint64_t product = static_cast<std::uint64_t>(std::int64_t{shifted} * std::int64_t{multiplier});
    const std::uint64_t biased = product + (std::uint64_t{1} << 30) + (std::uint64_t{1} << 63);
    const auto low = static_cast<std::uint32_t>(biased >> 31);  // the 2^63 bias becomes 2^32: gone in 32 bits
    const auto r = static_cast<std::int32_t>(low);
    const std::int32_t nudge = right > 0 ? std::int32_t{1} << (right - 1) : 0;
    const auto sum = static_cast<std::int32_t>(static_cast<std::uint32_t>(r) + static_cast<std::uint32_t>(nudge));
    const std::int32_t shifted_sum = sum >> right;
    const bool overflow = r > INT32_MAX - nudge;
    return overflow ? std::int32_t{1} << (31 - right) : shifted_sum;
}

}  // namespace

TEST_CASE("multiply_by_quantized_multiplier_ruy_x86 equals a model of ruy's AVX2 kernel lane", "[fixedpoint]") {
    // M = 2^30 (0.5), shift -1: 0.25 * x. x = -6: SRDHM -3, then -1.5 -> -1 (gemmlowp's double rounding: -2).
    CHECK(multiply_by_quantized_multiplier_ruy_x86(-6, 1 << 30, -1) == -1);
    CHECK(multiply_by_quantized_multiplier(-6, 1 << 30, -1) == -2);
    // Double rounding, both ties up: x = 5, 0.5 * 5 = 2.5 -> 3, then 3 / 2 = 1.5 -> 2 (one rounding: 1.25 -> 1).
    CHECK(multiply_by_quantized_multiplier_ruy_x86(5, 1 << 30, -1) == 2);
    CHECK(multiply_by_quantized_multiplier_single(5, 1 << 30, -1) == 1);
    CHECK(multiply_by_quantized_multiplier_ruy_x86(1, 1 << 30, 31) == -(1 << 30));  // the left shift wraps
    CHECK(multiply_by_quantized_multiplier_ruy_x86(INT32_MIN, INT32_MAX, -31) == -1);
    CHECK_THROWS(multiply_by_quantized_multiplier_ruy_x86(1, -1, 0));   // ruy requires M >= 0
    CHECK_THROWS(multiply_by_quantized_multiplier_ruy_x86(1, 1, 32));
    CHECK_THROWS(multiply_by_quantized_multiplier_ruy_x86(1, 1, -32));
    const std::int32_t corners[] = {INT32_MIN, INT32_MIN + 1, -(1 << 30), -3, -2, -1, 0, 1, 2, 3, 1 << 30, INT32_MAX};
    for (std::int32_t a : corners) {
        for (std::int32_t m : {0, 1, 1 << 30, (1 << 30) + 1, INT32_MAX - 1, INT32_MAX}) {
            for (int s = -31; s <= 31; ++s) REQUIRE(multiply_by_quantized_multiplier_ruy_x86(a, m, s) == ruy_avx2_lane(a, m, s));
        }
    }
    std::mt19937_64 rng(23);
    std::uniform_int_distribution<std::int32_t> x(INT32_MIN, INT32_MAX), m(1 << 30, INT32_MAX), small(-4096, 4096);
    std::uniform_int_distribution<int> s(-31, 31);
    for (int i = 0; i < 1000000; ++i) {
        const std::int32_t a = (i & 1) ? x(rng) : small(rng);  // small accumulators land on ties often
        const std::int32_t mm = (i % 3 == 0) ? (1 << 30) : m(rng);
        const int sh = s(rng);
        REQUIRE(multiply_by_quantized_multiplier_ruy_x86(a, mm, sh) == ruy_avx2_lane(a, mm, sh));
    }
}
