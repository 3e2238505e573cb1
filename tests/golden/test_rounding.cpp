// Every rounding mode at ties (+-0.5, +-1.5, +-2.5), off ties, and the integer shift that must agree with it.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "qmac/golden/rounding.hpp"

using namespace qmac::golden;

TEST_CASE("real rounding at ties, one row per mode", "[rounding]") {
    const double x[] = {0.5, -0.5, 1.5, -1.5, 2.5, -2.5};
    struct Row { Rounding mode; double expected[6]; };
    const Row rows[] = {
        {Rounding::HalfEven, {0, -0, 2, -2, 2, -2}},
        {Rounding::HalfAway, {1, -1, 2, -2, 3, -3}},
        {Rounding::HalfUp, {1, 0, 2, -1, 3, -2}},
        {Rounding::TowardZero, {0, 0, 1, -1, 2, -2}},
        {Rounding::Floor, {0, -1, 1, -2, 2, -3}},
    };
    for (const Row& row : rows) {
        for (int i = 0; i < 6; ++i) {
            INFO(to_string(row.mode) << " of " << x[i]);
            CHECK(round_real(x[i], row.mode) == row.expected[i]);
        }
    }
}

TEST_CASE("real rounding off ties and at the edges of the double range", "[rounding]") {
    CHECK(round_half_even(2.5000000000000004) == 3);
    CHECK(round_half_even(-2.4999999999999996) == -2);
    CHECK(round_half_up(0.49999999999999994) == 0);  // floor(x + 0.5) would give 1 here
    CHECK(round_half_up(-0.49999999999999994) == 0);
    CHECK(round_half_even(4503599627370497.0) == 4503599627370497.0);  // 2^52 + 1: already an integer
    CHECK(round_toward_zero(-1.9) == -1);
    CHECK(round_toward_zero(98.49) == 98);
    CHECK(round_floor(-1.1) == -2);
    CHECK(std::isnan(round_half_even(std::nan(""))));
}

TEST_CASE("rounding names round-trip and unknown names are rejected", "[rounding]") {
    for (Rounding r : {Rounding::HalfEven, Rounding::HalfAway, Rounding::HalfUp, Rounding::TowardZero,
                       Rounding::Floor}) {
        CHECK(parse_rounding(to_string(r)) == r);
    }
    CHECK_THROWS_WITH(parse_rounding("nearest"), Catch::Contains("unknown rounding mode 'nearest'"));
}

TEST_CASE("integer shift_right_rounded at ties matches the real rounding table", "[rounding]") {
    // x / 2 for odd x lands exactly on a tie.
    for (Rounding r : {Rounding::HalfEven, Rounding::HalfAway, Rounding::HalfUp, Rounding::TowardZero,
                       Rounding::Floor}) {
        for (std::int64_t x : {1, -1, 3, -3, 5, -5}) {
            INFO(to_string(r) << " of " << x << "/2");
            CHECK(shift_right_rounded(x, 1, r) == static_cast<std::int64_t>(round_real(x / 2.0, r)));
        }
    }
}

TEST_CASE("integer shift_right_rounded agrees with exact real rounding on random values", "[rounding]") {
    std::mt19937_64 rng(12345);
    std::uniform_int_distribution<std::int64_t> value(-(std::int64_t{1} << 50), std::int64_t{1} << 50);
    std::uniform_int_distribution<int> shift(0, 40);
    long mismatches = 0;
    for (int i = 0; i < 200000; ++i) {
        const std::int64_t x = value(rng);
        const int s = shift(rng);
        const double exact = std::ldexp(static_cast<double>(x), -s);  // exact: |x| < 2^53
        for (Rounding r : {Rounding::HalfEven, Rounding::HalfAway, Rounding::HalfUp, Rounding::TowardZero,
                           Rounding::Floor}) {
            if (shift_right_rounded(x, s, r) != static_cast<std::int64_t>(round_real(exact, r))) ++mismatches;
        }
    }
    CHECK(mismatches == 0);
    CHECK(shift_right_rounded(INT64_MIN, 62, Rounding::HalfEven) == -2);
    CHECK_THROWS(shift_right_rounded(1, 63, Rounding::Floor));
    CHECK_THROWS(shift_right_rounded(1, -1, Rounding::Floor));
}
