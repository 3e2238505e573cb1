#pragma once

#include <string>
#include <vector>

namespace qmac::cli {

// `qmac seed [--backend B] [--bits K] [--activation-range A] [--output-range A]`: prints the seed's 13 lines
// computed through backend B (golden by default), then one summary line per backend. Returns the exit
// status: 0 when every selected backend agreed with the golden model.
int seed_command(const std::vector<std::string>& args);

}  // namespace qmac::cli
