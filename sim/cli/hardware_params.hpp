// One output channel's parameters as both hardware kernels take them (qmac_dot's `last` beat, the MVU's
// channel record): the integer requantizer's multiplier, shift, rounding code and wrap offset, the bias with the input
// zero point folded in, the layer's output zero point and clamp range.
#pragma once

#include "golden_rounding.hpp"  // hls/tb: rounding_code
#include "layer_run.hpp"
#include "layer_spec.hpp"
#include "out_params.hpp"
#include "qmac/golden/fixed_point_mapping.hpp"
#include "qmac/hls/interface.hpp"

namespace qmac::cli {

static_assert(golden::kWrapOffsetMax == hw::kWrapOffsetMax,
              "golden's map_to_fixed_point picks wrap offsets the contract's field holds");

inline hls_tb::OutParams hardware_out_params(const layer::LayerSpec& L, const layer::HardwareChannel& h) {
    hls_tb::OutParams p;
    p.bias = h.bias;
    p.multiplier = h.requant.multiplier.multiplier;
    p.shift = h.requant.multiplier.shift;
    p.rounding = hls_tb::rounding_code(h.requant.rounding);
    p.wrap_offset = static_cast<unsigned>(h.requant.multiplier.wrap_offset);
    p.zero_point = L.output.zero_point;
    p.min = L.output.min;
    p.max = L.output.max;
    return p;
}

}  // namespace qmac::cli
