// Running a fully connected layer: the golden model natively, and the integer parameters that the
// hardware kernels (HLS, RTL) need, with the proof that they reproduce the layer's mode exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "layer_spec.hpp"
#include "qmac/golden/fixed_point_mapping.hpp"

namespace qmac::layer {

struct LayerResult {
    std::size_t batch = 0;
    std::vector<std::int32_t> outputs;       // [batch * n]
    std::vector<std::int32_t> accumulators;  // [batch * n], after bias
};

// x holds batch * k input codes. Every mode runs natively (float modes in their float arithmetic).
LayerResult run_golden(const LayerSpec& layer, const std::vector<std::int32_t>& x, std::size_t batch);

// What the hardware kernel gets for one output channel.
struct HardwareChannel {
    std::int32_t bias;                      // input zero point folded in
    golden::FixedPointMapping requant;      // multiplier, shift, rounding, and the exactness proof
};

// One entry per channel, for the named hardware backend (it appears in messages only). Throws LayerError,
// naming the layer file, for what the kernels do not run (yet): the litert_ruy and litert_reference modes,
// uint8 weights, weight zero points (they multiply raw int8 weights); or when folding the input zero
// point overflows int32.
std::vector<HardwareChannel> hardware_channels(const LayerSpec& layer, const std::string& backend);

}  // namespace qmac::layer
