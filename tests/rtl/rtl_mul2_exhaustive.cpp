// qmac_mul2 (two MACs per DSP48E2): every (activation, w0, w1) triple, activation over int8 and uint8 (both
// extensions to 9 bits), w0 and w1 over [-WeightMax, WeightMax]: 2 x 256 x 511 x 511 = 133,693,952 triples,
// one per clock through the Verilated module, both products compared with the plain products a * w0 and
// a * w1. Exit status 0 only when every triple was checked and all were equal.
//
// A plain loop (no Catch2, no deque): 134 M cycles must take seconds, not minutes. A random idle cycle
// (enable low, other inputs random) every 16th triple or so checks that the pipeline holds.
#include <chrono>
#include <cstdint>
#include <cstdio>

#include "Vqmac_mul2.h"
#include "Vqmac_mul2_qmac_mvu_pkg.h"
#include "Vqmac_mul2_qmac_pkg.h"
#include "rtl_harness.hpp"

namespace {

using qmac::rtl_test::Harness;
using qmac::rtl_test::sign_extend;

constexpr int kLatency = Vqmac_mul2_qmac_mvu_pkg::Mul2Latency;
constexpr int kWeightMax = Vqmac_mul2_qmac_mvu_pkg::WeightMax;
constexpr int kOpBits = Vqmac_mul2_qmac_pkg::WeightBits;
constexpr int kProdBits = Vqmac_mul2_qmac_pkg::ProdBits;
constexpr std::uint32_t kOpMask = (1u << kOpBits) - 1;
constexpr int kRing = 8;  // in-flight expectations, indexed by the triple's number mod kRing
static_assert(kLatency >= 1 && kLatency <= kRing, "qmac_mul2's latency must fit the ring");

struct Expected {
    std::int32_t a, w0, w1;
};

struct Sweep {
    Harness<Vqmac_mul2> h{20261202};
    Expected ring[kRing] = {};
    std::uint64_t n = 0, mismatches = 0, idle = 0, lcg = 0x9e3779b97f4a7c15ull;

    // The outputs after the edge that sampled triple n belong to triple n - (kLatency - 1).
    void check_output(std::uint64_t k) {
        const Expected& e = ring[k % kRing];
        const std::int64_t p0 = sign_extend(h.m->prod0_o, kProdBits);
        const std::int64_t p1 = sign_extend(h.m->prod1_o, kProdBits);
        if (p0 != std::int64_t{e.a} * e.w0 || p1 != std::int64_t{e.a} * e.w1) {
            if (++mismatches <= 5) {
                std::printf("mismatch: a=%d w0=%d w1=%d: prod0 %lld (want %d), prod1 %lld (want %d)\n", e.a, e.w0,
                            e.w1, static_cast<long long>(p0), e.a * e.w0, static_cast<long long>(p1), e.a * e.w1);
            }
        }
    }

    void push(std::int32_t a, std::int32_t w0, std::int32_t w1) {
        lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
        if ((lcg >> 60) == 0) {  // an idle cycle: random inputs that must not enter the pipeline
            h.m->en_i = 0;
            h.m->act_i = static_cast<std::uint16_t>((lcg >> 20) & kOpMask);
            h.m->wgt0_i = static_cast<std::uint16_t>((lcg >> 30) & kOpMask);
            h.m->wgt1_i = static_cast<std::uint16_t>((lcg >> 40) & kOpMask);
            h.step();
            ++idle;
        }
        h.m->en_i = 1;
        h.m->act_i = static_cast<std::uint16_t>(static_cast<std::uint32_t>(a) & kOpMask);
        h.m->wgt0_i = static_cast<std::uint16_t>(static_cast<std::uint32_t>(w0) & kOpMask);
        h.m->wgt1_i = static_cast<std::uint16_t>(static_cast<std::uint32_t>(w1) & kOpMask);
        h.step();
        ring[n % kRing] = {a, w0, w1};
        if (n + 1 >= kLatency) check_output(n + 1 - kLatency);
        ++n;
    }

    void flush() {
        h.m->en_i = 1;
        for (std::uint64_t k = n + 1 - kLatency; k < n; ++k) {
            h.step();
            check_output(k);
        }
    }
};

}  // namespace

int main() {
    const auto t0 = std::chrono::steady_clock::now();
    Sweep s;
    for (int act_signed = 1; act_signed >= 0; --act_signed) {
        for (int code = 0; code < 256; ++code) {
            const std::int32_t a = act_signed ? static_cast<std::int8_t>(code) : code;  // int8 / uint8 extended
            for (std::int32_t w0 = -kWeightMax; w0 <= kWeightMax; ++w0) {
                for (std::int32_t w1 = -kWeightMax; w1 <= kWeightMax; ++w1) s.push(a, w0, w1);
            }
        }
    }
    s.flush();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::uint64_t want = 2ull * 256 * (2 * kWeightMax + 1) * (2 * kWeightMax + 1);
    std::printf("qmac_mul2: %llu triples (%llu idle cycles), %llu mismatches, %.1f s\n",
                static_cast<unsigned long long>(s.n), static_cast<unsigned long long>(s.idle),
                static_cast<unsigned long long>(s.mismatches), secs);
    if (s.n != want) {
        std::printf("FAIL: %llu triples checked, want %llu\n", static_cast<unsigned long long>(s.n),
                    static_cast<unsigned long long>(want));
        return 1;
    }
    if (s.mismatches != 0) {
        std::printf("FAIL\n");
        return 1;
    }
    std::printf("PASS\n");
    return 0;
}
