// qmac_requant against golden::requantize_fixed: every legal shift with edge multipliers and accumulators,
// ties, saturation, INT32_MIN, and >= 10^6 random (acc, multiplier, shift, output stage) per rounding mode;
// fp32 (the host's IEEE float32 arithmetic): every accumulator in [-2^24, 2^24] for a set of multipliers, and
// corners and exact ties of each of its three roundings (f32(acc), the product, the integer), counted.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <vector>

#include "Vqmac_requant.h"
#include "Vqmac_requant_dsp.h"
#include "Vqmac_requant_gated.h"
#include "Vqmac_requant_qmac_pkg.h"
#include "qmac/hls/requantize_fp32.hpp"
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

// Streams vectors one per enabled cycle (with random enable gaps) and compares each output; next(v) gives
// the next vector, false at the end (so that sweeps of 10^7 and more need no memory).
// Model: Vqmac_requant (DspCascade = 0, iCE40 and the default build) or Vqmac_requant_dsp (DspCascade = 1,
// what scripts/synth builds for xc7/xcup); both have the same latency. Bubbles: runs of 1 to 40 enabled
// cycles with valid_i low and random operands between the vectors (unchecked), for Vqmac_requant_gated
// (GateIdle = 1, qmac_mvu's: a stage module loads only while it holds a marked accumulator).
template <class Model, class Next>
Result run_stream(Next&& next, std::uint64_t seed, bool bubbles = false) {
    Harness<Model> h(seed);
    constexpr int latency = Pkg::RequantLatency;
    std::deque<std::optional<std::pair<std::int32_t, Vector>>> pipe;
    Result r;
    std::mt19937_64 rng(seed);
    auto check_front = [&]() {
        if (!pipe.front()) {  // a bubble: nothing to check
            pipe.pop_front();
            return;
        }
        const auto& [want, v] = *pipe.front();
        const auto got = static_cast<std::int32_t>(qmac::rtl_test::sign_extend(h.m->y_o, Pkg::OutParamBits));
        if (got != want && ++r.mismatches <= 8) {
            UNSCOPED_INFO("acc=" << v.acc << " M=" << v.p.multiplier << " shift=" << v.p.shift
                                 << " rounding=" << v.p.rounding << " wrap_offset=" << v.p.wrap_offset << " zp=" << v.p.zero_point << " ["
                                 << v.p.min << "," << v.p.max << "]: golden " << want << ", rtl " << got);
        }
        if (want > v.p.min && want < v.p.max) ++r.inside;
        ++r.checked;
        pipe.pop_front();
    };
    Vector v;
    while (next(v)) {
        if ((rng() & 15) == 0) {  // an idle cycle: the pipeline must hold
            h.m->en_i = 0;
            h.m->acc_i = static_cast<std::uint32_t>(rng());
            h.step();
        }
        if (bubbles && (rng() & 3) == 0) {  // enabled cycles without an accumulator
            for (int b = 1 + static_cast<int>(rng() % 40); b > 0; --b) {
                h.m->en_i = 1;
                h.m->valid_i = 0;
                h.m->acc_i = static_cast<std::uint32_t>(rng());
                h.m->multiplier_i = static_cast<std::uint32_t>(rng());
                h.m->rounding_i = static_cast<std::uint32_t>(rng() % (1u << Pkg::RoundingBits));  // any code
                h.m->wrap_offset_i = static_cast<std::uint32_t>(rng() % (1u << Pkg::WrapOffsetBits));
                h.step();
                pipe.emplace_back(std::nullopt);
                if (pipe.size() == static_cast<std::size_t>(latency)) check_front();
            }
        }
        h.m->en_i = 1;
        h.m->valid_i = 1;
        h.m->acc_i = static_cast<std::uint32_t>(v.acc);
        qmac::tb::drive_requant_params(*h.m, v.p);
        h.step();
        pipe.emplace_back(std::in_place, qmac::tb::golden_output(v.acc, v.p), v);
        if (pipe.size() == static_cast<std::size_t>(latency)) check_front();
    }
    // Drain: keep stepping (the inputs unchanged, their outputs unchecked) until every vector has seen
    // `latency` enabled edges, also when there were fewer vectors than the latency.
    h.m->en_i = 1;
    const auto pending = [&]() {
        return std::any_of(pipe.begin(), pipe.end(), [](const auto& e) { return e.has_value(); });
    };
    while (pending()) {
        h.step();
        pipe.emplace_back(std::nullopt);
        if (pipe.size() == static_cast<std::size_t>(latency)) check_front();
    }
    return r;
}

template <class Model>
Result run(const std::vector<Vector>& vs, std::uint64_t seed) {
    std::size_t i = 0;
    return run_stream<Model>([&](Vector& v) { return i < vs.size() ? (v = vs[i++], true) : false; }, seed);
}

// The contract's legal (shift, multiplier) of a rounding code (golden refuses fp32 outside them).
bool legal(unsigned rounding, int shift, std::int32_t m) {
    return shift >= qmac::hw::shift_min(rounding) && shift <= qmac::hw::shift_max(rounding) && m >= 0 &&
           m <= qmac::hw::multiplier_max(rounding);
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
                if (!legal(rounding, shift, m)) continue;  // 31: double rounding only; fp32: shift 0
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
            for (std::int64_t acc : {odd * (std::int64_t{1} << r), odd * (std::int64_t{1} << (r + 1))}) {  // odd may be < 0
                if (acc < INT32_MIN || acc > INT32_MAX) continue;
                for (unsigned rounding = 0; rounding < qmac::hw::kRoundingCodes; ++rounding) {
                    if (qmac::hw::float32_multiplier(rounding)) continue;  // shift 0 only: their own tests below
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
void random_sweep(unsigned rounding, std::size_t n, std::uint64_t seed, bool bubbles = false) {
    std::mt19937_64 rng(seed);
    std::size_t made = 0;
    const Result r = run_stream<Model>([&](Vector& v) {
        if (made++ == n) return false;
        if (rounding == qmac::hw::kRoundSingleAway && (rng() & 7) == 0) {  // the x86 wrap's edge
            v.acc = qmac::hls_tb::x86_wrap_edge(rng, (rng() & 1) != 0, v.p);
            return true;
        }
        if (rounding == qmac::hw::kRoundFp32Wrap && (rng() & 7) == 0) {  // where the zero point wraps
            v.acc = qmac::hls_tb::fp32_wrap_edge(rng, (rng() & 1) != 0, v.p);
            return true;
        }
        v.acc = random_acc(rng);
        int acc_bits = 1;
        while (acc_bits < 32 && (std::int64_t{1} << acc_bits) <= std::abs(std::int64_t{v.acc})) ++acc_bits;
        // The real multiplier drawn in fixed form, then in the rounding's form (fp32: its float32 bits).
        v.p = qmac::hls_tb::random_fixed_params(rng, (rng() & 1) != 0, acc_bits);
        v.p.rounding = rounding;
        qmac::hls_tb::to_contract_form(v.p);
        if (qmac::hw::float32_multiplier(rounding) && (rng() & 7) == 0) {  // any exponent class
            v.p.multiplier = static_cast<std::int32_t>(rng() % (static_cast<std::uint64_t>(qmac::hw::multiplier_max(rounding)) + 1));
        }
        return true;
    }, seed, bubbles);
    CHECK(r.checked == n);
    CHECK(r.mismatches == 0);
    CHECK(r.inside > n / 4);  // most vectors exercise the rounding, not only the clamp
}

}  // namespace

TEMPLATE_TEST_CASE("qmac_requant: single_away's x86 int32 cast and wrapping zero point at the wrap's edge", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    // Accumulators within 3 of where |quotient| + k + d reaches 2^31 (hls_tb::x86_wrap_edge: 3 in 8 of them
    // with a wrap offset d > 0), every zero point sign, multipliers >= 1/2 with shifts 0..30: the far clamp
    // bound must come out exactly from there on.
    std::mt19937_64 rng(15);
    std::vector<Vector> vs;
    std::size_t far = 0;
    for (int i = 0; i < 200000; ++i) {
        Vector v;
        v.acc = qmac::hls_tb::x86_wrap_edge(rng, (i & 1) != 0, v.p);
        const qmac::golden::OutputStage o = qmac::golden::make_output_stage(v.p.zero_point, v.p.min, v.p.max);
        const std::int32_t saturating = qmac::golden::apply_output_stage(
            qmac::golden::multiply_by_quantized_multiplier_single_away(v.acc, v.p.multiplier, v.p.shift), o);
        far += qmac::tb::golden_output(v.acc, v.p) != saturating;
        vs.push_back(v);
    }
    const Result r = run<TestType>(vs, 16);
    CHECK(r.checked == vs.size());
    CHECK(r.mismatches == 0);
    CHECK(far > vs.size() / 5);  // the far bound is exercised, and so is its edge
    CHECK(far < vs.size() - vs.size() / 5);
}

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
TEMPLATE_TEST_CASE("qmac_requant: 10^6 random vectors - double rounding with ties up, ruy (code 4)", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    random_sweep<TestType>(4, 1000000, 104);
}
TEMPLATE_TEST_CASE("qmac_requant: 10^6 random vectors - single rounding with ties away from zero (code 5)", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    random_sweep<TestType>(5, 1000000, 105);
}
TEMPLATE_TEST_CASE("qmac_requant: 10^6 random vectors - float32 (code 6)", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    random_sweep<TestType>(6, 1000000, 106);
}
TEMPLATE_TEST_CASE("qmac_requant: 10^6 random vectors - float32 as XNNPACK's VNNI kernels (code 7)", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    random_sweep<TestType>(7, 1000000, 107);
}
TEMPLATE_TEST_CASE("qmac_requant: fp32_wrap's INT32_MIN plus a negative zero point wraps to 127, even above max", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    // Accumulators within 2^12 of where f32(f32(acc) * m) reaches -2^31 (hls_tb::fp32_wrap_edge), both output
    // signednesses: on the far side and a negative zero point the output is 127, not the clamp's bound.
    std::mt19937_64 rng(17);
    std::vector<Vector> vs;
    std::size_t wrapped = 0, above_max = 0;
    for (int i = 0; i < 200000; ++i) {
        Vector v;
        v.acc = qmac::hls_tb::fp32_wrap_edge(rng, (i & 1) != 0, v.p);
        const qmac::golden::OutputStage o = qmac::golden::make_output_stage(v.p.zero_point, v.p.min, v.p.max);
        const std::int32_t y = qmac::tb::golden_output(v.acc, v.p);
        wrapped += y != qmac::golden::requantize_fp32(v.acc, qmac::golden::float32_from_bits(v.p.multiplier), o);
        above_max += y > v.p.max;
        vs.push_back(v);
    }
    const Result r = run<TestType>(vs, 18);
    CHECK(r.checked == vs.size());
    CHECK(r.mismatches == 0);
    CHECK(wrapped > vs.size() / 10);  // the wrap is exercised on both sides of its edge
    CHECK(wrapped < vs.size() / 2);
    CHECK(above_max > vs.size() / 100);
}
TEMPLATE_TEST_CASE("qmac_requant: the wrap offset moves single_away's wrap only, not fp32_wrap's", "[rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    // fp32_wrap shares single_away's wrap test but must ignore d (qmac_requant gates it): at m = 1, zp = -128
    // the accumulator -2^31 + 128 gives INT32_MIN after the zero point, no wrap, -128 for every d; ungated,
    // d >= 1 would give 127. single_away at real 1 on the same accumulator wraps once d >= 1.
    std::vector<Vector> vs;
    for (unsigned d = 0; d <= static_cast<unsigned>(qmac::hw::kWrapOffsetMax); ++d) {
        for (std::int32_t acc : {INT32_MIN + 128, INT32_MIN + 256, INT32_MIN}) {
            Vector v{acc, stage(-128, -128, 127)};
            v.p.rounding = qmac::hw::kRoundFp32Wrap;
            v.p.multiplier = qmac::golden::float32_bits(1.0f);
            v.p.wrap_offset = d;
            vs.push_back(v);
            v.p.rounding = qmac::hw::kRoundSingleAway;
            v.p.multiplier = 1 << 30;
            v.p.shift = 1;
            vs.push_back(v);
        }
    }
    for (const Vector& v : vs) {  // golden's own answers, concretely
        INFO("acc " << v.acc << " rounding " << v.p.rounding << " d " << v.p.wrap_offset);
        const bool wraps = v.acc == INT32_MIN || (v.p.rounding == qmac::hw::kRoundSingleAway && v.acc == INT32_MIN + 128 &&
                                                  v.p.wrap_offset >= 1);
        CHECK(qmac::tb::golden_output(v.acc, v.p) == (wraps ? 127 : -128));
    }
    const Result r = run<TestType>(vs, 19);
    CHECK(r.mismatches == 0);
    CHECK(r.checked == vs.size());
}
TEST_CASE("qmac_requant GateIdle: bubbles of 1-40 unmarked cycles leave every marked result as golden's", "[rtl][requant]") {
    // qmac_mvu's requantizer (GateIdle = 1): its stage modules stop while they hold no marked accumulator;
    // every rounding code, 2 x 10^5 random vectors each, a quarter of them behind a run of bubbles long enough
    // to empty one stage module or several.
    for (unsigned rounding = 0; rounding < qmac::hw::kRoundingCodes; ++rounding) {
        INFO("rounding code " << rounding);
        random_sweep<Vqmac_requant_gated>(rounding, 200000, 300 + rounding, true);
    }
}

TEMPLATE_TEST_CASE("qmac_requant: 2x10^7 random vectors per mode", "[.long][rtl][requant]", Vqmac_requant, Vqmac_requant_dsp) {
    for (unsigned r = 0; r < qmac::hw::kRoundingCodes; ++r) random_sweep<TestType>(r, 20000000, 200 + r);
}
TEMPLATE_TEST_CASE("qmac_requant: 10^8 random vectors - float32 (code 6)", "[.long][rtl][requant][fp32]", Vqmac_requant, Vqmac_requant_dsp) {
    random_sweep<TestType>(qmac::hw::kRoundFp32, 100000000, 206);
}

// ---- fp32 ---------------------------------------------------------------------------------------------------
namespace {

constexpr unsigned kFp32 = qmac::hw::kRoundFp32;

// The float32 bits of significand * 2^exponent (a normal float32; significand in [2^23, 2^24)).
std::int32_t f32_bits(std::uint32_t significand, int exponent) {
    const int biased = exponent + 150;
    return static_cast<std::int32_t>((static_cast<std::uint32_t>(biased) << 23) | (significand & 0x7FFFFFu));
}

// Which of the three roundings of rint_even(f32(f32(acc) * m)) see an exact tie (the HLS kernel's integer
// algorithm, qmac/hls/requantize_fp32.hpp, step by step), for the coverage counts of the tests below.
struct Fp32Ties {
    bool acc = false, product = false, integer = false;
};
bool exact_half(std::uint64_t x, int s) {  // x / 2^s has fraction exactly 1/2
    return s >= 1 && s < 64 && (x & ((std::uint64_t{1} << s) - 1)) == (std::uint64_t{1} << (s - 1));
}
Fp32Ties fp32_ties(std::int32_t acc, std::int32_t bits) {
    namespace h = qmac::hls;
    Fp32Ties t;
    const std::uint64_t mag = acc < 0 ? static_cast<std::uint64_t>(-static_cast<std::int64_t>(acc)) : static_cast<std::uint64_t>(acc);
    if (mag == 0) return t;
    const int top = h::leading_one_64(mag);
    t.acc = top > 23 && exact_half(mag, top - 23);
    const h::f32_value a = h::round_to_float32(mag, 0);
    const h::f32_value m = h::float32_of_bits(bits);
    const std::uint64_t prod = std::uint64_t{a.significand} * m.significand;
    if (prod == 0) return t;
    const int ptop = h::leading_one_64(prod);
    t.product = ptop > 23 && exact_half(prod, ptop - 23);
    const h::f32_value p = h::round_to_float32(prod, a.exponent + m.exponent);
    t.integer = p.exponent < 0 && p.exponent > -40 && p.exponent + 25 < 31 && exact_half(p.significand, -p.exponent);
    return t;
}

// The fp32 requantizer with another tie rule at one of its three roundings (the HLS kernel's integer algorithm
// otherwise): a vector is decisive for a rounding step when a changed tie rule there changes the output, so
// that a mutation of that rule in the RTL must show.
enum class Tie { Even, Up, Down };
std::uint64_t shift_right_tie(std::uint64_t x, int s, Tie tie) {
    if (s <= 0) return x;
    if (s >= 64) return 0;
    const std::uint64_t q = x >> s, rem = x & ((std::uint64_t{1} << s) - 1), half = std::uint64_t{1} << (s - 1);
    const bool up = rem > half || (rem == half && (tie == Tie::Up || (tie == Tie::Even && (q & 1) != 0)));
    return q + (up ? 1 : 0);
}
std::int32_t fp32_with_ties(std::int32_t acc, std::int32_t bits, const OutParams& o, Tie t1, Tie t2, Tie t3) {
    namespace h = qmac::hls;
    const bool negative = acc < 0;
    const std::uint64_t mag = negative ? static_cast<std::uint64_t>(-static_cast<std::int64_t>(acc)) : static_cast<std::uint64_t>(acc);
    std::int64_t y = 0;
    if (mag != 0) {
        int top = h::leading_one_64(mag), s = top > 23 ? top - 23 : 0;
        const std::uint64_t a = shift_right_tie(mag, s, t1);
        const h::f32_value m = h::float32_of_bits(bits);
        const std::uint64_t prod = a * m.significand;
        if (prod != 0) {
            top = h::leading_one_64(prod);
            const int s2 = top > 23 ? top - 23 : 0;
            const std::uint64_t p = shift_right_tie(prod, s2, t2);
            const int e = s + m.exponent + s2;  // value = p * 2^e, p <= 2^24
            y = e >= 7 ? INT64_MAX : e >= 0 ? static_cast<std::int64_t>(p << e) : static_cast<std::int64_t>(shift_right_tie(p, -e, t3));
        }
    }
    if (negative) y = -y;
    const std::int64_t v = std::max<std::int64_t>(std::min<std::int64_t>(y, INT32_MAX), INT32_MIN) + o.zero_point;
    return static_cast<std::int32_t>(std::max<std::int64_t>(std::min<std::int64_t>(v, o.max), o.min));
}

// The float32 bits of odd * 2^exponent (odd < 2^24).
std::int32_t f32_of_odd(std::uint32_t odd, int exponent) {
    int len = 0;
    while (len < 24 && (odd >> len) != 0) ++len;
    return f32_bits(odd << (24 - len), exponent - (24 - len));
}

OutParams fp32_params(std::int32_t bits, std::int32_t zp, std::int32_t lo, std::int32_t hi) {
    OutParams p = stage(zp, lo, hi);
    p.rounding = kFp32;
    p.shift = 0;
    p.multiplier = bits;
    return p;
}

}  // namespace

namespace {

// Every accumulator in [-2^24, 2^24] (2^25 + 1 vectors) with each multiplier, alternately an int8 and a uint8
// output stage.
template <class Model>
void fp32_every_accumulator(const std::vector<std::int32_t>& ms, std::uint64_t seed) {
    for (std::size_t k = 0; k < ms.size(); ++k) {
        const OutParams p = k % 2 == 0 ? fp32_params(ms[k], 0, -128, 127) : fp32_params(ms[k], 128, 0, 255);
        std::int64_t acc = -(std::int64_t{1} << 24);
        const Result r = run_stream<Model>([&](Vector& v) {
            if (acc > (std::int64_t{1} << 24)) return false;
            v = {static_cast<std::int32_t>(acc++), p};
            return true;
        }, seed + k);
        INFO("multiplier " << std::hex << ms[k]);
        CHECK(r.checked == (std::uint64_t{1} << 25) + 1);
        CHECK(r.mismatches == 0);
        CHECK(r.inside > (std::uint64_t{1} << 20));
    }
}

}  // namespace

// 2^-17 (outputs over the whole int8 range, an integer tie at every odd multiple of 2^16), 1.5 * 2^-18 (product
// ties), a significand of all ones * 2^-41 (no exact product); [.long] adds 0.00001 (0x3727C5AC) and 1.3 * 2^-16.
TEMPLATE_TEST_CASE("qmac_requant fp32: every accumulator in [-2^24, 2^24] for a set of multipliers", "[rtl][requant][fp32]", Vqmac_requant, Vqmac_requant_dsp) {
    fp32_every_accumulator<TestType>({f32_bits(1u << 23, -40), f32_bits(3u << 22, -41), f32_bits(0xFFFFFFu, -41)}, 300);
}
TEMPLATE_TEST_CASE("qmac_requant fp32: every accumulator in [-2^24, 2^24], more multipliers", "[.long][rtl][requant][fp32]", Vqmac_requant, Vqmac_requant_dsp) {
    fp32_every_accumulator<TestType>({0x3727C5AC, f32_bits(0xA66666u, -39)}, 310);
}

TEMPLATE_TEST_CASE("qmac_requant fp32: corners and exact ties of each rounding step", "[rtl][requant][fp32]", Vqmac_requant, Vqmac_requant_dsp) {
    std::vector<Vector> vs;
    // Corner multipliers: 0, subnormals, the smallest normal, tiny, 1, huge, the largest finite float32.
    const std::int32_t corners[] = {0, 1, 2, 0x007FFFFF, 0x00800000, 0x00800001, 0x30000000, 0x3EFFFFFF, 0x3F000000,
                                    0x3F800000, 0x3F800001, 0x4B000000, 0x4F000000, 0x7F000000, 0x7F7FFFFF};
    const auto accs = edge_accumulators();
    for (std::int32_t m : corners) {
        for (std::size_t i = 0; i < accs.size(); ++i) {
            vs.push_back({accs[i], i % 2 ? fp32_params(m, 0, -128, 127) : fp32_params(m, -128, 0, 255)});
        }
    }
    // Random draws aimed at exact ties: accumulators of every width (f32(acc) ties: odd multiples of 2^(e-25)
    // in [2^(e-1), 2^e), e = 25..31, and the carry to 2^e), multipliers with short significands (1, 1.5, 1.25,
    // 1.75, 1 + 2^-23, all ones: product ties) times 2^k aimed at outputs up to ~2^9, odd * 2^j times 2^-(j+1)
    // (integer ties), plus any significand and any exponent.
    std::mt19937_64 rng(77);
    const std::uint32_t sigs[] = {1u << 23, 3u << 22, 5u << 21, 7u << 21, (1u << 23) + 1, 0xFFFFFFu, 0xC00001u, 0x900000u};
    std::uint64_t ties_acc = 0, ties_product = 0, ties_integer = 0, ties_all = 0;
    for (int n = 0; n < 2000000; ++n) {
        std::int32_t acc, tie_m = -1;
        const int kind = static_cast<int>(rng() % 4);
        if (kind == 0) {  // an f32(acc) tie or the carry out of 24 bits
            const int e = 25 + static_cast<int>(rng() % 7);
            const std::int64_t half = std::int64_t{1} << (e - 25);
            std::int64_t v = (rng() & 7) == 0 ? (std::int64_t{1} << e) - half
                                              : (std::int64_t{1} << (e - 1)) + (2 * static_cast<std::int64_t>(rng() % (1u << 23)) + 1) * half;
            if (v > INT32_MAX) v = INT32_MAX;
            acc = static_cast<std::int32_t>((rng() & 1) ? -v : v);
        } else if (kind == 1 && (rng() & 1)) {  // an integer tie: odd * 2^j times m = 2^-(j+1)
            const int j = static_cast<int>(rng() % 21);
            acc = static_cast<std::int32_t>((2 * (static_cast<std::int64_t>(rng() % 601) - 300) + 1) * (std::int64_t{1} << j));
            tie_m = f32_bits(1u << 23, -j - 24);
        } else {
            acc = random_acc(rng);
        }
        std::int32_t m;
        if (tie_m >= 0) {
            m = tie_m;
        } else if ((rng() & 7) == 0) {
            m = static_cast<std::int32_t>(rng() % 0x7F800000u);  // anything finite
        } else {
            const std::uint32_t sig = (rng() & 3) == 0 ? static_cast<std::uint32_t>((1u << 23) | (rng() & 0x7FFFFFu))
                                                       : sigs[rng() % (sizeof(sigs) / sizeof(sigs[0]))];
            int top = 0;
            while (top < 31 && (std::int64_t{1} << (top + 1)) <= std::abs(std::int64_t{acc})) ++top;
            // value ~ 2^(top + k + 23 - 23): aim at 2^-2 .. 2^10
            const int k = -top - 23 + static_cast<int>(rng() % 13) - 2;
            m = f32_bits(sig, std::max(k, -149 + 23) );
        }
        const bool out_signed = (rng() & 1) != 0;
        OutParams p = out_signed ? fp32_params(m, 0, -128, 127) : fp32_params(m, 0, 0, 255);
        if ((rng() & 3) == 0) qmac::hls_tb::random_output_stage(rng, out_signed, p);
        const Fp32Ties t = fp32_ties(acc, m);
        ties_acc += t.acc;
        ties_product += t.product;
        ties_integer += t.integer;
        ties_all += t.acc && t.product && t.integer;
        vs.push_back({acc, p});
    }
    const Result r = run<TestType>(vs, 78);
    WARN("coverage: exact ties of f32(acc) " << ties_acc << ", of the product " << ties_product << ", of the integer "
                                            << ties_integer << ", of all three " << ties_all << " in " << vs.size() << " vectors");
    CHECK(r.checked == vs.size());
    CHECK(r.mismatches == 0);
    CHECK(r.inside > vs.size() / 4);
    CHECK(ties_acc > 100000);
    CHECK(ties_product > 50000);
    CHECK(ties_integer > 50000);
}

TEMPLATE_TEST_CASE("qmac_requant fp32: ties that decide the output, at each rounding step", "[rtl][requant][fp32]", Vqmac_requant, Vqmac_requant_dsp) {
    // Most exact ties do not change the output (a tie of f32(acc) moves the product by 2^-24 of itself); these
    // families make ties whose rule decides it, kept only when another rule at that step gives another output:
    //   f32(acc): acc = +-(K 2^(e-24) + 2^(e-25)), K = c 2^k or c 2^k - 1 (c odd), m = w 2^q with c w = 2y + 1:
    //             c 2^k 2^(e-24) m = y + 1/2 (the f32(acc) tie rule decides whether the product is that tie or
    //             just beside it);
    //   product:  acc = +-3 * 2^z, m's significand P / 3 with P = (2x + 1) 2^(t+1) +- 1 (an odd 25-bit product,
    //             P = 0 mod 3): the product is a tie just above or below x + 1/2;
    //   integer:  acc = odd 2^j, m = 2^-(j+1).
    std::mt19937_64 rng(91);
    std::vector<Vector> vs;
    std::uint64_t decisive[3][2] = {};   // [step][rule: up, down]
    const Tie ties[] = {Tie::Up, Tie::Down};
    for (int n = 0; n < 600000; ++n) {
        std::int64_t acc = 0;
        std::int32_t m = 0;
        const int family = n % 3;
        if (family == 0) {
            // K = c 2^k (c odd, < 64) in [2^23, 2^24), even; m = w 2^q with c w = 2y + 1: K u m = y + 1/2.
            const int e = 25 + static_cast<int>(rng() % 7);
            const std::uint32_t c = 2 * static_cast<std::uint32_t>(rng() % 32) + 1;
            int k = 0;
            while ((std::int64_t{c} << (k + 1)) < (std::int64_t{1} << 24)) ++k;
            const std::uint32_t w = 2 * static_cast<std::uint32_t>(rng() % (256 / c + 1)) + 1;
            // K even: ties to even keeps K (up would not); K + 1 = c 2^k: it takes K + 1 (down would not)
            const std::int64_t kk = (std::int64_t{c} << k) - ((rng() & 1) ? 1 : 0);
            acc = kk * (std::int64_t{1} << (e - 24)) + (std::int64_t{1} << (e - 25));
            m = f32_of_odd(w, -1 - k - (e - 24));
        } else if (family == 1) {
            const std::uint64_t x = rng() % 256;
            int t = 0;
            while (((2 * x + 1) << (t + 1)) < (std::uint64_t{3} << 23)) ++t;
            const std::uint64_t p = (rng() & 1) ? ((2 * x + 1) << (t + 1)) + 1 : ((2 * x + 1) << (t + 1)) - 1;
            if (p % 3 != 0 || p >= (std::uint64_t{1} << 25)) continue;
            const int z = static_cast<int>(rng() % 8);
            acc = std::int64_t{3} << z;
            m = f32_bits(static_cast<std::uint32_t>(p / 3), -(t + 2 + z));
        } else {
            const int j = static_cast<int>(rng() % 21);
            acc = (2 * static_cast<std::int64_t>(rng() % 256) + 1) * (std::int64_t{1} << j);
            m = f32_bits(1u << 23, -j - 24);
        }
        if (acc > INT32_MAX) acc = INT32_MAX;
        if (rng() & 1) acc = -acc;
        const bool out_signed = acc < 0 || (rng() & 1);
        const OutParams p = out_signed ? fp32_params(m, 0, -128, 127) : fp32_params(m, 0, 0, 255);
        const std::int32_t a = static_cast<std::int32_t>(acc);
        const std::int32_t want = fp32_with_ties(a, m, p, Tie::Even, Tie::Even, Tie::Even);
        REQUIRE(want == qmac::tb::golden_output(a, p));  // the integer algorithm is the host's float32
        bool keep = false;
        for (int ti = 0; ti < 2; ++ti) {
            const Tie t = ties[ti];
            const bool d[3] = {fp32_with_ties(a, m, p, t, Tie::Even, Tie::Even) != want,
                               fp32_with_ties(a, m, p, Tie::Even, t, Tie::Even) != want,
                               fp32_with_ties(a, m, p, Tie::Even, Tie::Even, t) != want};
            for (int k = 0; k < 3; ++k) {
                decisive[k][ti] += d[k];
                keep = keep || d[k];
            }
        }
        if (keep) vs.push_back({a, p});
    }
    const Result r = run<TestType>(vs, 92);
    WARN("decisive ties (vectors whose output ties up / ties down at that step would change): f32(acc) "
         << decisive[0][0] << " / " << decisive[0][1] << ", product " << decisive[1][0] << " / " << decisive[1][1]
         << ", integer " << decisive[2][0] << " / " << decisive[2][1] << "; " << vs.size() << " vectors");
    CHECK(r.checked == vs.size());
    CHECK(r.mismatches == 0);
    for (int k = 0; k < 3; ++k) {
        CHECK(decisive[k][0] > 5000);
        CHECK(decisive[k][1] > 5000);
    }
}
