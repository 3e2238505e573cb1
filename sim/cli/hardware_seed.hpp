// The seed example on the hardware kernels: its float64 requantization mapped to the kernels' integer
// parameters (proven exact over every accumulator the seed layer can reach), and the HLS run.
#pragma once

#include "backends.hpp"
#include "qmac/golden/seed_example.hpp"
#include "contract.hpp"

namespace qmac::cli {

// The seed's dot product through the HLS synthesis top qmac_dot_top (output) and qmac_dot_step (accumulator).
DotResult hls_seed(const golden::SeedResult& s);

// The seed's dot product through the Verilated RTL (LANES = 8, int8): the output, and the accumulator read
// back through the ports (tb/accumulator_readback.hpp).
DotResult rtl_seed(const golden::SeedResult& s);

}  // namespace qmac::cli
