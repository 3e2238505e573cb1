#pragma once

#include "command.hpp"

namespace qmac::cli {

// `qmac compare --network N.json --model MODEL --input X.npy [--backend B]`: the network through
// `qmac run --network --trace` and the model through its runtime path (network.json's `match`, by
// importer/qmac_import/runtime_tensors.py), every tensor compared in op order; exit 0 only when all are equal.
Command add_compare_command(CLI::App& qmac);

}  // namespace qmac::cli
