// A fully connected layer as the qmac_mvu layer engine takes it (docs/mvu.md): K inputs, N outputs, the
// activations' signedness, each output channel's parameters and the weights minus their zero points; its
// checks against the contract and an engine's shape, and the configuration stream's words.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "out_params.hpp"  // hls/tb: OutParams, generated from docs/contract.toml
#include "qmac/hls/mvu_interface.hpp"

namespace qmac::tb {

struct MvuLayer {
    int k = 0;
    int n = 0;
    bool act_signed = true;
    std::vector<hls_tb::OutParams> channels;  // n entries (bias with the input zero point folded in)
    std::vector<std::int16_t> weights;        // n x k, row-major (channel, input): w - zw in [-255, 255]
};

// A layer or shape the engine cannot take; the message names the field and the limit.
class MvuLayerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws MvuLayerError unless every field is inside the contract (docs/interface.md's parameter ranges,
// each rounding's own shifts and largest multiplier, fp32's finite float32 bits, out_min <= out_max inside
// one 8-bit type) and the layer fits `shape` (K a multiple of SIMD in [SIMD, MAX_K], N a multiple of PE in
// [PE, MAX_N]).
void check_mvu_layer(const MvuLayer& layer, const hw::MvuShape& shape);

// The layer padded to `shape`'s multiples: K up to a multiple of SIMD with zero weights (any activation in
// the padded lanes then adds 0), N up to a multiple of PE with channels of default parameters (their
// outputs are the host's to drop). Throws MvuLayerError when the padded layer exceeds MAX_K or MAX_N.
MvuLayer pad_mvu_layer(const MvuLayer& layer, const hw::MvuShape& shape);

// The configuration packet of docs/mvu.md (header, N channel records, the weights two per word); the
// layer must pass check_mvu_layer (K and N are not checked here, so that tests can build bad packets).
std::vector<std::uint32_t> mvu_config_words(const MvuLayer& layer);

// An output byte read back as the code its channel's clamp range says (int8 when out_min < 0, else uint8).
std::int32_t mvu_output_code(std::uint8_t byte, const hls_tb::OutParams& p);

}  // namespace qmac::tb
