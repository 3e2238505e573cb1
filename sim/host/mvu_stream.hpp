// Streams a layer and a batch through any MvuDut (docs/mvu.md) the way a DMA engine would: the
// configuration packet, then the input beats, with random input bubbles and output back-pressure, checking
// the AXI4-Stream rules the DUT must keep on its outputs (a beat held while valid and not ready) and
// detecting a hang. Used by tests/rtl_mvu, tests/hls_mvu, the MVU testbench and `qmac run`.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "mvu_dut.hpp"
#include "mvu_reference.hpp"

namespace qmac::tb {

// One input beat: SIMD activation bytes (lane i = data[i]) and TLAST.
struct MvuInBeat {
    std::array<std::uint8_t, hw::kMvuMaxSimd> data{};
    bool last = false;
};

// The K / SIMD beats of one vector (x.size() a multiple of simd), TLAST on the last.
std::vector<MvuInBeat> mvu_vector_beats(const std::vector<std::uint8_t>& x, int simd);

struct MvuStreamOptions {
    double bubble_prob = 0.0;  // probability that the source holds back a configuration word or input beat
    double stall_prob = 0.0;   // probability that the sink holds m_ready low in a cycle
    std::uint64_t seed = 1;
    // The run fails when no beat moves on any stream for this many cycles while beats are still owed.
    std::uint64_t hang_cycles = 100000;
    // After the last expected output, cycles to keep the sink ready and watch for a beat too many.
    std::uint64_t drain_cycles = 200;
};

struct MvuStreamResult {
    std::vector<MvuOutBeat> out;     // every output beat, in order
    std::uint64_t cycles = 0;        // clock edges of the whole run (configuration included, drain excluded)
    // Edges from the one that transferred the first input beat to the one that transferred the last output
    // beat: B x (N / PE) x (K / SIMD) + input (1, the input register) + LATENCY at full rate when K / SIMD >= PE
    // (docs/mvu.md, which also gives the K / SIMD < PE case).
    std::uint64_t compute_cycles = 0;
    bool err_cfg = false;
    bool err_tlast = false;
    bool configured = false;
};

// A DUT broke the AXI4-Stream rules, hung, or sent more output beats than owed.
class MvuStreamError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The inputs of a cycle that offers configuration word next_cfg of `config` while any is left, else input
// beat next_in of `input` while any is left, with m_ready as given (for tests that drive the ports by hand).
MvuInputs mvu_offer(const std::vector<std::uint32_t>& config, std::size_t next_cfg, const std::vector<MvuInBeat>& input,
                    std::size_t next_in, bool m_ready);

// Resets the DUT for `cycles` edges (the power-up reset every driver applies first).
void mvu_reset(MvuDut& dut, int cycles = 2);

// Sends `config` (one packet, TLAST on its last word; empty: keep the loaded layer), then `input`, and
// collects `expected_beats` output beats (then drains, failing on any extra beat). Throws MvuStreamError.
MvuStreamResult mvu_stream(MvuDut& dut, const std::vector<std::uint32_t>& config, const std::vector<MvuInBeat>& input,
                           std::size_t expected_beats, const MvuStreamOptions& options = {});

}  // namespace qmac::tb
