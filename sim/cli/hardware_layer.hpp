// A fully connected layer on the hardware kernels, from each channel's integer parameters (bias with the
// input zero point folded in, multiplier, shift, rounding: layer::hardware_channels), on one of two kernels:
// - mvu (the default): the layer engine qmac_mvu / qmac_mvu_top (docs/mvu.md), the layer loaded once per
//   tile of MAX_N channels and the batch streamed through it (mvu_engine.hpp);
// - dot: qmac_dot, the streaming-weights kernel (docs/interface.md), every (batch, channel) output one group
//   of ceil(K / LANES) beats with its weights beside the activations; it takes any K, and it is the kernel
//   whose accumulators can be read back (int32 layers, which have no requantization, always run on it).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "layer_run.hpp"
#include "mvu_engine.hpp"

namespace qmac::cli {

struct HardwareKernel {
    std::string backend;               // "hls" or "rtl"
    std::string kernel = "mvu";        // "mvu" or "dot"
    hw::MvuShape mvu = default_mvu();  // the engine's prebuilt shape (kernel mvu)
};

// The kernel choices of --kernel, the default first.
std::vector<std::string> hardware_kernels();

class HardwareLayerRunner {
public:
    explicit HardwareLayerRunner(HardwareKernel kernel);
    ~HardwareLayerRunner();
    // want_accumulators: also return the accumulators: on qmac_dot read back through its ports (RTL: 5
    // extra passes); on the MVU, which has no accumulator port, the golden model's. progress(done, total):
    // see MvuEngine::run (kernel mvu only). Throws std::runtime_error for an unbuilt backend or a layer the
    // kernel cannot run.
    layer::LayerResult run(const layer::LayerSpec& layer, const std::vector<layer::HardwareChannel>& channels,
                           const std::vector<std::int32_t>& x, std::size_t batch, bool want_accumulators,
                           const std::function<void(std::size_t, std::size_t)>& progress = {});
    // "rtl mvu 8x8" or "rtl dot".
    std::string description() const;
    // The MVU's layer loads so far (one per tile of MAX_N channels of every layer run on it).
    std::size_t layer_loads() const { return mvu_ ? mvu_->stats().tiles : 0; }

private:
    HardwareKernel kernel_;
    std::unique_ptr<MvuEngine> mvu_;  // one engine, and one DUT, for every layer of a run
};

// The backends HardwareLayerRunner knows in this build ("hls", and "rtl" when the RTL is built).
std::vector<std::string> hardware_backends();

}  // namespace qmac::cli
