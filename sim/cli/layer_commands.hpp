#pragma once

#include "command.hpp"

namespace qmac::cli {

// `qmac run --layer L.json --input X.npy --output Y.npy [--accumulators ACC.npy] [--backend golden]
//           [--allow-inexact]`: a fully connected layer over a batch; `qmac run --network N.json --input X.npy
//           --output Y.npy [--backend B] [--trace TDIR]`: a network (network_command.hpp).
Command add_run_command(CLI::App& qmac);

// `qmac quantize --input F.npy --bits K --output Q.npy [--range A]`: the seed's symmetric quantization.
Command add_quantize_command(CLI::App& qmac);

// `qmac params --layer L.json [--input-dtype int8|uint8]`: the integer parameters the hardware kernels
// get for each channel, and whether they reproduce the layer's mode exactly over its accumulator range.
Command add_params_command(CLI::App& qmac);

}  // namespace qmac::cli
