// A violated assertion of rtl/qmac_mvu_assertions.sv stops a Verilated qmac_mvu with a message naming it.
//
//   rtl_mvu_assertion_stop CASE
//
// Loads a layer into the first prebuilt shape and streams a batch with back-pressure (its RtlMvuDut; the
// models are built with --assert); CASE "legal" does only that. The other cases break one rule on the way:
//   clamp_order       a channel record with out_min > out_max                      a_clamp_order
//   weight_256        a weight of 256 (|w - zw| <= 255)                            a_weight_range
//   withdrawn_word    the source drops s_cfg_tvalid before its word was taken      a_in_stable
// Verilator prints "Assertion failed in ...<label>: qmac_mvu: <label>: ..." and, with fatalOnError off,
// sets gotFinish(), after which this program prints "stopped by an assertion" and exits 1; a run that ends
// without one prints "no assertion failed" and exits 0. ctest checks message and label per case.
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#define QMAC_PREBUILT_INCLUDE_MODELS
#include "prebuilt_mvu_models.hpp"
#include "mvu_layer.hpp"
#include "mvu_stream.hpp"
#include "qmac/hls/interface.hpp"
#include "rtl_mvu_dut.hpp"

using namespace qmac;
using namespace qmac::tb;

namespace {
// The first prebuilt shape's model class behind MvuDut: its context is what an assertion stops.
#define QMAC_MVU_DUT(PE, SIMD, MK, MN)                                                                             \
    RtlMvuDut<Vqmac_mvu_p##PE##s##SIMD##k##MK##n##MN, PE, SIMD, MK, MN, Vqmac_mvu_p##PE##s##SIMD##k##MK##n##MN##_qmac_mvu::LATENCY>
using Dut = QMAC_FIRST_PREBUILT_MVU(QMAC_MVU_DUT);
#undef QMAC_MVU_DUT
}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "qmac: error: usage: rtl_mvu_assertion_stop legal|clamp_order|weight_256|withdrawn_word\n");
        return 2;
    }
    const std::string c = argv[1];
    if (c != "legal" && c != "clamp_order" && c != "weight_256" && c != "withdrawn_word") {
        std::fprintf(stderr, "qmac: error: rtl_mvu_assertion_stop: unknown case '%s'\n", c.c_str());
        return 2;
    }
    auto dut = std::make_unique<Dut>(false, 1);
    dut->context().fatalOnError(false);  // an assertion sets gotFinish() instead of aborting
    const hw::MvuShape s = dut->shape();
    mvu_reset(*dut);
    MvuLayer l;
    l.k = 2 * s.simd;
    l.n = s.pe;
    for (int n = 0; n < l.n; ++n) {
        hls_tb::OutParams p;
        p.multiplier = 1 << 30;
        p.shift = -4;
        p.rounding = hw::kRoundSingle;
        l.channels.push_back(p);
    }
    l.weights.assign(static_cast<std::size_t>(l.k * l.n), 255);
    if (c == "clamp_order") l.channels[2].min = 5, l.channels[2].max = 4;
    if (c == "weight_256") l.weights[3] = 256;
    const std::vector<std::uint32_t> words = mvu_config_words(l);
    std::vector<MvuInBeat> in;
    for (int v = 0; v < 8; ++v) {
        const auto b = mvu_vector_beats(std::vector<std::uint8_t>(static_cast<std::size_t>(l.k), static_cast<std::uint8_t>(v)), s.simd);
        in.insert(in.end(), b.begin(), b.end());
    }
    // Words, then beats, each offered until taken (but in the withdrawn_word case).
    std::size_t next_cfg = 0, next_in = 0;
    bool withdrawn = false, stalled = false;
    for (int cycle = 0; cycle < 2000; ++cycle) {
        const MvuOutputs o = dut->outputs();
        MvuInputs x = mvu_offer(words, next_cfg, in, next_in, cycle % 4 == 0);
        // withdrawn_word: a weight word offered while s_cfg_tready was low (the cycle after each weight word) is
        // withdrawn in the next cycle.
        if (c == "withdrawn_word" && !withdrawn && stalled) {
            x.cfg_valid = false;
            withdrawn = true;
        }
        stalled = x.cfg_valid && !o.cfg_ready && next_cfg >= static_cast<std::size_t>(2 + 4 * l.n);
        if (x.cfg_valid && o.cfg_ready) ++next_cfg;
        if (x.s_valid && o.s_ready) ++next_in;
        dut->edge(x);
        if (dut->context().gotFinish()) {
            std::printf("stopped by an assertion (cycle %d)\n", cycle);
            return 1;
        }
    }
    std::printf("ran 2000 cycles, %zu configuration words and %zu input beats taken, no assertion failed\n", next_cfg, next_in);
    return 0;
}
