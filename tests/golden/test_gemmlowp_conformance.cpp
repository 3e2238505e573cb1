// Conformance of the fixed-point primitives against the real gemmlowp header (Debian libgemmlowp-dev) and
// against TFLite's MultiplyByQuantizedMultiplier written as TFLite writes it on top of gemmlowp.
// This file is compiled with -fwrapv: TFLite's `x * (1 << left_shift)` wraps on every real target.
#include <catch2/catch.hpp>

#include <gemmlowp/fixedpoint/fixedpoint.h>

#include <cstdint>
#include <iostream>
#include <random>
#include <vector>

#include "../common/tflite_reference.hpp"
#include "qmac/golden/fixedpoint.hpp"

using namespace qmac::golden;
using qmac::test::tflite_multiply_by_quantized_multiplier;
using qmac::test::tflite_single_rounding;

namespace {

// int32 values that exercise edges as well as the bulk: uniform, small, near the extremes, near powers of two.
std::int32_t interesting_int32(std::mt19937_64& rng) {
    std::uniform_int_distribution<int> kind(0, 5);
    std::uniform_int_distribution<std::int64_t> full(INT32_MIN, INT32_MAX);
    std::uniform_int_distribution<int> small(-300, 300), bit(0, 31), delta(-2, 2);
    switch (kind(rng)) {
    case 0: return small(rng);
    case 1: return static_cast<std::int32_t>(INT32_MIN + (small(rng) + 300));
    case 2: return static_cast<std::int32_t>(INT32_MAX - (small(rng) + 300));
    case 3: {
        const std::int64_t p = (std::int64_t{1} << bit(rng)) + delta(rng);
        return static_cast<std::int32_t>(rng() & 1 ? p : -p);
    }
    default: return static_cast<std::int32_t>(full(rng));
    }
}

const std::vector<std::int32_t> edge_values = {INT32_MIN, INT32_MIN + 1, -(1 << 30) - 1, -(1 << 30), -3, -2, -1, 0, 1,
                                               2, 3, 1 << 30, (1 << 30) + 1, INT32_MAX - 1, INT32_MAX};

constexpr long random_cases = 10'000'000;

}  // namespace

TEST_CASE("SaturatingRoundingDoublingHighMul equals gemmlowp on edges and 10^7 random pairs", "[gemmlowp]") {
    long checked = 0, mismatches = 0;
    for (std::int32_t a : edge_values) {
        for (std::int32_t b : edge_values) {
            ++checked;
            if (saturating_rounding_doubling_high_mul(a, b) != gemmlowp::SaturatingRoundingDoublingHighMul(a, b)) {
                ++mismatches;
            }
        }
    }
    CHECK(saturating_rounding_doubling_high_mul(INT32_MIN, INT32_MIN) == INT32_MAX);
    std::mt19937_64 rng(1);
    for (long i = 0; i < random_cases; ++i) {
        const std::int32_t a = interesting_int32(rng), b = interesting_int32(rng);
        ++checked;
        if (saturating_rounding_doubling_high_mul(a, b) != gemmlowp::SaturatingRoundingDoublingHighMul(a, b)) {
            ++mismatches;
        }
    }
    std::cout << "SRDHM vs gemmlowp: " << checked << " cases, " << mismatches << " mismatches\n";
    CHECK(mismatches == 0);
}

TEST_CASE("RoundingDivideByPOT equals gemmlowp on every exponent, negative ties and 10^7 random", "[gemmlowp]") {
    long checked = 0, mismatches = 0;
    for (int e = 0; e <= 31; ++e) {
        for (std::int32_t x : edge_values) {
            ++checked;
            if (rounding_divide_by_pot(x, e) != gemmlowp::RoundingDivideByPOT(x, e)) ++mismatches;
        }
    }
    CHECK(rounding_divide_by_pot(-3, 1) == -2);  // -1.5: ties away from zero
    CHECK(rounding_divide_by_pot(5, 1) == 3);
    CHECK(rounding_divide_by_pot(-5, 1) == -3);
    CHECK(rounding_divide_by_pot(INT32_MIN, 31) == -1);
    CHECK_THROWS(rounding_divide_by_pot(1, 32));
    CHECK_THROWS(rounding_divide_by_pot(1, -1));
    std::mt19937_64 rng(2);
    std::uniform_int_distribution<int> exponent(0, 31);
    for (long i = 0; i < random_cases; ++i) {
        const std::int32_t x = interesting_int32(rng);
        const int e = exponent(rng);
        ++checked;
        if (rounding_divide_by_pot(x, e) != gemmlowp::RoundingDivideByPOT(x, e)) ++mismatches;
    }
    std::cout << "RDBPOT vs gemmlowp: " << checked << " cases, " << mismatches << " mismatches\n";
    CHECK(mismatches == 0);
}

TEST_CASE("TFLite MultiplyByQuantizedMultiplier (double rounding) over gemmlowp, 10^7 random", "[gemmlowp]") {
    long checked = 0, mismatches = 0;
    for (int shift = -31; shift <= 31; ++shift) {
        for (std::int32_t x : edge_values) {
            for (std::int32_t m : edge_values) {
                ++checked;
                if (multiply_by_quantized_multiplier(x, m, shift) != tflite_multiply_by_quantized_multiplier(x, m, shift)) {
                    ++mismatches;
                }
            }
        }
    }
    // The measured difference between the two TFLite builds: M = 2^30 (0.5), shift -2, x = -4 -> -0.5.
    CHECK(multiply_by_quantized_multiplier(-4, 1 << 30, -2) == -1);
    CHECK(multiply_by_quantized_multiplier_single(-4, 1 << 30, -2) == 0);
    std::mt19937_64 rng(3);
    std::uniform_int_distribution<int> shift(-31, 31);
    for (long i = 0; i < random_cases; ++i) {
        const std::int32_t x = interesting_int32(rng), m = interesting_int32(rng);
        const int s = shift(rng);
        ++checked;
        if (multiply_by_quantized_multiplier(x, m, s) != tflite_multiply_by_quantized_multiplier(x, m, s)) ++mismatches;
    }
    std::cout << "MultiplyByQuantizedMultiplier vs TFLite/gemmlowp: " << checked << " cases, " << mismatches
              << " mismatches\n";
    CHECK(mismatches == 0);
}

TEST_CASE("TFLite single rounding equals the TFLITE_SINGLE_ROUNDING code, 10^7 random", "[gemmlowp]") {
    long checked = 0, mismatches = 0, differs_from_double = 0;
    std::mt19937_64 rng(4);
    std::uniform_int_distribution<int> shift(-31, 0);  // left shifts may leave int32 in the reference (DCHECK)
    std::uniform_int_distribution<std::int32_t> multiplier(0, INT32_MAX);
    for (long i = 0; i < random_cases; ++i) {
        const std::int32_t x = interesting_int32(rng), m = multiplier(rng);
        const int s = shift(rng);
        ++checked;
        const std::int32_t ours = multiply_by_quantized_multiplier_single(x, m, s);
        if (ours != tflite_single_rounding(x, m, s)) ++mismatches;
        if (ours != multiply_by_quantized_multiplier(x, m, s)) ++differs_from_double;
    }
    std::cout << "single rounding vs TFLITE_SINGLE_ROUNDING: " << checked << " cases, " << mismatches
              << " mismatches (" << differs_from_double << " differ from double rounding)\n";
    CHECK(mismatches == 0);
    CHECK(differs_from_double > 0);
}
