// The qmac_dot hardware contract (docs/interface.md) as the host drives it: one input beat of a Verilated
// or C-simulated DUT, and the beats of a group (hls/tb/stimulus.hpp, the one stimulus library). Shared by
// the SystemC testbench, the raw Verilator harness, the RTL unit tests and the `qmac` backends.
#pragma once

#include <cstddef>
#include <cstdint>

#include "qmac/hls/interface.hpp"
#include "param_packers.hpp"  // OutParams (hls/tb) and its port packers, generated from docs/contract.toml
#include "stimulus.hpp"    // hls/tb: Group, golden_output, the generators
#include "splitmix64.hpp"  // hls/tb: the project's one random generator

namespace qmac::tb {

using hls_tb::Group;
using hls_tb::golden_output;

// One input beat of up to hw::kMaxLanes lanes; activations hold int8 or uint8 codes.
struct InBeat {
    std::int16_t act[hw::kMaxLanes];
    std::int16_t wgt[hw::kMaxLanes];  // kWeightBits-bit signed: weights minus their zero point
    bool last = false;
    OutParams params;  // meaningful on `last` beats
};

// Beat `index` of g's hls_tb::beat_count(g, lanes) beats: lanes past g's elements are 0, the last beat
// carries g's parameters.
inline void group_beat(const Group& g, std::size_t index, int lanes, InBeat& b) {
    const std::size_t first = index * static_cast<std::size_t>(lanes), n = g.act.size();
    for (int i = 0; i < lanes; ++i) {
        const std::size_t e = first + static_cast<std::size_t>(i);
        b.act[i] = static_cast<std::int16_t>(e < n ? g.act[e] : 0);
        b.wgt[i] = static_cast<std::int16_t>(e < n ? g.wgt[e] : 0);
    }
    b.last = index + 1 == hls_tb::beat_count(g, lanes);
    b.params = b.last ? g.params : OutParams{};
}

}  // namespace qmac::tb
