// A fully connected layer on the qmac_mvu layer engine (docs/mvu.md) through the host driver
// (sim/host/mvu_stream): the layer's channels as an MvuLayer, padded to the engine's shape, loaded once per
// tile of at most MAX_N channels, the batch streamed through as input vectors, the padding dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "layer_run.hpp"
#include "mvu_dut.hpp"

namespace qmac::cli {

// The prebuilt shape "PExSIMD" names (hw::kMvuPrebuilt), or nothing.
std::optional<hw::MvuShape> prebuilt_mvu(const std::string& name);
std::string mvu_name(const hw::MvuShape& shape);  // "8x8"
std::vector<std::string> prebuilt_mvu_names();    // every prebuilt shape's name, in the contract's order
// The engine `qmac run` uses unless --mvu says otherwise: 8 x 8.
hw::MvuShape default_mvu();

// What the engine did, for the progress lines and tests.
struct MvuRunStats {
    std::size_t tiles = 0;         // layer loads (N split into tiles of MAX_N channels)
    std::uint64_t cycles = 0;      // clock edges, loads included
};

class MvuEngine {
public:
    // backend "hls" (make_hls_mvu) or "rtl" (make_rtl_mvu); throws std::runtime_error when not built.
    MvuEngine(const std::string& backend, const hw::MvuShape& shape);
    // The output codes [batch * L.n] of L over x (batch * L.k input codes). progress(done, total) after each
    // part of the work (vectors x tiles) when given. Throws std::runtime_error (one line) for a layer the
    // engine cannot hold (K > MAX_K), a DUT that breaks the stream rules, or one that flags an error.
    std::vector<std::int32_t> run(const layer::LayerSpec& L, const std::vector<layer::HardwareChannel>& channels,
                                  const std::vector<std::int32_t>& x, std::size_t batch,
                                  const std::function<void(std::size_t, std::size_t)>& progress = {});
    const MvuRunStats& stats() const { return stats_; }
    std::string description() const;  // "rtl mvu 8x8"

private:
    std::string backend_;
    hw::MvuShape shape_;
    std::unique_ptr<tb::MvuDut> dut_;
    MvuRunStats stats_;
};

}  // namespace qmac::cli
