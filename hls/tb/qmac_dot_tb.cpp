// C test bench of qmac_dot_top for Vitis HLS csim and cosim (and for ctest with plain g++): drives the
// seed example, corner cases and random groups through the synthesis top, compares every output with the
// golden model, prints a summary, and returns 0 only when every output matched (the Vitis contract).
// Optional argument: the number of random groups (default 3000; cosim time grows with it).
// The same source checks both builds of the top (qmac/hls/stream.hpp): the portable one's beat structs, and
// with AMD's headers its AXI4-Stream words, whose TLAST, TKEEP and TSTRB it checks on every output.
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "qmac/hls/qmac_dot_top.hpp"
#include "stimulus.hpp"
#include "top_words.hpp"

namespace {

using qmac::hls::qmac_dot_top_config;
using qmac::hls_tb::Expected;
using qmac::hls_tb::Group;

// The streams live outside the stack: a portable stream holds its DEPTH beats inline.
qmac::hls::top_in_stream s_axis;
qmac::hls::top_out_stream m_axis;

int failures = 0;
long checked = 0;

// Runs groups [first, last) through qmac_dot_top in one call and checks each output.
void run_call(const std::vector<Group>& groups, std::size_t first, std::size_t last, qmac::hls_tb::Rng& rng) {
    std::vector<qmac::hls::top_in_beat> beats;
    for (std::size_t i = first; i < last; ++i) qmac::hls_tb::append_beats<qmac_dot_top_config>(groups[i], beats, &rng);
    for (const auto& b : beats) s_axis.write(qmac::hls_tb::to_top_word(b));
    qmac_dot_top(s_axis, m_axis, static_cast<std::uint32_t>(beats.size()));
    for (std::size_t i = first; i < last; ++i) {
        const Expected e = qmac::hls_tb::golden_expected(groups[i]);
        if (m_axis.empty()) {
            std::printf("FAIL group %zu: no output beat\n", i);
            ++failures;
            continue;
        }
        bool well_formed = false;
        const int y = qmac::hls_tb::top_y(m_axis.read(), well_formed);
        ++checked;
        if (!well_formed) {
            if (failures < 20) std::printf("FAIL group %zu: output word without TLAST, full TKEEP/TSTRB or sign extension\n", i);
            ++failures;
        } else if (y != e.y) {
            if (failures < 20) {
                const qmac::hls_tb::OutParams& p = groups[i].params;
                std::printf("FAIL group %zu: acc %d M %d shift %d rounding %u wrap offset %u zp %d clamp [%d, %d]: kernel %d, golden %d\n",
                            i, e.acc, p.multiplier, p.shift, p.rounding, p.wrap_offset, p.zero_point, p.min, p.max, y, e.y);
            }
            ++failures;
        }
    }
    if (!m_axis.empty() || !s_axis.empty()) {
        std::printf("FAIL: streams not empty after a call\n");
        ++failures;
    }
}

}  // namespace

int main(int argc, char** argv) {
    const long n_random = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 3000;
    const bool act_signed = qmac_dot_top_config::act_signed;
    const int lanes = qmac_dot_top_config::lanes;
    qmac::hls_tb::Rng rng(0x51A7E5EEDULL + static_cast<unsigned>(lanes) * 2U + (act_signed ? 1U : 0U));

    std::vector<Group> groups;
    if (act_signed) groups.push_back(qmac::hls_tb::seed_group());  // the seed's A values are int8
    for (long i = 0; i < n_random; ++i) groups.push_back(qmac::hls_tb::random_group(rng, lanes, act_signed));

    // Calls of up to kTopStreamDepth beats, each a whole number of groups.
    const std::size_t max_beats = static_cast<std::size_t>(qmac::hls::kTopStreamDepth);
    std::size_t first = 0, beats = 0;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const std::size_t n = (groups[i].act.size() + static_cast<std::size_t>(lanes) - 1) / static_cast<std::size_t>(lanes);
        if (beats + n > max_beats) {
            run_call(groups, first, i, rng);
            first = i;
            beats = 0;
        }
        beats += n;
    }
    run_call(groups, first, groups.size(), rng);

    if (act_signed) {  // the seed example on its own, against the golden seed's own (float64) result
        const qmac::golden::SeedResult& seed = qmac::hls_tb::seed_result();
        std::vector<qmac::hls::top_in_beat> b;
        qmac::hls_tb::append_beats<qmac_dot_top_config>(qmac::hls_tb::seed_group(), b);
        for (const auto& x : b) s_axis.write(qmac::hls_tb::to_top_word(x));
        qmac_dot_top(s_axis, m_axis, static_cast<std::uint32_t>(b.size()));
        bool well_formed = false;
        const int y = qmac::hls_tb::top_y(m_axis.read(), well_formed);
        const int acc = qmac::hls_tb::golden_expected(qmac::hls_tb::seed_group()).acc;
        std::printf("seed example: acc %d, output %d (golden seed: %d, %d)\n", acc, y, seed.accumulator, seed.output_q);
        if (!well_formed || y != seed.output_q || acc != seed.accumulator) ++failures;
    }
#if !QMAC_HLS_VENDOR_STREAM
    if (s_axis.overflowed() || s_axis.underflowed() || m_axis.overflowed() || m_axis.underflowed()) {
        std::printf("FAIL: a stream was written while full or read while empty\n");
        ++failures;
    }
#endif
    std::printf("qmac_dot_top (LANES %d, %s activations, %s): %ld outputs checked, %d mismatches\n", lanes,
                act_signed ? "int8" : "uint8",
                QMAC_HLS_VENDOR_STREAM ? "AMD headers: AXI4-Stream words with TLAST" : "portable stream", checked, failures);
    std::printf(failures == 0 ? "PASS\n" : "FAIL\n");
    return failures == 0 ? 0 : 1;
}
