// qmac_mul: all 131,072 int8 x int9 and uint8 x int9 products (activation x (w - zw), w - zw in [-256, 255]),
// exact, through the registered multiplier.
#include <catch2/catch.hpp>

#include <cstdint>
#include <deque>

#include "Vqmac_mul_s.h"
#include "Vqmac_mul_s_qmac_pkg.h"
#include "Vqmac_mul_u.h"
#include "rtl_harness.hpp"
#include "qmac/golden/accumulate.hpp"

namespace {

using qmac::rtl_test::Harness;
using qmac::rtl_test::sign_extend;

// Streams every (act, wgt) pair, one per cycle, with random clock-enable gaps; the product of the pair
// presented on the k-th enabled edge appears after MulLatency enabled edges.
template <class Model>
void sweep_all_products(bool act_signed, std::uint64_t seed) {
    Harness<Model> h(seed);
    constexpr int latency = Vqmac_mul_s_qmac_pkg::MulLatency;
    constexpr int prod_bits = Vqmac_mul_s_qmac_pkg::ProdBits;
    std::deque<std::int32_t> expected;
    std::uint64_t checked = 0, mismatches = 0, lcg = seed | 1;
    constexpr int wbits = Vqmac_mul_s_qmac_pkg::WeightBits;
    for (int a = 0; a < 256; ++a) {
        for (int w = 0; w < (1 << wbits); ++w) {
            // Random idle cycles (enable low) must hold the pipeline.
            lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
            if ((lcg >> 60) == 0) {
                h.m->en_i = 0;
                h.m->act_i = static_cast<std::uint8_t>(lcg >> 20);
                h.m->wgt_i = static_cast<std::uint16_t>((lcg >> 30) & ((1u << wbits) - 1));
                h.step();
            }
            const std::int32_t x = act_signed ? static_cast<std::int8_t>(a) : a;
            const std::int32_t y = static_cast<std::int32_t>(sign_extend(static_cast<std::uint64_t>(w), wbits));
            h.m->en_i = 1;
            h.m->act_i = static_cast<std::uint8_t>(a);
            h.m->wgt_i = static_cast<std::uint16_t>(w);
            h.step();
            expected.push_back(qmac::golden::accumulate_wrapping(&x, &y, 1, 0));
            if (expected.size() == static_cast<std::size_t>(latency)) {
                const auto got = sign_extend(h.m->prod_o, prod_bits);
                if (got != expected.front() && ++mismatches <= 5) {
                    UNSCOPED_INFO("product " << expected.front() << " came out as " << got);
                }
                expected.pop_front();
                ++checked;
            }
        }
    }
    // Flush the last products.
    h.m->en_i = 1;
    while (!expected.empty()) {
        h.step();
        const auto got = sign_extend(h.m->prod_o, prod_bits);
        if (got != expected.front()) ++mismatches;
        expected.pop_front();
        ++checked;
    }
    CHECK(checked == (std::uint64_t{256} << wbits));
    CHECK(mismatches == 0);
}

}  // namespace

TEST_CASE("qmac_mul: all 131072 int8 x int9 products are exact", "[rtl][mul]") {
    sweep_all_products<Vqmac_mul_s>(true, 1);
}

TEST_CASE("qmac_mul: all 131072 uint8 x int9 products are exact", "[rtl][mul]") {
    sweep_all_products<Vqmac_mul_u>(false, 2);
}
