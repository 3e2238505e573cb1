// `qmac run --network N.json --input X.npy --output Y.npy [--backend B] [--trace TDIR]`: a whole network,
// its MAC ops on the chosen backend, the other ops in the golden model (docs/network-format.md).
#pragma once

#include <string>

#include "hardware_layer.hpp"

namespace qmac::cli {

struct NetworkRunOptions {
    std::string network, input, output, trace, backend = "golden";
    HardwareKernel kernel;  // the MAC ops' kernel on hls and rtl
};

// Returns the exit status; throws (one line) for a bad network, input or backend disagreement.
int run_network_command(const NetworkRunOptions& options);

}  // namespace qmac::cli
