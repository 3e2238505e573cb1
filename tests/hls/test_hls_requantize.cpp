// The kernel's integer requantizer (hls/requantize.hpp) against golden::requantize_fixed and the golden
// fixed-point primitives: every shift each rounding code allows (hw::shift_max: 63 with double rounding,
// 62 with the others), every rounding field value, corner accumulators and multipliers, exact ties,
// INT32_MIN, saturation; bit-exact (equal), no tolerance.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/requantize.hpp"
#include "qmac/hls/requantize.hpp"
#include "stimulus.hpp"

namespace hls = qmac::hls;
namespace golden = qmac::golden;
using qmac::hls_tb::Rng;

namespace {

hls::requant_params params(std::int32_t m, int shift, int rounding, int zp, int lo, int hi) {
    hls::requant_params p;
    p.multiplier = m;
    p.shift = static_cast<std::int8_t>(shift);
    p.rounding = static_cast<std::uint8_t>(rounding);
    p.out_zero_point = static_cast<std::int16_t>(zp);
    p.out_min = static_cast<std::int16_t>(lo);
    p.out_max = static_cast<std::int16_t>(hi);
    return p;
}

// The largest legal shift of a rounding field value (only its low 2 bits reach the kernel): the contract's
// hw::shift_max, 31 for double rounding and 30 for the others.
int shift_max(int rounding) { return qmac::hw::shift_max(static_cast<unsigned>(rounding) & 3U); }

std::vector<std::int32_t> corner_accumulators() {
    std::vector<std::int32_t> v = {INT32_MIN, INT32_MIN + 1, INT32_MIN + 2, INT32_MAX, INT32_MAX - 1, 0, 1, -1, 2, -2, 3, -3};
    for (int j = 1; j <= 30; ++j) {
        const std::int32_t p = std::int32_t{1} << j;
        for (std::int32_t d : {p, p - 1, p + 1, p / 2 * 3, p + p / 2, 5 * (p / 2)}) {  // k*2^j + 2^(j-1): ties
            v.push_back(d);
            v.push_back(-d);
        }
    }
    return v;
}

std::vector<std::int32_t> corner_multipliers() {
    return {0, 1, 2, 3, 1 << 29, 1 << 30, (1 << 30) + 1, (1 << 30) + (1 << 29), 0x7FFFFFFF, 0x7FFFFFFE,
            0x60000000, 0x48000000, 0x5A827999, 1518500250};
}

// requantize(acc, p) == golden::requantize_fixed for every listed combination; counts the checks.
long check_all(const std::vector<std::int32_t>& accs, const std::vector<std::int32_t>& ms, int zp, int lo, int hi) {
    long n = 0;
    const golden::OutputStage o = golden::make_output_stage(zp, lo, hi);
    for (int rounding = 0; rounding < qmac::hw::kRoundingCodes; ++rounding) {
        for (int shift = qmac::hw::kShiftMin; shift <= shift_max(rounding); ++shift) {
            for (std::int32_t m : ms) {
                const hls::requant_params p = params(m, shift, rounding, zp, lo, hi);
                for (std::int32_t acc : accs) {
                    const std::int32_t want =
                        golden::requantize_fixed(acc, {m, shift}, qmac::hls_tb::golden_rounding(static_cast<unsigned>(rounding)), o);
                    const std::int32_t got = hls::requantize(acc, p);
                    if (got != want) {
                        INFO("acc " << acc << " M " << m << " shift " << shift << " rounding " << rounding << " zp "
                                    << zp << " clamp [" << lo << ", " << hi << "]");
                        REQUIRE(got == want);
                    }
                    ++n;
                }
            }
        }
    }
    return n;
}

}  // namespace

TEST_CASE("SRDHM: bit-exact with golden including INT32_MIN * INT32_MIN -> INT32_MAX", "[hls][requantize]") {
    CHECK(hls::saturating_rounding_doubling_high_mul(INT32_MIN, INT32_MIN) == INT32_MAX);
    CHECK(hls::saturating_rounding_doubling_high_mul(INT32_MIN, INT32_MAX) == -INT32_MAX);
    CHECK(hls::saturating_rounding_doubling_high_mul(INT32_MAX, INT32_MAX) == INT32_MAX - 1);
    CHECK(hls::saturating_rounding_doubling_high_mul(-1, 1 << 30) == 0);  // -0.5 -> 0: ties toward +inf
    CHECK(hls::saturating_rounding_doubling_high_mul(1, 1 << 30) == 1);   // +0.5 -> 1
    Rng rng(11);
    const std::vector<std::int32_t> accs = corner_accumulators();
    long n = 0;
    for (std::int32_t a : accs) {
        for (std::int32_t b : accs) {
            REQUIRE(hls::saturating_rounding_doubling_high_mul(a, b) == golden::saturating_rounding_doubling_high_mul(a, b));
            ++n;
        }
    }
    for (int i = 0; i < 200000; ++i) {
        const std::int32_t a = rng.any_int32(), b = rng.any_int32();
        REQUIRE(hls::saturating_rounding_doubling_high_mul(a, b) == golden::saturating_rounding_doubling_high_mul(a, b));
        ++n;
    }
    CHECK(n > 300000);
}

TEST_CASE("RoundingDivideByPOT: ties away from zero at every exponent", "[hls][requantize]") {
    CHECK(hls::rounding_divide_by_pot(5, 1) == 3);     // 2.5 -> 3
    CHECK(hls::rounding_divide_by_pot(-5, 1) == -3);   // -2.5 -> -3
    CHECK(hls::rounding_divide_by_pot(-3, 2) == -1);   // -0.75 -> -1
    CHECK(hls::rounding_divide_by_pot(-2, 2) == -1);   // -0.5 -> -1
    CHECK(hls::rounding_divide_by_pot(2, 2) == 1);     // 0.5 -> 1
    CHECK(hls::rounding_divide_by_pot(INT32_MIN, 31) == -1);
    CHECK(hls::rounding_divide_by_pot(INT32_MAX, 31) == 1);
    CHECK(hls::rounding_divide_by_pot(-(1 << 30), 31) == -1);  // -0.5 -> -1
    CHECK(hls::rounding_divide_by_pot(1 << 30, 31) == 1);      // 0.5 -> 1
    Rng rng(12);
    const std::vector<std::int32_t> accs = corner_accumulators();
    for (int e = 0; e <= 31; ++e) {
        for (std::int32_t x : accs) REQUIRE(hls::rounding_divide_by_pot(x, e) == golden::rounding_divide_by_pot(x, e));
        for (int i = 0; i < 5000; ++i) {
            const std::int32_t x = rng.any_int32();
            REQUIRE(hls::rounding_divide_by_pot(x, e) == golden::rounding_divide_by_pot(x, e));
        }
    }
}

TEST_CASE("requantize: corner accumulators x corner multipliers x every shift x rounding 0-3", "[hls][requantize]") {
    const std::vector<std::int32_t> accs = corner_accumulators();
    const std::vector<std::int32_t> ms = corner_multipliers();
    long n = 0;
    n += check_all(accs, ms, 0, -128, 127);
    n += check_all(accs, ms, 255, 0, 255);
    n += check_all(accs, ms, -128, -128, -128);  // a one-value clamp
    n += check_all(accs, ms, 17, -5, 100);
    // Beyond the contract (M >= 0) the double-rounding path still matches golden, INT32_MIN * INT32_MIN too.
    {
        const golden::OutputStage o = golden::make_output_stage(0, -128, 127);
        for (std::int32_t m : {INT32_MIN, INT32_MIN + 1, -1, -(1 << 30)}) {
            for (int shift = qmac::hw::kShiftMin; shift <= shift_max(qmac::hw::kRoundDouble); ++shift) {
                for (std::int32_t acc : accs) {
                    REQUIRE(hls::requantize(acc, params(m, shift, 0, 0, -128, 127)) ==
                            golden::requantize_tflite(acc, {m, shift}, o));
                    ++n;
                }
            }
        }
    }
    CHECK(n > 2000000);
}

TEST_CASE("requantize: random accumulators multipliers shifts and output stages", "[hls][requantize]") {
    Rng rng(13);
    long n = 0, ties_single = 0, ties_double = 0, saturated = 0, top_shift = 0;
    for (int i = 0; i < 1000000; ++i) {
        const std::int32_t acc = rng.chance(50) ? qmac::hls_tb::corner_accumulator(rng) : rng.any_int32();
        const std::int32_t m = qmac::hls_tb::corner_multiplier(rng);
        const int rounding = static_cast<int>(rng.uniform(0, qmac::hw::kRoundingCodes - 1));
        const int shift = static_cast<int>(rng.uniform(qmac::hw::kShiftMin, shift_max(rounding)));
        qmac::hls_tb::OutParams g;
        qmac::hls_tb::random_output_stage(rng, rng.chance(50), g);
        const golden::OutputStage o = golden::make_output_stage(g.zero_point, g.min, g.max);
        const std::int32_t want = golden::requantize_fixed(acc, {m, shift}, qmac::hls_tb::golden_rounding(static_cast<unsigned>(rounding)), o);
        REQUIRE(hls::requantize(acc, params(m, shift, rounding, g.zero_point, g.min, g.max)) == want);
        // Coverage: exact ties of each rounding, and int32 saturation before the clamp.
        ++n;
        if (shift > shift_max(qmac::hw::kRoundSingle)) {  // 31, double rounding only: no right shift to cover
            ++top_shift;
            continue;
        }
        const std::int64_t p = std::int64_t{acc} * m;
        const int rs = 31 - shift;
        const std::uint64_t rem = static_cast<std::uint64_t>(p) & ((std::uint64_t{1} << rs) - 1U);
        if (rounding == 1 && rem == (std::uint64_t{1} << (rs - 1))) ++ties_single;
        if (shift < 0 && (rounding == 0 || rounding == 3)) {
            const std::int32_t x = golden::saturating_rounding_doubling_high_mul(acc, m);
            const std::uint32_t r = static_cast<std::uint32_t>(x) & ((std::uint32_t{1} << -shift) - 1U);
            if (r == (std::uint32_t{1} << (-shift - 1))) ++ties_double;
        }
        const std::int64_t q = p >> rs;
        if (q > INT32_MAX || q < INT32_MIN) ++saturated;
    }
    INFO("ties single " << ties_single << ", ties double " << ties_double << ", saturated " << saturated
                         << ", double rounding at shift 31 " << top_shift);
    CHECK(n == 1000000);
    CHECK(top_shift > 1000);
    CHECK(ties_single > 1000);
    CHECK(ties_double > 1000);
    CHECK(saturated > 1000);
}

TEST_CASE("requantize: rounding 3 is single rounding with ties to even, and the rounding field is 2 bits",
          "[hls][requantize]") {
    Rng rng(14);
    long ties = 0;
    for (int i = 0; i < 100000; ++i) {
        const std::int32_t acc = rng.any_int32();
        const std::int32_t m = i % 2 ? qmac::hls_tb::corner_multiplier(rng) : (1 << 30);  // 2^30: frequent ties
        const int shift = static_cast<int>(rng.uniform(qmac::hw::kShiftMin, shift_max(qmac::hw::kRoundSingleEven)));
        const std::int32_t golden_y = golden::requantize_single_even(acc, golden::QuantizedMultiplier{m, shift},
                                                                     golden::OutputStage{3, -128, 127});
        REQUIRE(hls::requantize(acc, params(m, shift, 3, 3, -128, 127)) == golden_y);
        REQUIRE(hls::requantize(acc, params(m, shift, 7, 3, -128, 127)) == golden_y);  // only 2 bits reach the kernel
        REQUIRE(hls::requantize(acc, params(m, shift, 4, 3, -128, 127)) ==
                hls::requantize(acc, params(m, shift, 0, 3, -128, 127)));
        const std::int64_t prod = std::int64_t{acc} * m;
        const int n = 31 - shift;
        ties += (prod & ((std::int64_t{1} << n) - 1)) == (std::int64_t{1} << (n - 1));
    }
    CHECK(ties > 100);
}

TEST_CASE("requantize: shift code 31 with double rounding is TFLite's wrapping left shift by 31", "[hls][requantize]") {
    // The regression: with acc = 1, M = 2^30, shift 31, golden and the RTL give -128 (1 << 31 wraps to
    // INT32_MIN, SRDHM(INT32_MIN, 2^30) = -2^30, clamped); a kernel that clamped the shift to 30 gave 127.
    const golden::OutputStage int8_full = golden::make_output_stage(0, -128, 127);
    CHECK(golden::requantize_tflite(1, {1 << 30, 31}, int8_full) == -128);
    CHECK(hls::requantize(1, params(1 << 30, 31, qmac::hw::kRoundDouble, 0, -128, 127)) == -128);
    CHECK(hls::multiply_by_quantized_multiplier(1, 1 << 30, 31) == -(1 << 30));
    CHECK(golden::multiply_by_quantized_multiplier(1, 1 << 30, 31) == -(1 << 30));
    // Shift 31 is what quantize_multiplier gives for a real multiplier in [2^30, 2^31).
    const golden::QuantizedMultiplier q = golden::quantize_multiplier(1610612736.0);  // 1.5 * 2^30
    REQUIRE(q.shift == 31);
    // Every accumulator bit pattern class at shift 31: the left shift keeps only bit 0 of acc (as bit 31).
    Rng rng(15);
    for (int i = 0; i < 200000; ++i) {
        const std::int32_t acc = i % 2 ? rng.any_int32() : qmac::hls_tb::corner_accumulator(rng);
        const std::int32_t m = i % 3 ? qmac::hls_tb::corner_multiplier(rng) : q.multiplier;
        REQUIRE(hls::requantize(acc, params(m, 31, qmac::hw::kRoundDouble, 0, -128, 127)) ==
                golden::requantize_tflite(acc, {m, 31}, int8_full));
    }
}
