// The kernel's integer requantizer (hls/requantize.hpp) against golden::requantize_fixed and the golden
// fixed-point primitives: every shift each rounding code allows (hw::shift_min .. hw::shift_max), every
// rounding field value, corner accumulators and multipliers (float32 ones for fp32), exact ties,
// INT32_MIN, saturation; bit-exact (equal), no tolerance. The fp32 path's own sweeps are in
// test_hls_requantize_fp32.cpp.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/requantize.hpp"
#include "qmac/hls/requantize.hpp"
#include "stimulus.hpp"

namespace hls = qmac::hls;
namespace golden = qmac::golden;
using qmac::hls_tb::Rng;

namespace {

hls::requant_params params(std::int32_t m, int shift, int rounding, int zp, int lo, int hi, unsigned wrap_offset = 0) {
    hls::requant_params p;
    p.multiplier = m;
    p.shift = static_cast<std::int8_t>(shift);
    p.rounding = static_cast<std::uint8_t>(rounding);
    p.wrap_offset = static_cast<std::uint8_t>(wrap_offset);
    p.out_zero_point = static_cast<std::int16_t>(zp);
    p.out_min = static_cast<std::int16_t>(lo);
    p.out_max = static_cast<std::int16_t>(hi);
    return p;
}

// The legal shifts of a rounding code (the contract's hw::shift_min, hw::shift_max).
int shift_min(int rounding) { return qmac::hw::shift_min(static_cast<unsigned>(rounding)); }
int shift_max(int rounding) { return qmac::hw::shift_max(static_cast<unsigned>(rounding)); }

std::vector<std::int32_t> corner_accumulators() {
    std::vector<std::int32_t> v = {INT32_MIN, INT32_MIN + 1, INT32_MIN + 2, INT32_MAX, INT32_MAX - 1, 0, 1, -1, 2, -2, 3, -3};
    for (int j = 1; j <= 30; ++j) {
        const std::int64_t p = std::int64_t{1} << j;
        for (std::int64_t d : {p, p - 1, p + 1, p / 2 * 3, p + p / 2, 5 * (p / 2)}) {  // k*2^j + 2^(j-1): ties
            if (d > INT32_MAX) continue;  // 5 * 2^29 at j = 30
            v.push_back(static_cast<std::int32_t>(d));
            v.push_back(static_cast<std::int32_t>(-d));
        }
    }
    return v;
}

std::vector<std::int32_t> corner_multipliers() {
    return {0, 1, 2, 3, 1 << 29, 1 << 30, (1 << 30) + 1, (1 << 30) + (1 << 29), 0x7FFFFFFF, 0x7FFFFFFE,
            0x60000000, 0x48000000, 0x5A827999, 1518500250};
}

// Float32 multipliers (their bits) for fp32: zero, subnormals, powers of two, ordinary scales, the largest.
std::vector<std::int32_t> corner_fp32_multipliers() {
    std::vector<std::int32_t> v = {0, 1, 0x007FFFFF, 0x00800000, 0x7F7FFFFF, 0x7F7FFFFE};
    for (float f : {1.0f, 0.5f, 0.25f, 0.75f, 1.5f, 0.1f, 0.01f, 0.003921569f, 1e-5f, 1e-9f, 1e-30f, 3.0f, 1e10f})
        v.push_back(golden::float32_bits(f));
    return v;
}

// requantize(acc, p) == golden::requantize_fixed for every listed combination; counts the checks.
long check_all(const std::vector<std::int32_t>& accs, const std::vector<std::int32_t>& ms, int zp, int lo, int hi) {
    long n = 0;
    const golden::OutputStage o = golden::make_output_stage(zp, lo, hi);
    const std::vector<std::int32_t> fp32_ms = corner_fp32_multipliers();
    for (int rounding = 0; rounding < qmac::hw::kRoundingCodes; ++rounding) {
        for (int shift = shift_min(rounding); shift <= shift_max(rounding); ++shift) {
            for (std::int32_t m : qmac::hw::float32_multiplier(rounding) ? fp32_ms : ms) {
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

TEST_CASE("requantize: corner accumulators x corner multipliers x every shift x every rounding", "[hls][requantize]") {
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
        const int rounding = static_cast<int>(rng.uniform(0, qmac::hw::kRoundingCodes - 1));
        const std::int32_t m = qmac::hw::float32_multiplier(rounding) ? qmac::hls_tb::any_fp32_multiplier(rng)
                                                                : qmac::hls_tb::corner_multiplier(rng);
        const int shift = static_cast<int>(rng.uniform(shift_min(rounding), shift_max(rounding)));
        qmac::hls_tb::OutParams g;
        qmac::hls_tb::random_output_stage(rng, rng.chance(50), g);
        const golden::OutputStage o = golden::make_output_stage(g.zero_point, g.min, g.max);
        const std::int32_t want = golden::requantize_fixed(acc, {m, shift}, qmac::hls_tb::golden_rounding(static_cast<unsigned>(rounding)), o);
        REQUIRE(hls::requantize(acc, params(m, shift, rounding, g.zero_point, g.min, g.max)) == want);
        // Coverage: exact ties of each rounding, and int32 saturation before the clamp.
        ++n;
        if (qmac::hw::float32_multiplier(rounding)) continue;  // their ties: test_hls_requantize_fp32.cpp
        if (shift > shift_max(qmac::hw::kRoundSingle)) {  // 31, double rounding only: no right shift to cover
            ++top_shift;
            continue;
        }
        const std::int64_t p = std::int64_t{acc} * m;
        const int rs = 31 - shift;
        const std::uint64_t rem = static_cast<std::uint64_t>(p) & ((std::uint64_t{1} << rs) - 1U);
        if ((rounding == 1 || rounding == 5) && rem == (std::uint64_t{1} << (rs - 1))) ++ties_single;
        if (shift < 0 && (rounding == 0 || rounding == 4)) {
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

TEST_CASE("requantize: each rounding code runs its own tie rule, and only the field's bits select it",
          "[hls][requantize]") {
    // One exact tie of each sign through every fixed-point code: M = 2^30, shift -1 is the real multiplier
    // 1/4, so acc = +-2 is +-0.5 and acc = +-6 is +-1.5.
    const golden::OutputStage o{0, -128, 127};
    struct Case {
        int code;
        std::int32_t y[4];  // for acc = 2, -2, 6, -6
    };
    const Case cases[] = {
        {qmac::hw::kRoundDouble, {1, -1, 2, -2}},      // SRDHM exact, then RDBPOT: ties away from zero
        {qmac::hw::kRoundSingle, {1, 0, 2, -1}},       // ties up
        {qmac::hw::kRoundTruncate, {0, 0, 1, -1}},     // toward zero
        {qmac::hw::kRoundSingleEven, {0, 0, 2, -2}},   // ties to even
        {qmac::hw::kRoundDoubleUp, {1, 0, 2, -1}},     // ruy: ties up
        {qmac::hw::kRoundSingleAway, {1, -1, 2, -2}},  // ties away from zero
    };
    for (const Case& c : cases) {
        const std::int32_t accs[] = {2, -2, 6, -6};
        for (int i = 0; i < 4; ++i) {
            INFO("code " << c.code << " acc " << accs[i]);
            CHECK(hls::requantize(accs[i], params(1 << 30, -1, c.code, 0, -128, 127)) == c.y[i]);
            CHECK(golden::requantize_fixed(accs[i], {1 << 30, -1}, qmac::hls_tb::golden_rounding(static_cast<unsigned>(c.code)), o) == c.y[i]);
        }
    }
    // fp32: 0.25f * +-2 = +-0.5 -> 0, * +-6 = +-1.5 -> +-2 (ties to even).
    const std::int32_t quarter = golden::float32_bits(0.25f);
    CHECK(hls::requantize(2, params(quarter, 0, qmac::hw::kRoundFp32, 0, -128, 127)) == 0);
    CHECK(hls::requantize(-6, params(quarter, 0, qmac::hw::kRoundFp32, 0, -128, 127)) == -2);
    // fp32_wrap: the same ties; and vcvtps2dq's INT32_MIN plus a negative zero point wraps to 127 (int8's
    // saturation, above max = 100), while zero point 0 gives min.
    CHECK(hls::requantize(2, params(quarter, 0, qmac::hw::kRoundFp32Wrap, 0, -128, 127)) == 0);
    CHECK(hls::requantize(-6, params(quarter, 0, qmac::hw::kRoundFp32Wrap, 0, -128, 127)) == -2);
    const std::int32_t one = golden::float32_bits(1.0f);
    CHECK(hls::requantize(INT32_MIN, params(one, 0, qmac::hw::kRoundFp32Wrap, -1, -128, 100)) == 127);
    CHECK(hls::requantize(INT32_MIN, params(one, 0, qmac::hw::kRoundFp32, -1, -128, 100)) == -128);
    CHECK(hls::requantize(INT32_MIN, params(one, 0, qmac::hw::kRoundFp32Wrap, 0, -128, 100)) == -128);
    CHECK(hls::requantize(INT32_MAX, params(one, 0, qmac::hw::kRoundFp32Wrap, -1, -128, 100)) == 100);
    // The contract defines every code the field holds (an undefined one would run double rounding), and only
    // kRoundingBits bits reach the kernel.
    STATIC_REQUIRE(qmac::hw::kRoundingCodes == (1 << qmac::hw::kRoundingBits));
    Rng rng(14);
    for (int code = 0; code < qmac::hw::kRoundingCodes; ++code) {
        for (int i = 0; i < 5000; ++i) {
            const std::int32_t acc = rng.any_int32();
            const std::int32_t m = qmac::hw::float32_multiplier(static_cast<unsigned>(code)) ? qmac::hls_tb::any_fp32_multiplier(rng)
                                                                                      : qmac::hls_tb::corner_multiplier(rng);
            const int shift = static_cast<int>(rng.uniform(shift_min(code), shift_max(code)));
            REQUIRE(hls::requantize(acc, params(m, shift, code + (1 << qmac::hw::kRoundingBits), 3, -128, 127)) ==
                    hls::requantize(acc, params(m, shift, code, 3, -128, 127)));
        }
    }
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

TEST_CASE("requantize: single_away's x86 int32 cast and wrapping zero point at the wrap's edge", "[hls][requantize]") {
    // Accumulators within 3 of where |quotient| + k + d reaches 2^31 (hls_tb::x86_wrap_edge, every wrap
    // offset d), every zero point sign: the far clamp bound comes out there, which the saturating form
    // (multiply_by_quantized_multiplier_single_away, then the plain output stage) does not give.
    std::mt19937_64 rng(77);
    long far = 0, n = 0;
    for (int i = 0; i < 200000; ++i) {
        qmac::hls_tb::OutParams q;
        const std::int32_t acc = qmac::hls_tb::x86_wrap_edge(rng, (i & 1) != 0, q);
        const hls::requant_params p =
            params(q.multiplier, q.shift, static_cast<int>(q.rounding), q.zero_point, q.min, q.max, q.wrap_offset);
        const golden::OutputStage o = golden::make_output_stage(q.zero_point, q.min, q.max);
        const std::int32_t want =
            golden::requantize_single_away(acc, {q.multiplier, q.shift, static_cast<int>(q.wrap_offset)}, o);
        const std::int32_t got = hls::requantize(acc, p);
        if (got != want) {
            INFO("acc " << acc << " M " << q.multiplier << " shift " << q.shift << " wrap offset " << q.wrap_offset
                        << " zp " << q.zero_point << " clamp ["
                        << q.min << ", " << q.max << "]");
            REQUIRE(got == want);
        }
        const std::int32_t saturating = hls::apply_output_stage(
            hls::multiply_by_quantized_multiplier_single_away(acc, q.multiplier, q.shift), q.zero_point, q.min, q.max);
        far += got != saturating;
        ++n;
    }
    CHECK(n == 200000);
    CHECK(far > n / 5);  // the far bound is exercised, and so is its edge
    CHECK(far < n - n / 5);
}

TEST_CASE("requantize: the wrap offset moves single_away's wrap only, not fp32_wrap's", "[hls][requantize]") {
    // fp32_wrap shares single_away's wrap test but must ignore d: at m = 1, zp = -128 the accumulator
    // -2^31 + 128 gives i + zp = INT32_MIN, no wrap (the clamp's -128) whatever d; with d applied the test
    // would see -2^31 - d and give 127. -2^31 itself wraps to 127 for every d.
    const std::int32_t one = golden::float32_bits(1.0f);
    const golden::OutputStage o = golden::make_output_stage(-128, -128, 127);
    for (unsigned d = 0; d <= static_cast<unsigned>(qmac::hw::kWrapOffsetMax); ++d) {
        INFO("wrap offset " << d);
        const hls::requant_params p = params(one, 0, qmac::hw::kRoundFp32Wrap, -128, -128, 127, d);
        const golden::QuantizedMultiplier m{one, 0, static_cast<int>(d)};
        CHECK(hls::requantize(INT32_MIN + 128, p) == -128);
        CHECK(golden::requantize_fixed(INT32_MIN + 128, m, golden::FixedPointRounding::Float32Wrap, o) == -128);
        CHECK(hls::requantize(INT32_MIN, p) == 127);
        CHECK(golden::requantize_fixed(INT32_MIN, m, golden::FixedPointRounding::Float32Wrap, o) == 127);
        // single_away at real 1 (M = 2^30, shift 1): the same accumulator wraps once d >= 1
        const hls::requant_params s = params(1 << 30, 1, qmac::hw::kRoundSingleAway, -128, -128, 127, d);
        CHECK(hls::requantize(INT32_MIN + 128, s) == (d >= 1 ? 127 : -128));
    }
}
