// The Verilated qmac_mvu (rtl/qmac_mvu.sv) of every prebuilt shape against the golden model, through the
// host library's driver (sim/host/mvu_stream): random layers with every rounding code, int8 and uint8
// activations and weights at +-255, batches with random input bubbles and output back-pressure, equal to
// the reference beat by beat; the exact cycle count at full rate; TLAST errors between good vectors;
// malformed configuration packets; reloads between layers; a reset in the middle of a batch.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mvu_dut.hpp"
#include "mvu_layer.hpp"
#include "mvu_reference.hpp"
#include "mvu_stream.hpp"
#include "qmac/hls/interface.hpp"
#include "qmac/hls/mvu_interface.hpp"
#include "splitmix64.hpp"
#include "stimulus.hpp"

using namespace qmac;
using namespace qmac::tb;

namespace {

using Rng = hls_tb::SplitMix64;

std::string shape_name(const hw::MvuShape& s) {
    return "PE=" + std::to_string(s.pe) + " SIMD=" + std::to_string(s.simd) + " MAX_K=" + std::to_string(s.max_k) +
           " MAX_N=" + std::to_string(s.max_n);
}

std::unique_ptr<MvuDut> make_dut(const hw::MvuShape& s, std::uint64_t seed) {
    std::unique_ptr<MvuDut> dut = make_rtl_mvu(s, /*x_random=*/true, seed);
    REQUIRE(dut != nullptr);
    mvu_reset(*dut);
    return dut;
}

// A random layer of kb beats and f folds on shape s: channel c's rounding is code c mod 8 (kRoundingCodes)
// shifted by a random offset (so every code appears once N >= 8), bias anywhere in int32 for a quarter of the channels, weights
// over [-255, 255] with a tenth of them at +-255.
MvuLayer random_layer(Rng& rng, const hw::MvuShape& s, int kb, int f, bool act_signed) {
    MvuLayer l;
    l.k = kb * s.simd;
    l.n = f * s.pe;
    l.act_signed = act_signed;
    const unsigned first = static_cast<unsigned>(rng.uniform(0, hw::kRoundingCodes - 1));
    const int acc_bits = 17 + (l.k > 1 ? 32 - __builtin_clz(static_cast<unsigned>(l.k - 1)) : 0);
    for (int c = 0; c < l.n; ++c) {
        // Drawn until random_params picks this channel's rounding (its shift and multiplier are drawn for it).
        const unsigned rounding = (first + static_cast<unsigned>(c)) % hw::kRoundingCodes;
        const bool out_signed = rng.chance(50);
        hls_tb::OutParams p;
        do {
            p = hls_tb::random_params(rng, out_signed, std::min(acc_bits, 32));
        } while (p.rounding != rounding);
        p.bias = rng.chance(25) ? rng.any_int32() : static_cast<std::int32_t>(rng.uniform(-100000, 100000));
        l.channels.push_back(p);
    }
    l.weights.resize(static_cast<std::size_t>(l.k) * static_cast<std::size_t>(l.n));
    for (auto& w : l.weights) {
        w = rng.chance(10) ? static_cast<std::int16_t>(rng.chance(50) ? 255 : -255)
                           : static_cast<std::int16_t>(rng.uniform(-255, 255));
    }
    check_mvu_layer(l, s);
    return l;
}

std::vector<std::vector<std::uint8_t>> random_batch(Rng& rng, int k, int b) {
    std::vector<std::vector<std::uint8_t>> batch(static_cast<std::size_t>(b), std::vector<std::uint8_t>(static_cast<std::size_t>(k)));
    for (auto& x : batch) {
        const bool extreme = rng.chance(15);  // every activation at an end of the range
        for (auto& a : x) a = static_cast<std::uint8_t>(extreme ? (rng.chance(50) ? 0x80 : 0x7F) : rng.uniform(0, 255));
        if (extreme && rng.chance(50)) std::fill(x.begin(), x.end(), static_cast<std::uint8_t>(rng.chance(50) ? 0xFF : 0x00));
    }
    return batch;
}

std::vector<MvuInBeat> beats_of(const std::vector<std::vector<std::uint8_t>>& batch, int simd) {
    std::vector<MvuInBeat> in;
    for (const auto& x : batch) {
        const auto v = mvu_vector_beats(x, simd);
        in.insert(in.end(), v.begin(), v.end());
    }
    return in;
}

// Loads `l` and streams `batch`; the outputs must equal the reference beat by beat, with no error flag.
MvuStreamResult run_layer(MvuDut& dut, const MvuLayer& l, const std::vector<std::vector<std::uint8_t>>& batch,
                          const MvuStreamOptions& o, bool load = true) {
    const hw::MvuShape s = dut.shape();
    const auto want = mvu_expected_beats(l, batch, s.pe);
    const MvuStreamResult r = mvu_stream(dut, load ? mvu_config_words(l) : std::vector<std::uint32_t>{},
                                         beats_of(batch, s.simd), want.size(), o);
    REQUIRE(r.out.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        INFO("output beat " << i << " of " << want.size() << " (K " << l.k << ", N " << l.n << ")");
        REQUIRE(r.out[i] == want[i]);
    }
    CHECK(r.configured);
    CHECK_FALSE(r.err_cfg);
    CHECK_FALSE(r.err_tlast);
    return r;
}

}  // namespace

TEST_CASE("rtl mvu: LATENCY is the contract's hw::mvu_latency", "[rtl][mvu]") {
    for (const hw::MvuShape& s : hw::kMvuPrebuilt) {
        INFO(shape_name(s));
        const auto dut = make_rtl_mvu(s, false, 1);
        REQUIRE(dut != nullptr);
        CHECK(dut->latency() == hw::mvu_latency(s.pe, s.simd, false));
    }
    CHECK(make_rtl_mvu({3, 5, 20, 9}, false, 1) == nullptr);
}

TEST_CASE("rtl mvu: random layers with bubbles and back-pressure equal the reference beat by beat", "[rtl][mvu]") {
    Rng rng(12);
    for (const hw::MvuShape& s : hw::kMvuPrebuilt) {
        INFO(shape_name(s));
        const auto dut = make_dut(s, rng.next());
        for (int layer = 0; layer < 10; ++layer) {
            // K / SIMD below PE too (the serializer's pace), one fold as well as several, and one large layer.
            const int kb = layer == 0 ? 1 : layer == 9 ? 256 / s.simd : static_cast<int>(rng.uniform(1, 2 * s.pe + 2));
            const int f = layer == 1 ? 1 : layer == 9 ? 64 / s.pe : static_cast<int>(rng.uniform(1, 3));
            const MvuLayer l = random_layer(rng, s, kb, f, layer % 2 == 0);
            MvuStreamOptions o;
            o.bubble_prob = 0.3;
            o.stall_prob = layer == 3 ? 0.8 : layer == 4 ? 0.0 : 0.3;
            o.seed = rng.next();
            INFO("layer " << layer << ": K " << l.k << " N " << l.n << (l.act_signed ? " int8" : " uint8"));
            run_layer(*dut, l, random_batch(rng, l.k, static_cast<int>(rng.uniform(1, 8))), o);
        }
    }
}

TEST_CASE("rtl mvu: a batch at full rate takes B x (N/PE) x (K/SIMD) + input + LATENCY edges", "[rtl][mvu]") {
    Rng rng(3);
    for (const hw::MvuShape& s : hw::kMvuPrebuilt) {
        INFO(shape_name(s));
        const auto dut = make_dut(s, rng.next());
        // K / SIMD >= PE: every cycle a MAC step of PE x SIMD MACs.
        const int kb = s.pe + 1, f = 3, b = 4;
        const MvuLayer l = random_layer(rng, s, kb, f, true);
        const MvuStreamResult r = run_layer(*dut, l, random_batch(rng, l.k, b), {});
        CHECK(r.compute_cycles ==
              static_cast<std::uint64_t>(b * f * kb + hw::kMvuLatencyInput + dut->latency()));
        // K / SIMD < PE: the serializer sets the pace, one fold per PE cycles after the first.
        const int kb2 = std::max(1, s.pe / 2);
        const MvuLayer l2 = random_layer(rng, s, kb2, f, false);
        const MvuStreamResult r2 = run_layer(*dut, l2, random_batch(rng, l2.k, b), {});
        CHECK(r2.compute_cycles ==
              static_cast<std::uint64_t>(kb2 + (b * f - 1) * s.pe + hw::kMvuLatencyInput + dut->latency()));
    }
}

TEST_CASE("rtl mvu: early and late TLAST between good vectors: no output of the bad ones, no loss, no hang",
          "[rtl][mvu]") {
    Rng rng(5);
    for (const hw::MvuShape& s : hw::kMvuPrebuilt) {
        INFO(shape_name(s));
        const auto dut = make_dut(s, rng.next());
        const int kb = 3, f = 2;
        const MvuLayer l = random_layer(rng, s, kb, f, true);
        const auto good = random_batch(rng, l.k, 4);
        const auto bad = random_batch(rng, l.k + 2 * s.simd, 2);
        MvuStreamOptions o;
        o.bubble_prob = 0.2;
        o.stall_prob = 0.2;
        o.seed = rng.next();
        std::vector<MvuInBeat> in;
        const auto add = [&](const std::vector<MvuInBeat>& v) { in.insert(in.end(), v.begin(), v.end()); };
        add(mvu_vector_beats(good[0], s.simd));
        // Early: TLAST on beat 2 of 3; the next beat starts a new (good) vector.
        std::vector<std::uint8_t> early(bad[0].begin(), bad[0].begin() + 2 * s.simd);
        add(mvu_vector_beats(early, s.simd));
        add(mvu_vector_beats(good[1], s.simd));
        // Early on the first beat.
        add(mvu_vector_beats(std::vector<std::uint8_t>(bad[1].begin(), bad[1].begin() + s.simd), s.simd));
        add(mvu_vector_beats(good[2], s.simd));
        // Late: 5 beats, TLAST on the fifth; beats 4 and 5 are dropped with it.
        add(mvu_vector_beats(bad[1], s.simd));
        add(mvu_vector_beats(good[3], s.simd));
        const auto want = mvu_expected_beats(l, good, s.pe);
        const MvuStreamResult r = mvu_stream(*dut, mvu_config_words(l), in, want.size(), o);
        REQUIRE(r.out.size() == want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            INFO("output beat " << i);
            REQUIRE(r.out[i] == want[i]);
        }
        CHECK(r.err_tlast);
        CHECK_FALSE(r.err_cfg);
        CHECK(r.configured);
    }
}

TEST_CASE("rtl mvu: good vectors leave err_tlast low, and a one-beat layer resyncs after a missing TLAST", "[rtl][mvu]") {
    Rng rng(6);
    const hw::MvuShape s = hw::kMvuPrebuilt[0];
    const auto dut = make_dut(s, 7);
    const MvuLayer l = random_layer(rng, s, 1, 2, false);
    run_layer(*dut, l, random_batch(rng, l.k, 3), {});
    // K / SIMD = 1 and a beat without TLAST: late; the beats up to the next TLAST are dropped.
    const auto good = random_batch(rng, l.k, 2);
    std::vector<MvuInBeat> in = mvu_vector_beats(good[0], s.simd);
    MvuInBeat no_last = in[0];
    no_last.last = false;
    in.insert(in.begin(), {no_last, no_last, in[0]});  // bad, dropped, dropped (its TLAST ends the drop)
    const auto g1 = mvu_vector_beats(good[1], s.simd);
    in.insert(in.end(), g1.begin(), g1.end());
    const auto want = mvu_expected_beats(l, good, s.pe);
    const MvuStreamResult r = mvu_stream(*dut, {}, in, want.size(), {});
    REQUIRE(r.out.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) REQUIRE(r.out[i] == want[i]);
    CHECK(r.err_tlast);
}

TEST_CASE("rtl mvu: malformed configuration packets set err_cfg, leave the engine unconfigured, and a good load "
          "recovers", "[rtl][mvu]") {
    Rng rng(8);
    for (const hw::MvuShape& s : hw::kMvuPrebuilt) {
        INFO(shape_name(s));
        const MvuLayer l = random_layer(rng, s, 2, 2, true);
        const std::vector<std::uint32_t> good = mvu_config_words(l);
        const auto header = [&](int k, int n) {
            std::vector<std::uint32_t> w = good;
            w[0] = static_cast<std::uint32_t>(k) | static_cast<std::uint32_t>(n) << 16;
            return w;
        };
        struct Case {
            const char* what;
            std::vector<std::uint32_t> words;
        };
        std::vector<Case> cases = {
            {"TLAST on header word 0", {good.begin(), good.begin() + 1}},
            {"TLAST on header word 1", {good.begin(), good.begin() + 2}},
            {"TLAST inside the channel records", {good.begin(), good.begin() + 5}},
            {"TLAST before the last weight", {good.begin(), good.end() - 1}},
            {"no TLAST on the last weight", good},
            {"K = 0", header(0, l.n)},
            {"K not a multiple of SIMD", header(l.k + (s.simd > 1 ? 1 : 0), l.n)},
            {"K above MAX_K", header(s.max_k + s.simd, l.n)},
            {"N = 0", header(l.k, 0)},
            {"N not a multiple of PE", header(l.k, l.n + 1)},
            {"N above MAX_N", header(l.k, s.max_n + s.pe)},
            {"nonzero flag bits", good},
        };
        cases[4].words.push_back(0);  // one word past the last weight, TLAST there
        cases[11].words[1] |= 0x100u;
        const auto dut = make_dut(s, rng.next());
        for (const Case& c : cases) {
            INFO(c.what);
            mvu_reset(*dut);
            const MvuStreamResult r = mvu_stream(*dut, c.words, {}, 0, {});
            CHECK(r.err_cfg);
            CHECK_FALSE(r.configured);
            // Unconfigured: no activation is taken.
            CHECK_FALSE(dut->outputs().s_ready);
            // A good load after it works; err_cfg stays set (sticky) until a reset.
            const auto batch = random_batch(rng, l.k, 2);
            const auto want = mvu_expected_beats(l, batch, s.pe);
            const MvuStreamResult r2 = mvu_stream(*dut, good, beats_of(batch, s.simd), want.size(), {});
            REQUIRE(r2.out == want);
            CHECK(r2.configured);
            CHECK(r2.err_cfg);
        }
    }
}

TEST_CASE("rtl mvu: reloads between layers replace the whole layer", "[rtl][mvu]") {
    Rng rng(9);
    for (const hw::MvuShape& s : hw::kMvuPrebuilt) {
        INFO(shape_name(s));
        const auto dut = make_dut(s, rng.next());
        const MvuLayer a = random_layer(rng, s, 4, 3, true);
        const MvuLayer b = random_layer(rng, s, 2, 1, false);
        MvuStreamOptions o;
        o.bubble_prob = 0.1;
        o.stall_prob = 0.5;
        o.seed = rng.next();
        run_layer(*dut, a, random_batch(rng, a.k, 2), o);
        run_layer(*dut, b, random_batch(rng, b.k, 3), o);
        run_layer(*dut, b, random_batch(rng, b.k, 1), o, /*load=*/false);  // the loaded layer stays
        run_layer(*dut, a, random_batch(rng, a.k, 2), o);
    }
}

TEST_CASE("rtl mvu: a reset in the middle of a batch empties the engine and forgets the layer", "[rtl][mvu]") {
    Rng rng(10);
    for (const hw::MvuShape& s : hw::kMvuPrebuilt) {
        INFO(shape_name(s));
        const auto dut = make_dut(s, rng.next());
        const MvuLayer l = random_layer(rng, s, 3, 3, true);
        const auto words = mvu_config_words(l);
        const auto in = beats_of(random_batch(rng, l.k, 20), s.simd);
        // Load, then stream until some outputs are out and more are in flight, with back-pressure.
        std::size_t next_cfg = 0, next_in = 0, outs = 0;
        for (int cycle = 0; cycle < 100000 && outs < 2; ++cycle) {
            const MvuOutputs o = dut->outputs();
            MvuInputs x = mvu_offer(words, next_cfg, in, next_in, cycle % 3 == 0);
            if (x.cfg_valid && o.cfg_ready) ++next_cfg;
            if (x.s_valid && o.s_ready) ++next_in;
            if (o.m_valid && x.m_ready) ++outs;
            dut->edge(x);
        }
        REQUIRE(outs == 2);
        REQUIRE(next_in < in.size());
        mvu_reset(*dut, 1);
        const MvuOutputs o = dut->outputs();
        CHECK_FALSE(o.configured);
        CHECK_FALSE(o.m_valid);
        CHECK_FALSE(o.s_ready);
        CHECK_FALSE(o.err_cfg);
        CHECK_FALSE(o.err_tlast);
        // Nothing of the cut batch comes out after the reset; a new load runs from scratch.
        run_layer(*dut, l, random_batch(rng, l.k, 2), {});
    }
}
