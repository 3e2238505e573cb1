// qmac_requant against golden::requantize_fixed: every legal shift with edge multipliers and accumulators,
// ties, saturation, INT32_MIN, and >= 10^6 random (acc, multiplier, shift, output stage) per rounding mode.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <random>
#include <vector>

#include "Vqmac_requant.h"
#include "Vqmac_requant_dsp.h"
#include "Vqmac_requant_qmac_pkg.h"
#include "rtl_harness.hpp"

namespace {

using qmac::rtl_test::Harness;
using qmac::tb::OutParams;
using Pkg = Vqmac_requant_qmac_pkg;

struct Vector {
    std::int32_t acc;
    OutParams p;
};

struct Result {
    std::uint64_t checked = 0;
    std::uint64_t mismatches = 0;
    std::uint64_t inside = 0;  // outputs strictly between the clamp bounds (the test is not all-clamp)
};

// Streams the vectors one per enabled cycle (with random enable gaps) and compares each output.
// Model: Vqmac_requant (DspCascade = 0, iCE40 and the default build) or Vqmac_requant_dsp (DspCascade = 1,
// what scripts/synth builds for xc7/xcup); both have the same latency.
template <class Model>
Result run(const std::vector<Vector>& vs, std::uint64_t seed) {
    Harness<Model> h(seed);
    constexpr int latency = Pkg::RequantLatency;
    std::deque<std::pair<std::int32_t, const Vector*>> pipe;
    Result r;
    std::mt19937_64 rng(seed);
    auto check_front = [&]() {
        const auto [want, v] = pipe.front();
        const auto got = static_cast<std::int32_t>(qmac::rtl_test::sign_extend(h.m->y_o, Pkg::OutParamBits));
        if (got != want && ++r.mismatches <= 8) {
            UNSCOPED_INFO("acc=" << v->acc << " M=" << v->p.multiplier << " shift=" << v->p.shift
                                 << " rounding=" << v->p.rounding << " zp=" << v->p.zero_point << " ["
                                 << v->p.min << "," << v->p.max << "]: golden " << want << ", rtl " << got);
        }
        if (want > v->p.min && want < v->p.max) ++r.inside;
        ++r.checked;
        pipe.pop_front();
    };
    for (const Vector& v : vs) {
        if ((rng() & 15) == 0) {  // an idle cycle: the pipeline must hold
            h.m->en_i = 0;
            h.m->acc_i = static_cast<std::uint32_t>(rng());
            h.step();
        }
        h.m->en_i = 1;
        h.m->acc_i = static_cast<std::uint32_t>(v.acc);
        qmac::tb::drive_requant_params(*h.m, v.p);
        h.step();
        pipe.emplace_back(qmac::tb::golden_output(v.acc, v.p), &v);
        if (pipe.size() == static_cast<std::size_t>(latency)) check_front();
    }
    h.m->en_i = 1;
    while (!pipe.empty()) {
        h.step();  // the oldest vector has now seen `latency` enabled edges
        check_front();
    }
    return r;
}

const std::int32_t kEdgeMultipliers[] = {0, 1, 2, 3, 1 << 30, (1 << 30) + 1, 0x7fffffff, 0x7ffffffe, 0x5a5a5a5a};

std::vector<std::int32_t> edge_accumulators() {
    std::vector<std::int32_t> a = {0, 1, -1, 2, -2, 3, -3, INT32_MIN, INT32_MIN + 1, INT32_MAX, INT32_MAX - 1};
    for (int k = 1; k < 31; ++k) {
        const std::int32_t p = std::int32_t{1} << k;
        for (std::int32_t v : {p, p - 1, p + 1, -p, -p + 1, -p - 1}) a.push_back(v);
    }
    return a;
}

OutParams stage(std::int32_t zp, std::int32_t lo, std::int32_t hi) {
    OutParams p;
    p.zero_point = zp;
    p.min = lo;
    p.max = hi;
    return p;
}

}  // namespace

TEMPLATE_TEST_CASE("qmac_requant: every legal shift x edge multipliers x edge accumulators x all rounding codes", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    std::vector<Vector> vs;
    const auto accs = edge_accumulators();
    const OutParams stages[] = {stage(0, -128, 127), stage(-128, 0, 255), stage(255, -128, 127), stage(3, -5, 9)};
    for (int shift = static_cast<int>(Pkg::ShiftMin); shift <= static_cast<int>(Pkg::ShiftMax); ++shift) {
        for (std::int32_t m : kEdgeMultipliers) {
            for (unsigned rounding = 0; rounding < qmac::hw::kRoundingCodes; ++rounding) {
                if (shift > qmac::hw::shift_max(rounding)) continue;  // 31: double rounding only
                for (std::size_t i = 0; i < accs.size(); ++i) {
                    OutParams p = stages[(i + static_cast<std::size_t>(shift) + rounding) % 4];
                    p.multiplier = m;
                    p.shift = shift;
                    p.rounding = rounding;
                    vs.push_back({accs[i], p});
                }
            }
        }
    }
    const Result r = run<TestType>(vs, 11);
    CHECK(r.checked == vs.size());
    CHECK(r.mismatches == 0);
}

TEMPLATE_TEST_CASE("qmac_requant: ties round as the golden model in every mode", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    // M = 2^30: single/truncate see acc * 2^(shift-1), a tie whenever acc is an odd multiple of 2^(-shift);
    // double sees SRDHM(acc, 2^30) = acc / 2 for even acc, then RoundingDivideByPOT by -shift: a tie when
    // acc is an odd multiple of 2^(-shift).
    std::vector<Vector> vs;
    for (int r = 0; r <= 20; ++r) {
        for (std::int64_t k = -40; k <= 40; ++k) {
            const std::int64_t odd = 2 * k + 1;
            for (std::int64_t acc : {odd << r, odd << (r + 1)}) {
                if (acc < INT32_MIN || acc > INT32_MAX) continue;
                for (unsigned rounding = 0; rounding < qmac::hw::kRoundingCodes; ++rounding) {
                    OutParams p = stage(0, -128, 127);
                    p.multiplier = 1 << 30;
                    p.shift = -r;
                    p.rounding = rounding;
                    vs.push_back({static_cast<std::int32_t>(acc), p});
                    p.zero_point = 100;
                    p.min = 0;
                    p.max = 255;
                    vs.push_back({static_cast<std::int32_t>(acc), p});
                }
            }
        }
    }
    const Result r = run<TestType>(vs, 12);
    CHECK(r.checked == vs.size());
    CHECK(r.mismatches == 0);
    CHECK(r.inside > vs.size() / 2);
}

TEMPLATE_TEST_CASE("qmac_requant: SRDHM saturation - negative multipliers and shift 31 in the double mode", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    // Negative multipliers are outside the contract (multiplier >= 0) but inside golden::requantize_tflite's domain:
    // the RTL computes them too. INT32_MIN x INT32_MIN is SaturatingRoundingDoublingHighMul's one overflow.
    std::vector<Vector> vs;
    const auto accs = edge_accumulators();
    const std::int32_t ms[] = {INT32_MIN, INT32_MIN + 1, -1, -(1 << 30), -0x5a5a5a5a};
    for (int shift = qmac::hw::kShiftMin; shift <= qmac::hw::shift_max(qmac::hw::kRoundDouble); ++shift) {
        for (std::int32_t m : ms) {
            for (std::int32_t acc : accs) {
                OutParams p = stage(0, -128, 127);
                p.multiplier = m;
                p.shift = shift;
                p.rounding = 0;
                vs.push_back({acc, p});
            }
        }
    }
    for (int shift = qmac::hw::kShiftMin; shift <= -23; ++shift) {  // the overflow, right-shifted into the output range
        OutParams p = stage(0, -128, 127);
        p.multiplier = INT32_MIN;
        p.shift = shift;
        p.rounding = 0;
        vs.push_back({INT32_MIN, p});
    }
    const Result r = run<TestType>(vs, 13);
    CHECK(r.checked == vs.size());
    CHECK(r.mismatches == 0);
}

namespace {

// acc with a random magnitude width, so that small and large accumulators are equally common.
std::int32_t random_acc(std::mt19937_64& rng) {
    const int bits = static_cast<int>(rng() % 33);
    if (bits == 0) return 0;
    std::uint64_t v = rng() & ((bits >= 32) ? 0xffffffffull : ((1ull << bits) - 1));
    if (bits == 32) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return (rng() & 1) ? -static_cast<std::int32_t>(v) : static_cast<std::int32_t>(v);
}

template <class Model>
void random_sweep(unsigned rounding, std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<Vector> vs;
    vs.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        Vector v;
        v.acc = random_acc(rng);
        int acc_bits = 1;
        while (acc_bits < 32 && (std::int64_t{1} << acc_bits) <= std::abs(std::int64_t{v.acc})) ++acc_bits;
        v.p = qmac::hls_tb::random_params(rng, (rng() & 1) != 0, acc_bits);
        v.p.rounding = rounding;
        v.p.shift = std::min(v.p.shift, qmac::hw::shift_max(rounding));  // 31 is legal in double rounding only
        vs.push_back(v);
    }
    const Result r = run<Model>(vs, seed);
    CHECK(r.checked == n);
    CHECK(r.mismatches == 0);
    CHECK(r.inside > n / 4);  // most vectors exercise the rounding, not only the clamp
}

}  // namespace

TEMPLATE_TEST_CASE("qmac_requant: 10^6 random vectors - double rounding (code 0)", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    random_sweep<TestType>(0, 1000000, 100);
}
TEMPLATE_TEST_CASE("qmac_requant: 10^6 random vectors - single rounding (code 1)", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    random_sweep<TestType>(1, 1000000, 101);
}
TEMPLATE_TEST_CASE("qmac_requant: 10^6 random vectors - truncate toward zero (code 2)", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    random_sweep<TestType>(2, 1000000, 102);
}
TEMPLATE_TEST_CASE("qmac_requant: 10^6 random vectors - single rounding with ties to even (code 3)", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    random_sweep<TestType>(3, 1000000, 103);
}
TEMPLATE_TEST_CASE("qmac_requant: 2x10^7 random vectors per mode", "[.long][rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    for (unsigned r = 0; r < qmac::hw::kRoundingCodes; ++r) random_sweep<TestType>(r, 20000000, 200 + r);
}
