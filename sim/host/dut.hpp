// A cycle-level device under test with the qmac_dot ports: the Verilated RTL and the HLS kernel's cycle
// model both implement it, so the testbench drives them in lockstep through one interface.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "contract.hpp"

namespace qmac::tb {

// What a DUT shows before a clock edge; all three are register outputs in qmac_dot, so they do not
// depend on the inputs of the same cycle.
struct DutOutputs {
    bool s_ready;
    bool m_valid;
    std::int32_t m_data;  // the output code (sign-extended for int8)
};

// Cycles of reset every driver applies first: the RTL's state is undefined (random with --x-random)
// until then, so nothing is compared before it.
constexpr int kPowerUpResetCycles = 2;

class Dut {
public:
    virtual ~Dut() = default;
    virtual const char* name() const = 0;
    virtual int lanes() const = 0;
    virtual bool act_signed() const = 0;
    // The contract's LATENCY (for the RTL: its exported localparam).
    virtual int latency() const = 0;
    // The outputs for the current cycle (state after the last edge).
    virtual DutOutputs outputs() const = 0;
    // One rising clock edge with these inputs (beat is read only when s_valid).
    virtual void edge(bool rst, bool s_valid, const InBeat& beat, bool m_ready) = 0;
    // Waveform tracing (RTL only): start writing an FST file; dumps are taken at every edge after it.
    virtual bool open_trace(const std::string& /*path*/) { return false; }
    virtual void close_trace() {}
};

// The prebuilt Verilated configurations (QMAC_PREBUILT_LANES in sim/CMakeLists.txt), int8 or uint8
// activations.
// Returns nullptr for a configuration that is not built. x_random: uninitialised state random (seed).
std::unique_ptr<Dut> make_rtl_dut(int lanes, bool act_signed, bool x_random, std::uint64_t seed);
// The HLS kernel's cycle model for the same configurations, with the given latency (read from the RTL).
std::unique_ptr<Dut> make_hls_dut(int lanes, bool act_signed, int latency);

}  // namespace qmac::tb
