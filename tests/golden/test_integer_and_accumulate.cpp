// Ranges, saturation, int32 wrapping, checked accumulation and zero-point folding.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "qmac/golden/accumulate.hpp"
#include "qmac/golden/integer.hpp"

using namespace qmac::golden;

TEST_CASE("integer ranges and saturation", "[integer]") {
    CHECK(signed_range(8).min == -128);
    CHECK(signed_range(8).max == 127);
    CHECK(unsigned_range(8).max == 255);
    CHECK(symmetric_range(8).min == -127);
    CHECK(symmetric_range(16).max == 32767);
    CHECK(saturate(200, signed_range(8)) == 127);
    CHECK(saturate(-200, signed_range(8)) == -128);
    CHECK(saturate(-5, unsigned_range(8)) == 0);
    CHECK(saturate_int32(std::int64_t{1} << 40) == INT32_MAX);
    CHECK_THROWS(signed_range(0));
    CHECK_THROWS(symmetric_range(1));
}

TEST_CASE("wrap_int32 is two's-complement modulo 2^32", "[integer]") {
    CHECK(wrap_int32(std::int64_t{INT32_MAX} + 1) == INT32_MIN);
    CHECK(wrap_int32(std::int64_t{INT32_MIN} - 1) == INT32_MAX);
    CHECK(wrap_int32(0x1'0000'0005LL) == 5);
    CHECK(wrap_int32(-0x1'0000'0005LL) == -5);
}

TEST_CASE("accumulation wraps like a 32-bit adder and the checked variant reports it", "[accumulate]") {
    // 140000 * 127 * 127 = 2,258,060,000 > INT32_MAX.
    const std::vector<std::int32_t> x(140000, 127);
    const std::vector<std::int32_t> w(140000, 127);
    const std::int64_t exact = 140000LL * 127 * 127 + 5;
    const CheckedAccumulation c = accumulate_checked(x, w, 5);
    CHECK(c.overflow);
    CHECK(c.exact == exact);
    CHECK(c.value == wrap_int32(exact));
    CHECK(accumulate_wrapping(x, w, 5) == wrap_int32(exact));

    const std::vector<std::int32_t> a = {-87, 31, 4, -46, 127};
    const std::vector<std::int32_t> b = {7, 24, 5, 111, 90};
    const CheckedAccumulation seed = accumulate_checked(a, b, 2577);
    CHECK_FALSE(seed.overflow);
    CHECK(seed.value == 9056);
    CHECK_THROWS_WITH(accumulate_wrapping(a, std::vector<std::int32_t>(4, 0), 0), Catch::Contains("different lengths"));
}

TEST_CASE("INT32_MIN accumulator is reachable without overflow report", "[accumulate]") {
    const std::vector<std::int32_t> x = {-128, -128};
    const std::vector<std::int32_t> w = {127, 127};
    const CheckedAccumulation c = accumulate_checked(x, w, INT32_MIN + 2 * 128 * 127);
    CHECK_FALSE(c.overflow);
    CHECK(c.value == INT32_MIN);
}

TEST_CASE("folding the input zero point into the bias equals accumulating with offsets", "[accumulate]") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> u8(0, 255), s8(-128, 127), len(1, 64), zp(0, 255);
    std::uniform_int_distribution<std::int32_t> bias(-1000000, 1000000);
    for (int trial = 0; trial < 20000; ++trial) {
        const int n = len(rng);
        std::vector<std::int32_t> x(n), w(n);
        for (int i = 0; i < n; ++i) { x[i] = u8(rng); w[i] = s8(rng); }
        const std::int32_t b = bias(rng);
        const std::int32_t z = zp(rng);
        const std::int32_t folded = fold_input_zero_point(w.data(), w.size(), b, z);
        REQUIRE(accumulate_wrapping(x, w, folded) == accumulate_with_zero_points(x.data(), w.data(), n, b, z, 0));
    }
    const std::vector<std::int32_t> big(100000, 127);
    CHECK_THROWS_AS(fold_input_zero_point(big.data(), big.size(), INT32_MIN, 255), std::overflow_error);
}
