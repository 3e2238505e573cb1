// Streams groups of beats through a Dut with the output always ready and no input bubbles, and collects
// the outputs in order: how the `qmac` command runs the seed and whole layers on the RTL.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

#include "dut.hpp"

namespace qmac::tb {

// next_beat(beat) fills the next beat and returns false when there are no more. Returns one output per
// `last` beat. Throws std::runtime_error if the DUT stops producing outputs (a hang).
inline std::vector<std::int32_t> stream_groups(Dut& dut, const std::function<bool(InBeat&)>& next_beat) {
    static const InBeat idle{};
    for (int i = 0; i < kPowerUpResetCycles; ++i) dut.edge(true, false, idle, false);
    std::vector<std::int32_t> out;
    std::uint64_t expected = 0;
    InBeat beat{};
    bool have = next_beat(beat);
    std::uint64_t quiet = 0;
    while (have || out.size() < expected) {
        const DutOutputs o = dut.outputs();
        if (o.m_valid) {
            out.push_back(o.m_data);
            quiet = 0;
        } else if (!have && ++quiet > 16u * static_cast<unsigned>(dut.latency()) + 64) {
            throw std::runtime_error(std::string(dut.name()) + " produced " + std::to_string(out.size()) + " of " +
                                     std::to_string(expected) + " outputs and then none");
        }
        const bool fire = have && o.s_ready;
        dut.edge(false, have, have ? beat : idle, true);
        if (fire) {
            expected += beat.last;
            have = next_beat(beat);
        }
    }
    return out;
}

}  // namespace qmac::tb
