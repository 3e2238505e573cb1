// A fully connected layer on the hardware kernels: each channel's integer parameters (bias with the input
// zero point folded in, multiplier, shift, rounding: layer::hardware_channels), every (batch, channel)
// output streamed as one group of ceil(K / LANES) beats.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "layer_run.hpp"

namespace qmac::cli {

// backend: "hls" (the HLS kernel's qmac_dot_step, LANES = 8) or "rtl" (the Verilated qmac_dot, LANES = 8).
// want_accumulators: also return the accumulators (RTL: read back through the ports, 5 extra passes).
// Throws std::runtime_error for an unknown or unbuilt backend.
layer::LayerResult run_layer_on_hardware(const std::string& backend, const layer::LayerSpec& layer,
                                         const std::vector<layer::HardwareChannel>& channels,
                                         const std::vector<std::int32_t>& x, std::size_t batch,
                                         bool want_accumulators);

// The backends run_layer_on_hardware knows in this build ("hls", and "rtl" when the RTL is built).
std::vector<std::string> hardware_backends();

}  // namespace qmac::cli
