// The fp32 rounding of the kernel's requantizer in integer logic (hls/requantize_fp32.hpp) against this
// host's IEEE-754 binary32 arithmetic (round to nearest even, the default mode): rint(f32(f32(acc) * m))
// saturated to int32, unclamped, so every bit of the integer result is compared; then the whole
// requantizer against golden::requantize_fp32. Equal, no tolerance.
#include <catch2/catch.hpp>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "qmac/golden/requantize.hpp"
#include "qmac/hls/requantize.hpp"
#include "stimulus.hpp"

namespace hls = qmac::hls;
namespace golden = qmac::golden;
using qmac::hls_tb::Rng;

namespace {

// The host's answer: f32(acc) * m in float32, to the nearest integer (ties to even), saturated to int32.
std::int32_t host_fp32(std::int32_t acc, std::int32_t bits) {
    const float p = static_cast<float>(acc) * golden::float32_from_bits(bits);
    const float r = std::nearbyint(p);  // FE_TONEAREST: ties to even
    return r >= 2147483648.0f ? INT32_MAX : r <= -2147483648.0f ? INT32_MIN : static_cast<std::int32_t>(r);
}

// The float32 multipliers of the exhaustive sweep: ordinary scales, exact powers of two (integer ties),
// scales whose products land on ties after rounding, the extremes.
std::vector<float> sweep_multipliers() {
    return {0.0f, 1.0f, 0.5f, 0.25f, 0.003921569f, 0.0117647f, 0.1f, 1.0f / 3.0f, 0.75f, 1e-7f, 2.0f, 127.5f};
}

}  // namespace

TEST_CASE("fp32: the contract's largest fp32 multiplier is the largest finite float32", "[hls][requantize][fp32]") {
    CHECK(qmac::hw::multiplier_max(qmac::hw::kRoundFp32) == golden::float32_bits(std::numeric_limits<float>::max()));
    CHECK(qmac::hw::shift_min(qmac::hw::kRoundFp32) == 0);
    CHECK(qmac::hw::shift_max(qmac::hw::kRoundFp32) == 0);
}

TEST_CASE("fp32: every accumulator in [-2^24, 2^24] for a set of multipliers matches the host's float32",
          "[hls][requantize][fp32]") {
    REQUIRE(std::fegetround() == FE_TONEAREST);
    long n = 0, ties = 0;
    for (float m : sweep_multipliers()) {
        const std::int32_t bits = golden::float32_bits(m);
        for (std::int32_t acc = -(1 << 24); acc <= (1 << 24); ++acc) {
            const std::int32_t want = host_fp32(acc, bits);
            const std::int32_t got = hls::multiply_by_float32(acc, bits);
            if (got != want) {
                INFO("acc " << acc << " m " << m << " (bits " << bits << ")");
                REQUIRE(got == want);
            }
            const float p = static_cast<float>(acc) * m;
            ties += p - std::floor(p) == 0.5f;
            ++n;
        }
    }
    INFO("ties " << ties);
    CHECK(n == static_cast<long>(sweep_multipliers().size()) * ((2L << 24) + 1));
    CHECK(ties > 100000);  // exact integer ties, each rounded to even
}

TEST_CASE("fp32: random accumulators and float32 multipliers of every exponent, with exact and near ties",
          "[hls][requantize][fp32]") {
    Rng rng(21);
    long n = 0, acc_ties = 0, int_ties = 0, saturated = 0, zero = 0;
    long exponents[256] = {};
    for (long i = 0; i < 100000000; ++i) {
        const std::int32_t acc = rng.chance(40) ? qmac::hls_tb::corner_accumulator(rng) : rng.any_int32();
        std::int32_t bits;
        switch (i % 4) {
        case 0: bits = qmac::hls_tb::any_fp32_multiplier(rng); break;
        case 1: bits = static_cast<std::int32_t>(rng.uniform(0, qmac::hw::multiplier_max(qmac::hw::kRoundFp32))); break;
        case 2: {  // a multiplier that puts acc near an integer tie: (k + 1/2) / acc, nudged by a few ulps
            const double target = static_cast<double>(rng.uniform(-300, 300)) + 0.5;
            const float m = acc == 0 ? 0.0f : static_cast<float>(std::fabs(target / static_cast<double>(acc)));
            bits = golden::float32_bits(m) + static_cast<std::int32_t>(rng.uniform(-2, 2));
            if (bits < 0 || bits > qmac::hw::multiplier_max(qmac::hw::kRoundFp32)) bits = 0;
            break;
        }
        default: bits = static_cast<std::int32_t>(rng.uniform(0x30000000, 0x40000000)); break;  // 2^-31 .. 2
        }
        const std::int32_t want = host_fp32(acc, bits);
        const std::int32_t got = hls::multiply_by_float32(acc, bits);
        if (got != want) {
            INFO("acc " << acc << " bits " << bits << " (m " << golden::float32_from_bits(bits) << ")");
            REQUIRE(got == want);
        }
        ++n;
        ++exponents[(static_cast<std::uint32_t>(bits) >> 23) & 0xFF];
        const float a = static_cast<float>(acc);
        acc_ties += acc != 0 && std::fabs(static_cast<double>(a) - acc) == std::ldexp(1.0, std::ilogb(a) - 24);
        const float p = a * golden::float32_from_bits(bits);
        int_ties += std::fabs(p - std::trunc(p)) == 0.5f;
        saturated += want == INT32_MAX || want == INT32_MIN;
        zero += want == 0;
    }
    long classes = 0;
    for (long e : exponents) classes += e > 0;
    INFO("f32(acc) ties " << acc_ties << ", integer ties " << int_ties << ", saturated " << saturated << ", zero "
                          << zero << ", exponent values " << classes);
    CHECK(n == 100000000);
    CHECK(classes == 255);  // every exponent of a finite float32, subnormals (0) included
    CHECK(acc_ties > 100000);
    CHECK(int_ties > 100000);
    CHECK(saturated > 100000);
    CHECK(zero > 100000);
}

TEST_CASE("fp32: the requantizer with the output stage matches golden::requantize_fp32", "[hls][requantize][fp32]") {
    Rng rng(22);
    for (long i = 0; i < 2000000; ++i) {
        const std::int32_t acc = rng.chance(50) ? qmac::hls_tb::corner_accumulator(rng) : static_cast<std::int32_t>(rng.uniform(-(1 << 20), 1 << 20));
        const std::int32_t bits = i % 2 ? qmac::hls_tb::any_fp32_multiplier(rng)
                                        : qmac::hls_tb::fp32_multiplier_of(static_cast<std::int32_t>(rng.uniform(1 << 30, qmac::hw::kMultiplierMax)),
                                                                           static_cast<int>(rng.uniform(-20, 0)));
        qmac::hls_tb::OutParams p;
        qmac::hls_tb::random_output_stage(rng, rng.chance(50), p);
        hls::requant_params r;
        r.multiplier = bits;
        r.shift = 0;
        r.rounding = qmac::hw::kRoundFp32;
        r.wrap_offset = 0;
        r.out_zero_point = static_cast<std::int16_t>(p.zero_point);
        r.out_min = static_cast<std::int16_t>(p.min);
        r.out_max = static_cast<std::int16_t>(p.max);
        const std::int32_t want = golden::requantize_fp32(acc, golden::float32_from_bits(bits), golden::OutputStage{p.zero_point, p.min, p.max});
        REQUIRE(hls::requantize(acc, r) == want);
    }
}
