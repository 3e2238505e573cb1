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
    std::vector<std::int32_t> weights;      // w - weight zero point: the kernel's weight lanes (9-bit signed)
    std::int32_t bias;                      // the input zero point folded in: bias - zin * sum(w - zw)
    golden::FixedPointMapping requant;      // multiplier, shift, rounding, and the exactness proof
};

// One entry per channel: sum((x - zin) * (w - zw)) + bias = sum(x * weights) + bias', exactly as golden
// accumulates. Throws LayerError when folding the input zero point overflows int32.
std::vector<HardwareChannel> hardware_channels(const LayerSpec& layer);

}  // namespace qmac::layer
