#pragma once

#include <string>
#include <vector>

namespace qmac::cli {

// `qmac run --layer L.json --input X.npy --output Y.npy [--backend golden] [--accumulators ACC.npy]
//           [--allow-inexact]`: a fully connected layer over a batch.
int run_command(const std::vector<std::string>& args);

// `qmac quantize --input F.npy --bits K [--range A] --output Q.npy`: the seed's symmetric quantization.
int quantize_command(const std::vector<std::string>& args);

// `qmac params --layer L.json [--input-dtype int8|uint8]`: the integer parameters the hardware kernels
// get for each channel, and whether they reproduce the layer's mode exactly over its accumulator range.
int params_command(const std::vector<std::string>& args);

}  // namespace qmac::cli
