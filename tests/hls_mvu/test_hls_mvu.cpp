// The HLS layer engine's cycle model (make_hls_mvu: qmac::hls::qmac_mvu_step once per edge) on every
// prebuilt shape, driven by the host's DMA-like driver (sim/host/mvu_stream) and checked beat by beat
// against the golden reference (sim/host/mvu_reference): random layers and batches with random bubbles and
// back-pressure, full rate without them, TLAST errors, malformed loads, reloads and resets.
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mvu_dut.hpp"
#include "mvu_layer.hpp"
#include "mvu_reference.hpp"
#include "mvu_stimulus.hpp"  // hls/tb: random layers and vectors
#include "mvu_stream.hpp"

namespace {

using qmac::hls_tb::Rng;
using qmac::tb::MvuInBeat;
using qmac::tb::MvuLayer;
using qmac::tb::MvuOutBeat;

std::unique_ptr<qmac::tb::MvuDut> make(const qmac::hw::MvuShape& s) {
    std::unique_ptr<qmac::tb::MvuDut> dut = qmac::tb::make_hls_mvu(s);
    REQUIRE(dut != nullptr);
    qmac::tb::mvu_reset(*dut);
    return dut;
}

// A random layer of K = ks x SIMD and N = nf x PE, checked against the contract by the host's own checks.
MvuLayer random_layer(Rng& rng, const qmac::hw::MvuShape& s, int ks, int nf, bool act_signed, int rounding = -1) {
    MvuLayer layer;
    qmac::hls_tb::random_mvu_layer(rng, ks * s.simd, nf * s.pe, act_signed, rounding, layer);
    qmac::tb::check_mvu_layer(layer, s);
    return layer;
}

std::vector<std::vector<std::uint8_t>> random_batch(Rng& rng, const MvuLayer& layer, int b) {
    std::vector<std::vector<std::uint8_t>> batch;
    for (int i = 0; i < b; ++i) batch.push_back(qmac::hls_tb::random_mvu_vector(rng, layer.k, layer.act_signed));
    return batch;
}

std::vector<MvuInBeat> beats_of(const std::vector<std::vector<std::uint8_t>>& batch, int simd) {
    std::vector<MvuInBeat> in;
    for (const auto& x : batch) {
        const std::vector<MvuInBeat> b = qmac::tb::mvu_vector_beats(x, simd);
        in.insert(in.end(), b.begin(), b.end());
    }
    return in;
}

// Streams the batch through the loaded (or, with config, newly loaded) layer and checks every beat.
qmac::tb::MvuStreamResult stream_and_check(qmac::tb::MvuDut& dut, const MvuLayer& layer, bool load,
                                           const std::vector<std::vector<std::uint8_t>>& batch,
                                           const qmac::tb::MvuStreamOptions& o) {
    const qmac::hw::MvuShape s = dut.shape();
    const std::vector<MvuOutBeat> expected = qmac::tb::mvu_expected_beats(layer, batch, s.pe);
    const qmac::tb::MvuStreamResult r = qmac::tb::mvu_stream(
        dut, load ? qmac::tb::mvu_config_words(layer) : std::vector<std::uint32_t>{}, beats_of(batch, s.simd),
        expected.size(), o);
    REQUIRE(r.out.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("beat " << i << " of " << expected.size());
        REQUIRE(r.out[i] == expected[i]);
    }
    return r;
}

}  // namespace

TEST_CASE("random layers and batches with bubbles and back-pressure, every prebuilt shape", "[hls][mvu]") {
    for (const qmac::hw::MvuShape& s : qmac::hw::kMvuPrebuilt) {
        INFO("PE " << s.pe << " SIMD " << s.simd);
        std::unique_ptr<qmac::tb::MvuDut> dut = make(s);
        Rng rng(0x4D56ULL * static_cast<unsigned>(s.pe) + static_cast<unsigned>(s.simd));
        for (int i = 0; i < 10; ++i) {  // one layer after another: each load replaces the last
            INFO("layer " << i);
            const MvuLayer layer = random_layer(rng, s, static_cast<int>(rng.uniform(1, 24)), static_cast<int>(rng.uniform(1, 5)),
                                                i % 2 == 0, i < qmac::hw::kRoundingCodes ? i : -1);
            qmac::tb::MvuStreamOptions o;
            o.seed = rng.next();
            o.bubble_prob = i % 3 == 0 ? 0.0 : 0.4;
            o.stall_prob = i % 3 == 1 ? 0.0 : 0.5;
            const qmac::tb::MvuStreamResult r =
                stream_and_check(*dut, layer, true, random_batch(rng, layer, static_cast<int>(rng.uniform(1, 6))), o);
            CHECK_FALSE(r.err_cfg);
            CHECK_FALSE(r.err_tlast);
            CHECK(r.configured);
        }
    }
}

TEST_CASE("PE x SIMD MACs every cycle at full rate (K / SIMD >= PE)", "[hls][mvu]") {
    for (const qmac::hw::MvuShape& s : qmac::hw::kMvuPrebuilt) {
        INFO("PE " << s.pe << " SIMD " << s.simd);
        std::unique_ptr<qmac::tb::MvuDut> dut = make(s);
        Rng rng(0xF011ULL + static_cast<unsigned>(s.pe));
        for (const int ks : {s.pe, s.pe + 3}) {
            const int nf = 3, b = 4;
            const MvuLayer layer = random_layer(rng, s, ks, nf, true);
            const qmac::tb::MvuStreamResult r = stream_and_check(*dut, layer, true, random_batch(rng, layer, b), {});
            // docs/mvu.md: B x (N / PE) x (K / SIMD) cycles of MACs, then LATENCY to the last beat
            CHECK(r.compute_cycles == static_cast<std::uint64_t>(b * nf * ks + dut->latency()));
        }
    }
}

TEST_CASE("a vector whose TLAST is early or late gives no output, the good ones around it all do", "[hls][mvu]") {
    for (const qmac::hw::MvuShape& s : qmac::hw::kMvuPrebuilt) {
        INFO("PE " << s.pe << " SIMD " << s.simd);
        std::unique_ptr<qmac::tb::MvuDut> dut = make(s);
        Rng rng(0x7A57ULL + static_cast<unsigned>(s.simd));
        const MvuLayer layer = random_layer(rng, s, 5, 2, false);
        const qmac::tb::MvuStreamResult loaded = stream_and_check(*dut, layer, true, {}, {});
        CHECK_FALSE(loaded.err_tlast);
        std::vector<MvuInBeat> in;
        std::vector<std::vector<std::uint8_t>> good;
        for (const char kind : std::string("gegleegllgg")) {
            const std::vector<std::uint8_t> x = qmac::hls_tb::random_mvu_vector(rng, layer.k, false);
            std::vector<MvuInBeat> b = qmac::tb::mvu_vector_beats(x, s.simd);
            if (kind == 'e') {  // TLAST on an earlier beat: the vector ends there
                b.resize(static_cast<std::size_t>(rng.uniform(1, static_cast<std::int64_t>(b.size()) - 1)));
                b.back().last = true;
            } else if (kind == 'l') {  // no TLAST on its last beat: beats up to the next TLAST are dropped
                b.back().last = false;
                for (int extra = static_cast<int>(rng.uniform(0, 2)); extra >= 0; --extra) b.push_back(b.front());
                b.back().last = true;
            } else {
                good.push_back(x);
            }
            in.insert(in.end(), b.begin(), b.end());
        }
        qmac::tb::MvuStreamOptions o;
        o.bubble_prob = 0.3;
        o.stall_prob = 0.3;
        const std::vector<MvuOutBeat> expected = qmac::tb::mvu_expected_beats(layer, good, s.pe);
        const qmac::tb::MvuStreamResult r = qmac::tb::mvu_stream(*dut, {}, in, expected.size(), o);
        CHECK(r.out == expected);
        CHECK(r.err_tlast);
        CHECK_FALSE(r.err_cfg);
        // the flag is sticky; the engine goes on with good vectors
        stream_and_check(*dut, layer, false, random_batch(rng, layer, 2), o);
        CHECK(dut->outputs().err_tlast);
    }
}

TEST_CASE("a malformed load sets err_cfg and unconfigures, a good load afterwards works", "[hls][mvu]") {
    for (const qmac::hw::MvuShape& s : qmac::hw::kMvuPrebuilt) {
        INFO("PE " << s.pe << " SIMD " << s.simd);
        Rng rng(0xBADCULL + static_cast<unsigned>(s.pe));
        const MvuLayer layer = random_layer(rng, s, 3, 2, true);
        const std::vector<std::uint32_t> good = qmac::tb::mvu_config_words(layer);
        const auto header = [&](int k, int n) {
            MvuLayer l = layer;
            l.k = k;
            l.n = n;
            return qmac::tb::mvu_config_words(l);  // the header as the packer writes it (K and N unchecked)
        };
        std::vector<std::pair<std::string, std::vector<std::uint32_t>>> bad = {
            {"K = 0", header(0, layer.n)},
            {"N = 0", header(layer.k, 0)},
            {"K above MAX_K", header(s.max_k + s.simd, layer.n)},
            {"N above MAX_N", header(layer.k, s.max_n + s.pe)},
            {"K not a multiple of SIMD", header(layer.k + 1, layer.n)},
            {"N not a multiple of PE", header(layer.k, layer.n + 1)},
            {"TLAST one word early", std::vector<std::uint32_t>(good.begin(), good.end() - 1)},
            {"TLAST on header word 0", std::vector<std::uint32_t>(good.begin(), good.begin() + 1)},
            {"TLAST in the channel records", std::vector<std::uint32_t>(good.begin(), good.begin() + 5)},
        };
        std::vector<std::uint32_t> flags = good;
        flags[qmac::hw::kMvuHeaderActSignedWord] |= 0x100U;
        bad.push_back({"an undefined flag bit", flags});
        std::vector<std::uint32_t> longer = good;
        longer.push_back(0U);
        bad.push_back({"TLAST missing on the last word", longer});
        for (const auto& [what, words] : bad) {
            INFO(what);
            std::unique_ptr<qmac::tb::MvuDut> dut = make(s);
            stream_and_check(*dut, layer, true, random_batch(rng, layer, 1), {});
            const qmac::tb::MvuStreamResult r = qmac::tb::mvu_stream(*dut, words, {}, 0);
            CHECK(r.err_cfg);
            CHECK_FALSE(r.configured);
            CHECK_FALSE(dut->outputs().s_ready);  // no activations without a layer
            const qmac::tb::MvuStreamResult again = stream_and_check(*dut, layer, true, random_batch(rng, layer, 2), {});
            CHECK(again.configured);
            CHECK(again.err_cfg);  // sticky until a reset
            qmac::tb::mvu_reset(*dut);
            CHECK_FALSE(dut->outputs().err_cfg);
            CHECK_FALSE(dut->outputs().configured);
        }
    }
}

TEST_CASE("reloads replace the layer, a reset forgets it and clears the flags", "[hls][mvu]") {
    for (const qmac::hw::MvuShape& s : qmac::hw::kMvuPrebuilt) {
        INFO("PE " << s.pe << " SIMD " << s.simd);
        std::unique_ptr<qmac::tb::MvuDut> dut = make(s);
        Rng rng(0x2E10ULL + static_cast<unsigned>(s.pe));
        const MvuLayer a = random_layer(rng, s, 7, 3, true), b = random_layer(rng, s, 2, 5, false);
        qmac::tb::MvuStreamOptions o;
        o.bubble_prob = 0.2;
        o.stall_prob = 0.6;
        for (const MvuLayer* l : {&a, &b, &a, &b}) stream_and_check(*dut, *l, true, random_batch(rng, *l, 3), o);
        // a reset in the middle of a vector: the engine forgets it, and the same layer reloads cleanly
        std::vector<MvuInBeat> half = qmac::tb::mvu_vector_beats(random_batch(rng, a, 1)[0], s.simd);
        half.resize(3);
        half.back().last = false;
        stream_and_check(*dut, a, true, {}, {});
        qmac::tb::MvuInputs in;
        for (const MvuInBeat& beat : half) {
            in.s_valid = true;
            in.s_data = beat.data;
            in.s_last = beat.last;
            dut->edge(in);
        }
        qmac::tb::mvu_reset(*dut);
        CHECK_FALSE(dut->outputs().configured);
        CHECK_FALSE(dut->outputs().m_valid);
        stream_and_check(*dut, a, true, random_batch(rng, a, 2), o);
        CHECK_FALSE(dut->outputs().err_tlast);
    }
}

TEST_CASE("the largest layer a prebuilt shape holds (every weight word and buffer word)", "[hls][mvu]") {
    const qmac::hw::MvuShape s = qmac::hw::kMvuPrebuilt[0];
    std::unique_ptr<qmac::tb::MvuDut> dut = make(s);
    Rng rng(0x3A7ULL);
    const MvuLayer layer = random_layer(rng, s, s.max_k / s.simd, s.max_n / s.pe, false);
    stream_and_check(*dut, layer, true, random_batch(rng, layer, 1), {});
}
