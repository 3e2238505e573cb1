// A cycle-level device under test with the qmac_mvu ports (docs/mvu.md): the Verilated RTL and the HLS
// kernel's cycle model both implement it, so drivers, the testbench and `qmac run` stream layers through
// either in the same way.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "qmac/hls/mvu_interface.hpp"

namespace qmac::tb {

// The inputs of one clock edge. s_data[i] is activation lane i (SIMD lanes used); cfg_data one
// configuration word.
struct MvuInputs {
    bool rst = false;
    bool cfg_valid = false;
    std::uint32_t cfg_data = 0;
    bool cfg_last = false;
    bool s_valid = false;
    std::array<std::uint8_t, hw::kMvuMaxSimd> s_data{};
    bool s_last = false;
    bool m_ready = true;
};

// What the DUT shows before a clock edge (state after the last edge; the ready and valid outputs are
// register outputs, independent of the same cycle's inputs). m_data[p] is output lane p (PE lanes used).
struct MvuOutputs {
    bool cfg_ready = false;
    bool s_ready = false;
    bool m_valid = false;
    std::array<std::uint8_t, hw::kMvuMaxPe> m_data{};
    bool m_last = false;
    bool configured = false;
    bool err_cfg = false;
    bool err_tlast = false;
};

class MvuDut {
public:
    virtual ~MvuDut() = default;
    virtual const char* name() const = 0;
    virtual hw::MvuShape shape() const = 0;
    // The contract's LATENCY (for the RTL: its exported localparam).
    virtual int latency() const = 0;
    virtual MvuOutputs outputs() const = 0;
    // One rising clock edge with these inputs.
    virtual void edge(const MvuInputs& in) = 0;
    // Waveform tracing (RTL only): start writing an FST file; dumps are taken at every edge after it.
    virtual bool open_trace(const std::string& /*path*/) { return false; }
    virtual void close_trace() {}
};

// The prebuilt configurations (hw::kMvuPrebuilt); nullptr for a shape that is not built.
// x_random: uninitialised RTL state random (seed).
std::unique_ptr<MvuDut> make_rtl_mvu(const hw::MvuShape& shape, bool x_random, std::uint64_t seed);
std::unique_ptr<MvuDut> make_hls_mvu(const hw::MvuShape& shape);

}  // namespace qmac::tb
