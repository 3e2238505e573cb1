// xnnpack_vnni against the x86 instructions of XNNPACK's VNNI kernels' output stage, one lane, run on this
// machine's own SSE2 unit: vmulps, vminps (the upper bound only), vcvtps2dq (ties to even under the default
// MXCSR; INT32_MIN, the "integer indefinite", out of range), vpaddd (wrapping), vpmovsdb (signed
// saturation, here as the equivalent packssdw + packsswb), vpmaxsb with min. The kernels' per-vector
// arithmetic is per lane, so one lane is the kernel (LiteRT itself: tests/conformance/litert_fully_connected.py).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

#include "qmac/golden/requantize.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

using namespace qmac::golden;

namespace {

#if defined(__SSE2__)
std::int32_t vnni_lane(std::int32_t acc, float scale, const OutputStage& o) {
    const __m128 scaled = _mm_mul_ps(_mm_cvtepi32_ps(_mm_set1_epi32(acc)), _mm_set1_ps(scale));
    const __m128 capped = _mm_min_ps(scaled, _mm_set1_ps(static_cast<float>(o.max - o.zero_point)));
    const __m128i sum = _mm_add_epi32(_mm_cvtps_epi32(capped), _mm_set1_epi32(o.zero_point));
    const __m128i narrowed = _mm_packs_epi16(_mm_packs_epi32(sum, sum), _mm_setzero_si128());
    const auto y = static_cast<std::int8_t>(_mm_cvtsi128_si32(narrowed) & 0xFF);
    return std::max<std::int32_t>(y, o.min);
}
#endif

// A float32 multiplier of any order of magnitude XNNPACK can be given, or near 1 (where acc * m reaches
// -2^31 for the accumulators below).
float any_scale(std::mt19937_64& rng) {
    switch (rng() % 4) {
    case 0: return 1.0f + static_cast<float>(rng() % (1u << 23)) * 0x1p-23f;
    case 1: return 1.0f - static_cast<float>(rng() % 64) * 0x1p-24f;
    default: return std::ldexp(1.0f + static_cast<float>(rng() % (1u << 23)) * 0x1p-23f, static_cast<int>(rng() % 60) - 40);
    }
}

std::int32_t any_acc(std::mt19937_64& rng) {
    switch (rng() % 4) {
    case 0: return INT32_MIN + static_cast<std::int32_t>(rng() % 4096);
    case 1: return static_cast<std::int32_t>(-static_cast<std::int64_t>(rng() % (std::int64_t{1} << 31)));
    default: return static_cast<std::int32_t>(static_cast<std::uint32_t>(rng()));
    }
}

}  // namespace

TEST_CASE("xnnpack_vnni equals the SSE2 lane of XNNPACK's VNNI output stage, the zero point's wrap included", "[requantize]") {
#if defined(__SSE2__)
    std::mt19937_64 rng(2026);
    std::uint64_t n = 0, wraps = 0, above_max = 0, differs_from_fp32 = 0;
    for (int i = 0; i < 4000000; ++i) {
        const std::int32_t acc = any_acc(rng);
        const float scale = any_scale(rng);
        const std::int32_t zp = static_cast<std::int32_t>(rng() % 256) - 128;   // int8 outputs
        std::int32_t lo = static_cast<std::int32_t>(rng() % 256) - 128, hi = static_cast<std::int32_t>(rng() % 256) - 128;
        if (rng() % 2) lo = -128, hi = 127;
        if (lo > hi) std::swap(lo, hi);
        const OutputStage o = make_output_stage(zp, lo, hi);
        const std::int32_t want = vnni_lane(acc, scale, o);
        const std::int32_t got = requantize_xnnpack_vnni(acc, scale, o);
        if (got != want) {
            INFO("acc " << acc << " scale " << scale << " zp " << zp << " clamp [" << lo << ", " << hi << "]");
            REQUIRE(got == want);
        }
        ++n;
        const bool wrapped = zp < 0 && static_cast<double>(static_cast<float>(acc) * scale) <= -2147483648.0;
        wraps += wrapped;
        above_max += want > hi;
        differs_from_fp32 += want != requantize_fp32(acc, scale, o);
        // Everywhere else the instructions give fp32's result (XNNPACK's AVX2 kernels, ONNX Runtime's MLAS).
        if (!wrapped) REQUIRE(want == requantize_fp32(acc, scale, o));
    }
    INFO(n << " lanes, " << wraps << " wraps, " << above_max << " above max, " << differs_from_fp32 << " differ from fp32");
    CHECK(wraps > n / 50);
    CHECK(above_max > n / 200);
    CHECK(differs_from_fp32 > n / 100);
#else
    FAIL("this test runs XNNPACK's x86 instructions: it needs an x86-64 (SSE2) build");
#endif
}

TEST_CASE("xnnpack_vnni corners: INT32_MIN plus a negative zero point saturates to 127, above a ReLU6 max", "[requantize]") {
    const OutputStage relu6 = make_output_stage(-128, -128, 64);
    CHECK(requantize_xnnpack_vnni(INT32_MIN, 1.0f, relu6) == 127);
    CHECK(requantize_fp32(INT32_MIN, 1.0f, relu6) == -128);
    CHECK(requantize_xnnpack_vnni(INT32_MIN, 1.0f, make_output_stage(0, -128, 127)) == -128);
    CHECK(requantize_xnnpack_vnni(INT32_MAX, 1e10f, relu6) == 64);    // the float clamp above: no wrap
    CHECK(requantize_xnnpack_vnni(-2147483520, 1.0f, make_output_stage(-1, -128, 127)) == -128);  // -2^31 + 128 fits
    CHECK(requantize_xnnpack_vnni(-1100000000, 2.0f, make_output_stage(-5, -128, 127)) == 127);
    CHECK(requantize_fixed(INT32_MIN, {float32_bits(1.0f), 0}, FixedPointRounding::Float32Wrap, relu6) == 127);
    CHECK_THROWS_WITH(requantize_fixed(0, {float32_bits(1.0f), 1}, FixedPointRounding::Float32Wrap, relu6),
                      Catch::Contains("fp32_wrap needs the bits of a finite float32"));
    CHECK(parse_requant_mode("xnnpack_vnni") == RequantMode::XnnpackVnni);
}
