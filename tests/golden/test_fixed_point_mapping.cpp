// compare_monotonic against brute force, and map_to_fixed_point on float modes.
#include <catch2/catch.hpp>

#include <random>

#include "qmac/golden/fixed_point_mapping.hpp"

using namespace qmac::golden;

namespace {

MonotonicComparison brute_force(std::int64_t lo, std::int64_t hi, const std::function<std::int32_t(std::int32_t)>& f,
                                const std::function<std::int32_t(std::int32_t)>& g) {
    MonotonicComparison c;
    for (std::int64_t a = lo; a <= hi; ++a) {
        const std::int32_t x = f(static_cast<std::int32_t>(a)), y = g(static_cast<std::int32_t>(a));
        if (x != y) {
            if (c.differing == 0) { c.first = a; c.expected_at_first = x; c.actual_at_first = y; }
            ++c.differing;
        }
    }
    return c;
}

}  // namespace

TEST_CASE("compare_monotonic counts exactly the differing accumulators", "[mapping]") {
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> log_scale(-12.0, -2.0);
    std::uniform_int_distribution<int> zp(-20, 20);
    const OutputStage o{0, -128, 127};
    int cases_with_differences = 0;
    for (int trial = 0; trial < 60; ++trial) {
        const double real = std::exp2(log_scale(rng));
        const OutputStage out{zp(rng), -128, 127};
        const RequantParams fp = make_requant_params(RequantMode::Fp32, real);
        // A deliberately slightly wrong integer multiplier, so that differences exist to be counted.
        QuantizedMultiplier m = quantize_multiplier_single(real);
        m.multiplier += static_cast<std::int32_t>(trial % 7) * 20000;
        const auto f = [&](std::int32_t a) { return requantize(a, fp, out); };
        const auto g = [&](std::int32_t a) { return requantize_fixed(a, m, FixedPointRounding::Double, out); };
        const std::int64_t lo = -300000, hi = 300000;
        const MonotonicComparison fast = compare_monotonic(lo, hi, out, f, g);
        const MonotonicComparison slow = brute_force(lo, hi, f, g);
        REQUIRE(fast.differing == slow.differing);
        if (slow.differing > 0) {
            ++cases_with_differences;
            REQUIRE(fast.first == slow.first);
            REQUIRE(fast.expected_at_first == slow.expected_at_first);
            REQUIRE(fast.actual_at_first == slow.actual_at_first);
        }
    }
    CHECK(cases_with_differences > 10);
    CHECK_THROWS(compare_monotonic(5, 4, o, [](std::int32_t) { return 0; }, [](std::int32_t) { return 0; }));
}

TEST_CASE("map_to_fixed_point: integer modes map to themselves", "[mapping]") {
    const OutputStage o{3, -128, 127};
    const RequantParams t = make_requant_params(RequantMode::TFLite, 0.0123);
    const FixedPointMapping m = map_to_fixed_point(t, o, INT32_MIN, INT32_MAX);
    CHECK(m.exact());
    CHECK(m.multiplier == t.fixed);
    CHECK(m.rounding == FixedPointRounding::Double);
    CHECK(map_to_fixed_point(make_requant_params(RequantMode::TFLiteSingle, 0.3), o, -1000, 1000).rounding ==
          FixedPointRounding::Single);
}

TEST_CASE("map_to_fixed_point: the seed example maps exactly to truncation", "[mapping]") {
    const RequantParams seed = make_requant_params(RequantMode::Seed, 0.010875590551181102);
    const OutputStage o = symmetric_output_stage(8);
    // The seed layer's reachable accumulators: 5 products of |w|, |a| <= 127 plus the bias 2577.
    const FixedPointMapping m = map_to_fixed_point(seed, o, 2577 - 5 * 127 * 127, 2577 + 5 * 127 * 127);
    CHECK(m.exact());
    CHECK(m.rounding == FixedPointRounding::TruncateTowardZero);
    CHECK(requantize_fixed(9056, m.multiplier, m.rounding, o) == 98);
}

TEST_CASE("map_to_fixed_point: fp32 is exact on small ranges and reports float32 plateaus on huge ones", "[mapping]") {
    std::mt19937_64 rng(12);
    std::uniform_real_distribution<double> log_scale(-14.0, -4.0);
    int exact = 0;
    for (int trial = 0; trial < 50; ++trial) {
        const RequantParams p = make_requant_params(RequantMode::Fp32, std::exp2(log_scale(rng)));
        const FixedPointMapping m = map_to_fixed_point(p, OutputStage{0, -128, 127}, -(1 << 20), 1 << 20);
        exact += m.exact();
    }
    CHECK(exact > 0);
    // Near 2^31, float32(acc) has steps of 128: an output step can land only on a multiple of 128 there,
    // so with a scale putting code steps at odd places the integer path cannot follow.
    const RequantParams p = make_requant_params(RequantMode::Fp32, 1.0 / 16777216.3);
    const FixedPointMapping m = map_to_fixed_point(p, OutputStage{0, -128, 127}, INT32_MIN, INT32_MAX);
    INFO("differing " << m.check.differing << " first " << m.check.first);
    CHECK_FALSE(m.exact());
}
