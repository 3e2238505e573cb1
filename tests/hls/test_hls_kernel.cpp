// C simulation of the HLS kernel (qmac::hls::qmac_dot and the synthesis top qmac_dot_top) against the
// golden model: the seed example, then random and corner sweeps (random lengths, per-output parameters on
// the `last` beat, all rounding modes, INT32_MIN accumulators, ties, saturation, wrapping accumulators) for
// every prebuilt LANES of the contract and int8/uint8 activations. Every output is compared for equality.
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "qmac/golden/fixed_point_mapping.hpp"
#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/seed_example.hpp"
#include "qmac/hls/qmac_dot.hpp"
#include "qmac/hls/qmac_dot_top.hpp"
#include "qmac/hls/stream.hpp"
#include "stimulus.hpp"

namespace hls = qmac::hls;
using qmac::hls_tb::Expected;
using qmac::hls_tb::Group;
using qmac::hls_tb::Rng;

namespace {

template <int LANES, bool ACT_SIGNED> using Config = hls::qmac_dot_config<LANES, ACT_SIGNED>;

// What a sweep saw, so that a sweep that stopped exercising a corner fails instead of passing quietly.
struct Coverage {
    long outputs = 0;
    long mismatches = 0;
    long per_rounding[qmac::hw::kRoundingCodes] = {};
    long multi_beat = 0, one_beat = 0, int32_min_acc = 0, wrapped_sum = 0, ties = 0, saturated = 0, clamped = 0;
    long wide_weights = 0;  // groups with a weight outside int8 (w - zw of a uint8 or zero-point weight)
    long double_top_shift = 0;  // double rounding with shift 31
};

template <class CONFIG> struct Harness {
    static const int kDepth = 512;
    hls::stream<hls::qmac_dot_in_beat<CONFIG>, kDepth> in;
    hls::stream<hls::qmac_dot_out_beat<CONFIG>, kDepth> out;

    // Runs the groups through qmac_dot in calls of at most kDepth beats (whole groups each), and through
    // qmac_dot_step beat by beat (which also returns the accumulator); compares both with golden.
    void run(const std::vector<Group>& groups, Rng& rng, Coverage& c) {
        std::size_t first = 0;
        std::vector<hls::qmac_dot_in_beat<CONFIG>> beats;
        std::vector<std::size_t> group_end;  // beats.size() after each group
        for (std::size_t i = 0; i <= groups.size(); ++i) {
            if (i < groups.size()) {
                const std::size_t before = beats.size();
                std::vector<hls::qmac_dot_in_beat<CONFIG>> g;
                qmac::hls_tb::append_beats<CONFIG>(groups[i], g, &rng);
                if (before + g.size() <= static_cast<std::size_t>(kDepth)) {
                    beats.insert(beats.end(), g.begin(), g.end());
                    group_end.push_back(beats.size());
                    continue;
                }
                call(groups, first, i, beats, group_end, c);
                first = i;
                beats = g;
                group_end.assign(1, beats.size());
            } else {
                call(groups, first, i, beats, group_end, c);
            }
        }
        REQUIRE_FALSE(in.overflowed());
        REQUIRE_FALSE(in.underflowed());
        REQUIRE_FALSE(out.overflowed());
        REQUIRE_FALSE(out.underflowed());
    }

    void call(const std::vector<Group>& groups, std::size_t first, std::size_t last,
              const std::vector<hls::qmac_dot_in_beat<CONFIG>>& beats, const std::vector<std::size_t>& group_end,
              Coverage& c) {
        for (const auto& b : beats) in.write(b);
        hls::qmac_dot<CONFIG>(in, out, static_cast<std::uint32_t>(beats.size()));
        REQUIRE(in.empty());
        REQUIRE(out.size() == static_cast<int>(last - first));
        std::int32_t running = 0;
        std::size_t beat = 0;
        for (std::size_t i = first; i < last; ++i) {
            const Group& g = groups[i];
            const Expected e = qmac::hls_tb::golden_expected(g);
            const int y = out.read().y;
            // The same beats through qmac_dot_step, for the accumulator.
            hls::qmac_dot_result<CONFIG> r{};
            bool done = false;
            for (; beat < group_end[i - first]; ++beat) {
                REQUIRE_FALSE(done);
                done = hls::qmac_dot_step<CONFIG>(beats[beat], running, r);
            }
            REQUIRE(done);
            if (y != e.y || r.acc != e.acc || r.y != e.y) {
                ++c.mismatches;
                INFO("group " << i << ": n " << g.act.size() << " bias " << g.params.bias << " M " << g.params.multiplier << " shift "
                              << g.params.shift << " rounding " << g.params.rounding << " wrap offset " << g.params.wrap_offset << " zp " << g.params.zero_point << " clamp ["
                              << g.params.min << ", " << g.params.max << "]");
                CHECK(r.acc == e.acc);
                CHECK(y == e.y);
                CHECK(static_cast<int>(r.y) == e.y);
                REQUIRE(c.mismatches < 10);
            }
            record(g, e, c);
        }
    }

    static void record(const Group& g, const Expected& e, Coverage& c) {
        ++c.outputs;
        ++c.per_rounding[g.params.rounding];
        (g.act.size() > static_cast<std::size_t>(CONFIG::lanes) ? c.multi_beat : c.one_beat)++;
        if (e.acc == INT32_MIN) ++c.int32_min_acc;
        if (e.y == g.params.min || e.y == g.params.max) ++c.clamped;
        for (std::int32_t w : g.wgt) {
            if (w < -128 || w > 127) {
                ++c.wide_weights;
                break;
            }
        }
        const std::int32_t sum = qmac::golden::accumulate_wrapping(g.act.data(), g.wgt.data(), g.act.size(), 0);
        const std::int64_t exact = std::int64_t{sum} + g.params.bias;
        if (exact > INT32_MAX || exact < INT32_MIN) ++c.wrapped_sum;
        if (g.params.rounding == qmac::hw::kRoundDouble && g.params.shift == qmac::hw::shift_max(qmac::hw::kRoundDouble)) {
            ++c.double_top_shift;  // 31: the wrapping left shift by 31, legal with double rounding only
            return;
        }
        if (qmac::hw::float32_multiplier(g.params.rounding)) return;  // M is a float32: its ties are test_hls_requantize_fp32's
        const std::int64_t p = std::int64_t{e.acc} * g.params.multiplier;
        const int rs = 31 - g.params.shift;  // >= 1 below the double rounding's top shift
        const std::uint64_t rem = static_cast<std::uint64_t>(p) & ((std::uint64_t{1} << rs) - 1U);
        if (rs >= 1 && rem == (std::uint64_t{1} << (rs - 1))) ++c.ties;  // rs = 0 (shift 31): no fraction
        if ((p >> rs) > INT32_MAX || (p >> rs) < INT32_MIN) ++c.saturated;
    }
};

// Sweeps `n_groups` random groups (qmac_hls_tb::random_group) through one CONFIG.
template <class CONFIG> Coverage sweep(long n_groups, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<Group> groups;
    groups.reserve(static_cast<std::size_t>(n_groups));
    for (long i = 0; i < n_groups; ++i) groups.push_back(qmac::hls_tb::random_group(rng, CONFIG::lanes, CONFIG::act_signed));
    auto h = std::make_unique<Harness<CONFIG>>();
    Coverage c;
    h->run(groups, rng, c);
    return c;
}

template <class CONFIG> void check_sweep(long n_groups, std::uint64_t seed) {
    INFO("LANES " << int{CONFIG::lanes} << (CONFIG::act_signed ? " int8" : " uint8"));
    const Coverage c = sweep<CONFIG>(n_groups, seed);
    std::string per_rounding;
    for (long r : c.per_rounding) per_rounding += (per_rounding.empty() ? "" : "/") + std::to_string(r);
    INFO("outputs " << c.outputs << ", per rounding code " << per_rounding << ", wide weights " << c.wide_weights
                    << ", one-beat " << c.one_beat << ", multi-beat "
                    << c.multi_beat << ", INT32_MIN acc " << c.int32_min_acc << ", wrapped " << c.wrapped_sum
                    << ", ties " << c.ties << ", saturated " << c.saturated << ", clamped " << c.clamped
                    << ", double rounding at shift 31 " << c.double_top_shift);
    CHECK(c.mismatches == 0);
    CHECK(c.outputs == n_groups);
    for (long r : c.per_rounding) CHECK(r > n_groups / (2 * qmac::hw::kRoundingCodes));
    CHECK(c.wide_weights > n_groups / 4);
    CHECK(c.one_beat > n_groups / 50);
    CHECK(c.multi_beat > n_groups / 2);
    CHECK(c.int32_min_acc > n_groups / 200);
    CHECK(c.wrapped_sum > n_groups / 20);
    CHECK(c.ties > n_groups / 200);
    CHECK(c.saturated > n_groups / 50);
    CHECK(c.clamped > n_groups / 10);
    CHECK(c.double_top_shift > n_groups / 2000);  // ~1/500 of the groups: half of them any shift, a quarter double
    CHECK(c.outputs - c.clamped > n_groups / 5);  // and many outputs inside the clamp range
}

const long kGroupsPerConfig = 150000;  // x 8 configurations: > 10^6 outputs

}  // namespace

TEST_CASE("the seed group is the golden seed, and its integer parameters run the seed's float64 requantization exactly",
          "[hls][kernel][seed]") {
    const qmac::golden::SeedResult& s = qmac::hls_tb::seed_result();
    const Group g = qmac::hls_tb::seed_group();
    CHECK(g.wgt == s.weights_q);
    CHECK(g.act == s.activations_q);
    CHECK(g.params.bias == s.bias_q);
    CHECK(g.params.zero_point == s.output_stage.zero_point);
    CHECK(g.params.min == s.output_stage.min);
    CHECK(g.params.max == s.output_stage.max);
    // The parameters the `qmac seed` hardware backends run (hls_tb::seed_params, the same function).
    const qmac::golden::FixedPointMapping m = qmac::golden::map_seed_to_fixed_point(s);
    CHECK(g.params.multiplier == m.multiplier.multiplier);
    CHECK(g.params.shift == m.multiplier.shift);
    CHECK(qmac::hls_tb::golden_rounding(static_cast<unsigned>(g.params.rounding)) == m.rounding);
    // Whatever produced them: the group's integer requantization equals golden's seed mode (float64
    // coefficient, truncation) on every accumulator the seed layer can reach, |w| * max |a| per element.
    std::int64_t reach = 0;
    for (std::int32_t w : g.wgt) reach += std::int64_t{w < 0 ? -w : w} * s.activation_quant.codes().max;
    const qmac::golden::OutputStage o = s.output_stage;
    const qmac::golden::MonotonicComparison c = qmac::golden::compare_monotonic(
        std::int64_t{g.params.bias} - reach, std::int64_t{g.params.bias} + reach, o,
        [&](std::int32_t acc) { return qmac::golden::requantize_seed(acc, s.requant_coefficient, o); },
        [&](std::int32_t acc) {
            return qmac::golden::requantize_fixed(acc, {g.params.multiplier, g.params.shift},
                                                  qmac::hls_tb::golden_rounding(static_cast<unsigned>(g.params.rounding)), o);
        });
    INFO("differing accumulators " << c.differing << ", first " << c.first);
    CHECK(c.differing == 0);
}

TEST_CASE("seed example through qmac_dot_top: the golden seed's accumulator and output", "[hls][kernel][seed]") {
    const qmac::golden::SeedResult& s = qmac::hls_tb::seed_result();
    const Group g = qmac::hls_tb::seed_group();
    const Expected e = qmac::hls_tb::golden_expected(g);
    REQUIRE(e.acc == s.accumulator);
    REQUIRE(e.y == s.output_q);
    auto in = std::make_unique<hls::top_in_stream>();
    auto out = std::make_unique<hls::top_out_stream>();
    std::vector<hls::top_in_beat> beats;
    qmac::hls_tb::append_beats<hls::qmac_dot_top_config>(g, beats);
    REQUIRE(beats.size() == (g.act.size() + hls::qmac_dot_top_config::lanes - 1) / hls::qmac_dot_top_config::lanes);
    for (const auto& b : beats) in->write(b);
    qmac_dot_top(*in, *out, static_cast<std::uint32_t>(beats.size()));
    REQUIRE(out->size() == 1);
    CHECK(static_cast<int>(out->read().y) == s.output_q);
    CHECK(in->empty());
}

TEMPLATE_TEST_CASE_SIG("seed example through qmac_dot for every lane count: the golden seed's accumulator and output", "[hls][kernel][seed]", ((int L), L), 1, 2, 4, 5, 8, 16, 64) {
    typedef Config<L, true> C;
    const qmac::golden::SeedResult& s = qmac::hls_tb::seed_result();
    const Group g = qmac::hls_tb::seed_group();
    std::vector<hls::qmac_dot_in_beat<C>> beats;
    qmac::hls_tb::append_beats<C>(g, beats);
    CHECK(beats.size() == (g.act.size() + static_cast<std::size_t>(L) - 1) / static_cast<std::size_t>(L));
    std::int32_t running = 0;
    hls::qmac_dot_result<C> r{};
    bool done = false;
    for (const auto& b : beats) done = hls::qmac_dot_step<C>(b, running, r);
    REQUIRE(done);
    CHECK(r.acc == s.accumulator);
    CHECK(static_cast<int>(r.y) == s.output_q);
    CHECK(running == 0);
}

// Every prebuilt configuration of the contract (qmac::hw::kPrebuiltLanes), int8 and uint8.
template <std::size_t... I> void sweep_prebuilt(bool act_signed, std::uint64_t seed, std::index_sequence<I...>) {
    if (act_signed) {
        (check_sweep<Config<qmac::hw::kPrebuiltLanes[I], true>>(kGroupsPerConfig, seed + I), ...);
    } else {
        (check_sweep<Config<qmac::hw::kPrebuiltLanes[I], false>>(kGroupsPerConfig, seed + I), ...);
    }
}
TEST_CASE("C-sim sweep vs golden: every prebuilt LANES, int8 activations", "[hls][kernel][sweep]") {
    sweep_prebuilt(true, 101, std::make_index_sequence<qmac::hw::kPrebuiltCount>());
}
TEST_CASE("C-sim sweep vs golden: every prebuilt LANES, uint8 activations", "[hls][kernel][sweep]") {
    sweep_prebuilt(false, 201, std::make_index_sequence<qmac::hw::kPrebuiltCount>());
}

TEST_CASE("per-output parameters are taken from the last beat only and groups do not leak into each other", "[hls][kernel]") {
    typedef Config<4, true> C;
    Rng rng(7);
    // Two groups back to back with different parameters; garbage parameters on the non-last beats.
    Group a = qmac::hls_tb::seed_group();
    Group b = qmac::hls_tb::seed_group();
    b.params.bias = -a.params.bias;
    b.params.rounding = qmac::hw::kRoundDouble;
    b.params.zero_point = 5;
    b.params.min = -20;
    b.params.max = 20;
    std::vector<hls::qmac_dot_in_beat<C>> beats;
    qmac::hls_tb::append_beats<C>(a, beats, &rng);
    qmac::hls_tb::append_beats<C>(b, beats, &rng);
    REQUIRE(beats.size() == 4);
    auto in = std::make_unique<hls::stream<hls::qmac_dot_in_beat<C>, 8>>();
    auto out = std::make_unique<hls::stream<hls::qmac_dot_out_beat<C>, 8>>();
    for (const auto& x : beats) in->write(x);
    hls::qmac_dot<C>(*in, *out, 4);
    REQUIRE(out->size() == 2);
    CHECK(static_cast<int>(out->read().y) == qmac::hls_tb::golden_expected(a).y);
    CHECK(static_cast<int>(out->read().y) == qmac::hls_tb::golden_expected(b).y);
    CHECK(qmac::hls_tb::golden_expected(b).y == b.params.max);  // (-2577 + 6479) * 0.0109 + 5 = 47 -> clamped to 20
    // A call that ends inside a group writes nothing for it, and the next call starts from an empty accumulator.
    in->write(beats[0]);
    hls::qmac_dot<C>(*in, *out, 1);
    CHECK(out->empty());
    for (const auto& x : beats) in->write(x);
    hls::qmac_dot<C>(*in, *out, 4);
    REQUIRE(out->size() == 2);
    CHECK(static_cast<int>(out->read().y) == qmac::hls_tb::golden_expected(a).y);
    CHECK(static_cast<int>(out->read().y) == qmac::hls_tb::golden_expected(b).y);
}

TEST_CASE("the README's C++17 calling example gives the golden seed's output", "[hls][kernel][seed]") {
    // The seed's codes and integer parameters, from golden (hls/tb/stimulus.hpp).
    const qmac::golden::SeedResult& seed = qmac::hls_tb::seed_result();
    const Group g = qmac::hls_tb::seed_group();
    REQUIRE(g.act.size() == 5);  // the README's loop bound
    const std::vector<std::int32_t>& A = g.act;
    const std::vector<std::int32_t>& W = g.wgt;
    const std::int32_t bias = g.params.bias;
    const std::int32_t M = g.params.multiplier;
    const int shift = g.params.shift;
    // --- as in hls/README.md ---
    auto in = std::make_unique<qmac::hls::top_in_stream>();
    auto out = std::make_unique<qmac::hls::top_out_stream>();
    qmac::hls::top_in_beat b{};
    for (int i = 0; i < 5; ++i) { b.act[i] = int8_t(A[i]); b.wgt[i] = int8_t(W[i]); }
    b.last = true; b.bias = bias;
    b.params = {M, int8_t(shift), qmac::hw::kRoundTruncate, 0, 0, -127, 127};
    in->write(b);
    qmac_dot_top(*in, *out, 1);
    int y = out->read().y;
    // ---
    // The README's literal rounding, zero point and clamp are the golden seed's.
    CHECK(static_cast<int>(b.params.rounding) == g.params.rounding);
    CHECK(static_cast<unsigned>(b.params.wrap_offset) == g.params.wrap_offset);
    CHECK(b.params.out_zero_point == g.params.zero_point);
    CHECK(b.params.out_min == g.params.min);
    CHECK(b.params.out_max == g.params.max);
    CHECK(y == seed.output_q);
    std::int32_t running = 0;
    qmac::hls::qmac_dot_result<qmac::hls::qmac_dot_top_config> r{};
    REQUIRE(qmac::hls::qmac_dot_step<qmac::hls::qmac_dot_top_config>(b, running, r));
    CHECK(r.acc == seed.accumulator);
    CHECK(static_cast<int>(r.y) == seed.output_q);
}
