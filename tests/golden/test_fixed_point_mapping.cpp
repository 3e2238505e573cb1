// compare_monotonic against brute force, and map_to_fixed_point on float modes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <utility>

#include "../common/tflite_reference.hpp"
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

TEST_CASE("map_to_fixed_point: tflite and tflite_single run on the hardware exactly as TFLite computes them", "[mapping]") {
    // The independent side: TFLite's QuantizeMultiplier and MultiplyByQuantizedMultiplier (double rounding,
    // over the real gemmlowp primitives, and the TFLITE_SINGLE_ROUNDING build), then TFLite's output stage
    // (+ zero point, clamp), from tests/common/tflite_reference.hpp. Real multipliers below 1 (shifts <= 0:
    // the reference needs no -fwrapv).
    std::mt19937_64 rng(13);
    std::uniform_real_distribution<double> log_scale(-30.0, -0.01);
    std::uniform_int_distribution<int> zp(-128, 127);
    std::uniform_int_distribution<std::int64_t> any_acc(INT32_MIN, INT32_MAX);
    long sampled = 0;
    for (int trial = 0; trial < 40; ++trial) {
        const double real = trial == 0 ? 0.0123 : std::exp2(log_scale(rng));
        const bool single = trial % 2 == 1;
        const OutputStage o{zp(rng), -128, 127};
        std::int32_t ref_m = 0;
        int ref_shift = 0;
        qmac::test::tflite_quantize_multiplier(real, &ref_m, &ref_shift, single);
        REQUIRE(ref_shift <= 0);
        const auto tflite = [&](std::int32_t acc) {
            const std::int32_t v = single ? qmac::test::tflite_single_rounding(acc, ref_m, ref_shift)
                                          : qmac::test::tflite_multiply_by_quantized_multiplier(acc, ref_m, ref_shift);
            return std::min(std::max(v + o.zero_point, o.min), o.max);  // |v| < 2^31 - 256 for real < 1
        };
        const RequantParams p = make_requant_params(single ? RequantMode::TFLiteSingle : RequantMode::TFLite, real);
        const FixedPointMapping m = map_to_fixed_point(p, o, INT32_MIN, INT32_MAX);
        INFO("real " << real << (single ? " single" : " double") << ": TFLite M " << ref_m << " shift " << ref_shift
                     << ", mapped M " << m.multiplier.multiplier << " shift " << m.multiplier.shift);
        CHECK(m.rounding == (single ? FixedPointRounding::Single : FixedPointRounding::Double));
        CHECK(m.exact());
        const auto hardware = [&](std::int32_t acc) { return requantize_fixed(acc, m.multiplier, m.rounding, o); };
        // Every accumulator (both paths are monotonic in acc), then samples compared directly.
        const MonotonicComparison c = compare_monotonic(INT32_MIN, INT32_MAX, o, tflite, hardware);
        INFO("differing " << c.differing << ", first at " << c.first);
        CHECK(c.differing == 0);
        for (int i = 0; i < 20000; ++i) {
            const std::int32_t acc = static_cast<std::int32_t>(i < 2 ? (i ? INT32_MAX : INT32_MIN) : any_acc(rng));
            REQUIRE(hardware(acc) == tflite(acc));
            ++sampled;
        }
    }
    CHECK(sampled == 40 * 20000);
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

TEST_CASE("map_to_fixed_point: xnnpack_vnni takes the fp32_wrap rounding with its own float32 multiplier", "[mapping]") {
    // The wrap region reachable (scale 1.5, zero point -3): the hardware's rounding must reproduce it there too.
    const OutputStage o{-3, -128, 64};
    for (const auto [real, at_int32_min] : {std::pair{1.5, 127}, std::pair{0.0123, -128}, std::pair{3e-7, -128}}) {
        const RequantParams p = make_requant_params(RequantMode::XnnpackVnni, real);
        const FixedPointMapping m = map_to_fixed_point(p, o, INT32_MIN, INT32_MAX);
        CHECK(m.rounding == FixedPointRounding::Float32Wrap);
        CHECK(m.multiplier.multiplier == float32_bits(p.scale));
        CHECK(m.multiplier.shift == 0);
        CHECK(m.same_arithmetic);
        CHECK(m.exact());
        // beyond -2^31 the zero point wraps to 127; above it the clamp's min
        CHECK(requantize_fixed(INT32_MIN, m.multiplier, m.rounding, o) == at_int32_min);
    }
}

TEST_CASE("map_to_fixed_point: fp32 and pytorch_qnnpack take the fp32 rounding, exact over every accumulator",
          "[mapping]") {
    std::mt19937_64 rng(12);
    std::uniform_real_distribution<double> log_scale(-24.0, 2.0);
    for (int trial = 0; trial < 200; ++trial) {
        const RequantMode mode = trial % 2 ? RequantMode::Fp32 : RequantMode::PytorchQnnpack;
        const RequantParams p = make_requant_params(mode, std::exp2(log_scale(rng)));
        const FixedPointMapping m = map_to_fixed_point(p, OutputStage{0, -128, 127}, INT32_MIN, INT32_MAX);
        INFO("mode " << to_string(mode) << " scale " << p.scale << " differing " << m.check.differing);
        CHECK(m.rounding == FixedPointRounding::Float32);
        CHECK(m.multiplier.multiplier == float32_bits(p.scale));
        CHECK(m.multiplier.shift == 0);
        CHECK(m.exact());
    }
    // Where no fixed-point form exists (near 2^31 float32(acc) has steps of 128), fp32 still is exact.
    const RequantParams p = make_requant_params(RequantMode::Fp32, 1.0 / 16777216.3);
    CHECK(map_to_fixed_point(p, OutputStage{0, -128, 127}, INT32_MIN, INT32_MAX).exact());
}

TEST_CASE("map_to_fixed_point: litert_reference maps exactly to single_away, x86 wrap included", "[mapping]") {
    // Layers whose scaled accumulators pass int32, where the reference's cast gives INT32_MIN and its int32
    // zero-point add wraps: single_away must wrap at the same first accumulator. Dyadic multipliers (as the
    // conformance test's large models), general ones below 1 and from 2 up, every zero point sign, the whole
    // int32 range of accumulators.
    std::mt19937_64 rng(41);
    std::uniform_real_distribution<double> log_real(1.0, 5.0), below_one(0.5, 0.999);
    std::uniform_int_distribution<int> zp_of(-128, 255);
    for (int trial = 0; trial < 300; ++trial) {
        const double real = trial % 3 == 0   ? std::ldexp(static_cast<double>(1 + 2 * (trial % 7)), 1 - (trial % 4))
                            : trial % 3 == 1 ? std::exp2(log_real(rng))
                                             : below_one(rng);
        const OutputStage o{zp_of(rng), -128, 127};
        const RequantParams p = make_requant_params(RequantMode::LiteRtReference, real);
        const FixedPointMapping m = map_to_fixed_point(p, o, INT32_MIN, INT32_MAX);
        INFO("real " << real << " zp " << o.zero_point << " differing " << m.check.differing << " first "
                     << m.check.first);
        CHECK(m.rounding == FixedPointRounding::SingleAway);
        REQUIRE(m.exact());
        const double k = o.zero_point >= 0 ? o.zero_point : -o.zero_point - 1.0;
        const double edge = std::ceil((2147483648.0 - k - 0.5) / real);
        for (double d = -3; d <= 3; ++d) {  // spot checks around the wrap
            for (double a : {edge + d, -edge + d}) {
                if (a < INT32_MIN || a > INT32_MAX) continue;
                const auto acc = static_cast<std::int32_t>(a);
                REQUIRE(requantize_fixed(acc, m.multiplier, m.rounding, o) == requantize(acc, p, o));
            }
        }
    }
    // The accumulator range of one of the conformance test's large models: bias 1.5e9, real 3, zp 17.
    const OutputStage o17{17, -128, 127};
    const FixedPointMapping big = map_to_fixed_point(make_requant_params(RequantMode::LiteRtReference, 3.0), o17,
                                                     1500000000 - 40000, 1500000000 + 40000);
    CHECK(big.exact());
    CHECK(requantize_fixed(1500000000, big.multiplier, big.rounding, o17) == -128);
}

TEST_CASE("map_to_fixed_point: litert_reference between 1 and 2 starts the wrap at the reference's accumulator", "[mapping]") {
    // Below 2 the 31-bit M cannot always place the wrap's first accumulator where the float64 product does
    // (M's steps move it by ~2 / real^2 accumulators): single_away's wrap offset must. Brute force over the
    // neighbourhood of the wrap's start, and over the whole int32 range by the mapping's own count, must
    // find no differing accumulator; without the offset no candidate M +- 4 matches some layers (that is why it
    // exists).
    std::mt19937_64 rng(43);
    std::uniform_real_distribution<double> real_of(1.0, 2.0);
    std::uniform_int_distribution<int> zp_of(-128, 255);
    int offset_needed = 0, apart_without = 0, offset_max = 0;
    for (int trial = 0; trial < 400; ++trial) {
        const double real = trial % 8 == 0 ? 1.0 + std::ldexp(static_cast<double>(trial), -30) : real_of(rng);
        const OutputStage o{trial % 16 == 1 ? 0 : (trial % 16 == 2 ? 255 : zp_of(rng)), -128, 127};
        const RequantParams p = make_requant_params(RequantMode::LiteRtReference, real);
        const FixedPointMapping m = map_to_fixed_point(p, o, INT32_MIN, INT32_MAX);
        const double k = o.zero_point >= 0 ? o.zero_point : -o.zero_point - 1.0;
        const double e = std::ceil((2147483648.0 - k - 0.5) / real) * (o.zero_point >= 0 ? 1 : -1);
        const auto lo = static_cast<std::int64_t>(std::max(e - 16, -2147483648.0));
        const auto hi = static_cast<std::int64_t>(std::min(e + 16, 2147483647.0));
        const auto reference = [&](std::int32_t a) { return requantize(a, p, o); };
        const MonotonicComparison b = brute_force(lo, hi, reference,
                                                  [&](std::int32_t a) { return requantize_fixed(a, m.multiplier, m.rounding, o); });
        // Without the offset: does any candidate the mapping tries (quantize_multiplier_single's M + delta, delta in [-4, 4], d = 0) start
        // the wrap where the reference does? Brute force over the same window, for each of them.
        bool some_candidate_without = false;
        const QuantizedMultiplier base = quantize_multiplier_single(p.coefficient);
        for (int delta = -4; delta <= 4 && m.multiplier.wrap_offset > 0; ++delta) {
            const std::int64_t candidate = std::int64_t{base.multiplier} + delta;
            if (candidate > INT32_MAX) continue;
            const QuantizedMultiplier no_offset{static_cast<std::int32_t>(candidate), base.shift, 0};
            const MonotonicComparison b0 = brute_force(lo, hi, reference,
                                                       [&](std::int32_t a) { return requantize_fixed(a, no_offset, m.rounding, o); });
            some_candidate_without = some_candidate_without || b0.differing == 0;
        }
        INFO("real " << real << " zp " << o.zero_point << " M " << m.multiplier.multiplier << " offset "
                     << m.multiplier.wrap_offset << " differing " << m.check.differing << " brute force " << b.differing);
        CHECK(m.rounding == FixedPointRounding::SingleAway);
        REQUIRE(m.exact());
        REQUIRE(b.differing == 0);
        CHECK(m.multiplier.wrap_offset >= 0);
        CHECK(m.multiplier.wrap_offset <= kWrapOffsetMax);
        if (m.multiplier.wrap_offset > 0) ++offset_needed;
        offset_max = std::max(offset_max, m.multiplier.wrap_offset);
        if (m.multiplier.wrap_offset > 0 && !some_candidate_without) ++apart_without;
    }
    CHECK(offset_needed > 0);
    CHECK(apart_without > 0);
    WARN("wrap offset > 0 on " << offset_needed << " of 400 layers (at most " << offset_max << "); on "
         << apart_without << " of them every M +- 4 without it differs near the wrap");
}
