// C test bench of qmac_mvu_top for Vitis HLS csim and cosim (and for ctest with plain g++): random layers
// (every rounding code, int8 and uint8 activations, int8 and uint8 outputs) loaded one after another into
// the free-running top, batches streamed through it, and every output beat compared with the golden model;
// then TLAST errors on the input and malformed configuration packets, each followed by a good layer.
// Prints a summary and returns 0 only when every beat and flag matched (the Vitis contract). Optional
// argument: the number of random layers (default 12). One call of the top is one clock: each clock offers
// at most one configuration word and one input beat, and takes any output beat.
// The same source checks both builds of the top (qmac/hls/stream.hpp): the portable one's beat structs,
// and with AMD's headers its AXI4-Stream words (TDATA lanes, TLAST, TKEEP and TSTRB checked).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "mvu_stimulus.hpp"
#include "mvu_words.hpp"
#include "qmac/hls/qmac_mvu_top.hpp"

namespace {

using qmac::hls::mvu_top_config;
using qmac::hls_tb::Rng;
const int kPe = mvu_top_config::pe, kSimd = mvu_top_config::simd;

qmac::hls::mvu_top_cfg_stream s_cfg;
qmac::hls::mvu_top_in_stream s_axis;
qmac::hls::mvu_top_out_stream m_axis;
bool configured = false, err_cfg = false, err_tlast = false;

int failures = 0;
long beats_checked = 0;

void fail(const std::string& what) {
    if (failures < 20) std::printf("FAIL: %s\n", what.c_str());
    ++failures;
}

// One input beat as the source sends it.
struct SourceBeat {
    std::vector<std::uint8_t> data;
    bool last;
};

// Runs the top until every configuration word and input beat is taken and `expected` output beats came
// out (then a few more clocks, which must bring none); checks each beat.
void run(const std::vector<std::uint32_t>& cfg, const std::vector<SourceBeat>& in,
         const std::vector<qmac::hls_tb::MvuTbBeat>& expected, const std::string& what) {
    std::size_t next_cfg = 0, next_in = 0, next_out = 0;
    long idle = 0;
    for (long clock = 0; idle < 64; ++clock) {
        // A source offers its next word or beat while the previous one has been taken (the stream is empty);
        // the input waits for the whole configuration packet, as a driver does.
        if (next_cfg < cfg.size() && s_cfg.empty()) {
            s_cfg.write(qmac::hls_tb::mvu_cfg_word(cfg[next_cfg], next_cfg + 1 == cfg.size()));
            ++next_cfg;
        }
        if (next_cfg == cfg.size() && s_cfg.empty() && next_in < in.size() && s_axis.empty()) {
            s_axis.write(qmac::hls_tb::mvu_in_word<mvu_top_config>(in[next_in].data, in[next_in].last));
            ++next_in;
        }
        qmac_mvu_top(s_cfg, s_axis, m_axis, configured, err_cfg, err_tlast);
        bool moved = false;
        if (!m_axis.empty()) {
            moved = true;
            std::vector<std::uint8_t> data;
            bool last = false, well_formed = false;
            qmac::hls_tb::mvu_out_word<mvu_top_config>(m_axis.read(), data, last, well_formed);
            if (next_out >= expected.size()) {
                fail(what + ": an output beat beyond the " + std::to_string(expected.size()) + " expected");
                continue;
            }
            const qmac::hls_tb::MvuTbBeat& e = expected[next_out];
            if (!well_formed) fail(what + ": output beat " + std::to_string(next_out) + " without full TKEEP/TSTRB");
            if (data != e.data || last != e.last) {
                std::string lanes;
                for (int p = 0; p < kPe; ++p) {
                    lanes += " " + std::to_string(data[static_cast<std::size_t>(p)]) + "/" +
                             std::to_string(e.data[static_cast<std::size_t>(p)]);
                }
                fail(what + ": output beat " + std::to_string(next_out) + " (kernel/golden):" + lanes + " last " +
                     std::to_string(last) + "/" + std::to_string(e.last));
            }
            ++next_out;
            ++beats_checked;
        }
        const bool sources_done = next_cfg == cfg.size() && next_in == in.size() && s_cfg.empty() && s_axis.empty();
        idle = sources_done && next_out >= expected.size() && !moved ? idle + 1 : 0;
        if (clock > 50000000L) {
            fail(what + ": hangs");
            break;
        }
    }
    if (next_out != expected.size()) {
        fail(what + ": " + std::to_string(next_out) + " output beats, expected " + std::to_string(expected.size()));
    }
}

// A vector's K / SIMD beats, TLAST on the last (or, with `tlast_at` >= 0, on that beat instead; past the
// end, beats are appended up to it).
void append_vector(const std::vector<std::uint8_t>& x, int tlast_at, std::vector<SourceBeat>& beats) {
    const int n = static_cast<int>(x.size()) / kSimd;
    const int last = tlast_at >= 0 ? tlast_at : n - 1;
    for (int b = 0; b <= (last > n - 1 ? last : n - 1); ++b) {
        SourceBeat s;
        for (int i = 0; i < kSimd; ++i) s.data.push_back(b < n ? x[static_cast<std::size_t>(b * kSimd + i)] : 0x5A);
        s.last = b == last;
        beats.push_back(s);
        if (s.last) break;
    }
}

void check_flags(const std::string& what, bool want_configured, bool want_err_cfg, bool want_err_tlast) {
    if (configured != want_configured || err_cfg != want_err_cfg || err_tlast != want_err_tlast) {
        fail(what + ": flags configured/err_cfg/err_tlast " + std::to_string(configured) + std::to_string(err_cfg) +
             std::to_string(err_tlast) + ", expected " + std::to_string(want_configured) + std::to_string(want_err_cfg) +
             std::to_string(want_err_tlast));
    }
}

// A random layer shape of this engine: K and N multiples of SIMD and PE, at most `k_steps` x `n_folds`.
qmac::hls_tb::MvuTbLayer random_layer(Rng& rng, int k_steps, int n_folds, bool act_signed, int rounding) {
    const int ks = static_cast<int>(rng.uniform(1, k_steps)), nf = static_cast<int>(rng.uniform(1, n_folds));
    qmac::hls_tb::MvuTbLayer layer;
    qmac::hls_tb::random_mvu_layer(rng, ks * kSimd, nf * kPe, act_signed, rounding, layer);
    return layer;
}

// Loads `layer` and streams `batch` vectors through it; every beat checked.
void good_layer(Rng& rng, const qmac::hls_tb::MvuTbLayer& layer, int batch, const std::string& what) {
    std::vector<SourceBeat> in;
    std::vector<qmac::hls_tb::MvuTbBeat> expected;
    for (int v = 0; v < batch; ++v) {
        const std::vector<std::uint8_t> x = qmac::hls_tb::random_mvu_vector(rng, layer.k, layer.act_signed);
        append_vector(x, -1, in);
        qmac::hls_tb::append_expected_beats(layer, x, kPe, expected);
    }
    run(qmac::hls_tb::mvu_tb_config_words(layer), in, expected, what);
}

}  // namespace

int main(int argc, char** argv) {
    const long n_layers = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 12;
    Rng rng(0x3D5EEDULL + static_cast<unsigned>(kPe) * 131U + static_cast<unsigned>(kSimd));
    const int max_steps = mvu_top_config::max_k / kSimd, max_folds = mvu_top_config::max_n / kPe;
    const int k_steps = max_steps < 24 ? max_steps : 24, n_folds = max_folds < 6 ? max_folds : 6;

    // 1. Random layers, one after another without a reset (each load replaces the last): every rounding
    //    code (in turn over the channels, and each code alone), both activation types.
    for (long i = 0; i < n_layers; ++i) {
        const bool act_signed = (i & 1) == 0;
        const int rounding = i < qmac::hw::kRoundingCodes ? static_cast<int>(i) : -1;
        good_layer(rng, random_layer(rng, k_steps, n_folds, act_signed, rounding),
                   static_cast<int>(rng.uniform(1, 6)), "layer " + std::to_string(i));
        check_flags("layer " + std::to_string(i), true, false, false);
    }
    // The largest layer the memories hold, one vector (every weight word and input buffer word used).
    {
        qmac::hls_tb::MvuTbLayer layer;
        qmac::hls_tb::random_mvu_layer(rng, mvu_top_config::max_k, mvu_top_config::max_n, true, -1, layer);
        good_layer(rng, layer, 1, "MAX_K x MAX_N layer");
        check_flags("MAX_K x MAX_N layer", true, false, false);
    }

    // 2. TLAST errors: bad vectors between good ones give no output; the good ones all come out.
    {
        qmac::hls_tb::MvuTbLayer layer = random_layer(rng, k_steps, n_folds, false, -1);
        if (layer.k == kSimd) {  // an early TLAST needs two beats or more
            layer = qmac::hls_tb::MvuTbLayer();
            qmac::hls_tb::random_mvu_layer(rng, 3 * kSimd, kPe, false, -1, layer);
        }
        const int beats = layer.k / kSimd;
        std::vector<SourceBeat> in;
        std::vector<qmac::hls_tb::MvuTbBeat> expected;
        // good (g), early TLAST (e), late TLAST (l): each kind of bad vector before a good one and a bad one
        const char kinds[] = "gegleegllg";
        for (const char* kind = kinds; *kind != 0; ++kind) {
            const std::vector<std::uint8_t> x = qmac::hls_tb::random_mvu_vector(rng, layer.k, false);
            if (*kind == 'e') {
                append_vector(x, static_cast<int>(rng.uniform(0, beats - 2)), in);  // early
            } else if (*kind == 'l') {
                append_vector(x, beats + static_cast<int>(rng.uniform(0, 3)), in);  // late: beats up to it dropped
            } else {
                append_vector(x, -1, in);
                qmac::hls_tb::append_expected_beats(layer, x, kPe, expected);
            }
        }
        run(qmac::hls_tb::mvu_tb_config_words(layer), in, expected, "TLAST errors");
        check_flags("TLAST errors", true, false, true);
    }

    // 3. Malformed configuration packets: each leaves the engine unconfigured with err_cfg set; a good
    //    load afterwards works.
    {
        qmac::hls_tb::MvuTbLayer layer = random_layer(rng, 4, 2, true, -1);
        const std::vector<std::uint32_t> good = qmac::hls_tb::mvu_tb_config_words(layer);
        const std::uint32_t n_field = static_cast<std::uint32_t>(layer.n) << qmac::hw::kMvuHeaderNLsb;
        const std::uint32_t k_field = static_cast<std::uint32_t>(layer.k) << qmac::hw::kMvuHeaderKLsb;
        std::vector<std::vector<std::uint32_t>> bad;
        bad.push_back({n_field, 0U});                                               // K = 0
        bad.push_back({n_field | (k_field + (kSimd > 1 ? 1U : 0U)), 1U, 0U});         // K not a multiple (SIMD 1: ok)
        bad.push_back({(static_cast<std::uint32_t>(mvu_top_config::max_n + kPe) << 16) | k_field, 1U});  // N > MAX_N
        bad.push_back({good[0], 2U, 0U, 0U});                                      // a flag bit that is not defined
        bad.push_back(std::vector<std::uint32_t>(good.begin(), good.end() - 1));  // TLAST one word early
        std::vector<std::uint32_t> longer = good;
        longer.push_back(0U);
        bad.push_back(longer);  // TLAST missing on the last word, one word too many
        if (kSimd == 1) bad.erase(bad.begin() + 1);
        for (std::size_t i = 0; i < bad.size(); ++i) {
            run(bad[i], {}, {}, "bad packet " + std::to_string(i));
            check_flags("bad packet " + std::to_string(i), false, true, true);
            good_layer(rng, layer, 2, "good load after bad packet " + std::to_string(i));
            check_flags("good load after bad packet " + std::to_string(i), true, true, true);
        }
    }

#if !QMAC_HLS_VENDOR_STREAM
    if (s_cfg.overflowed() || s_axis.overflowed() || m_axis.overflowed() || s_cfg.underflowed() ||
        s_axis.underflowed() || m_axis.underflowed()) {
        fail("a stream was written while full or read while empty");
    }
#endif
    std::printf("qmac_mvu_top (PE %d, SIMD %d, MAX_K %d, MAX_N %d, %s): %ld output beats checked, %d mismatches\n", kPe,
                kSimd, mvu_top_config::max_k, mvu_top_config::max_n,
                QMAC_HLS_VENDOR_STREAM ? "AMD headers: AXI4-Stream words with TLAST" : "portable stream", beats_checked,
                failures);
    std::printf(failures == 0 ? "PASS\n" : "FAIL\n");
    return failures == 0 ? 0 : 1;
}
