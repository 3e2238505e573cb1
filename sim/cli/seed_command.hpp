#pragma once

#include <string>
#include <vector>

namespace qmac::cli {

// `qmac seed [--backend B] [--bits K] [--activation-range A] [--output-range A]`: prints the seed's 13 lines
// computed through backend B (golden by default), then one summary line per backend: the golden row marked
// as the reference, every other row compared with it. Returns the exit status: 0 when every compared
// backend agreed with the golden model.
int seed_command(const std::vector<std::string>& args);

}  // namespace qmac::cli
