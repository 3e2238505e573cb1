// The `requant` object of a layer file (docs/layer-format.md): one mode per layer or per output channel,
// and each channel's parameters in one of the three forms (scale, multiplier + shift, framework scales),
// each mode deriving its multiplier as its runtime does (internal to sim/layer).
#pragma once

#include <cstddef>
#include <vector>

#include "layer_json_reader.hpp"
#include "qmac/golden/requantize.hpp"

namespace qmac::layer::detail {

// requant.mode: one name for every channel, or an array of N names.
std::vector<golden::RequantMode> requant_modes(const Reader& r, const json& q, std::size_t n);
// Each channel's parameters of its mode; per_channel_modes: requant.mode was an array.
std::vector<golden::RequantParams> requant_params(const Reader& r, const json& q,
                                                  const std::vector<golden::RequantMode>& modes, bool per_channel_modes);

}  // namespace qmac::layer::detail
