#pragma once

#include "command.hpp"

namespace qmac::cli {

// `qmac seed [--backend B] [--bits K] [--activation-range A] [--output-range A]`: prints the seed's 13 lines
// computed through backend B (golden by default), then one summary line per backend: the golden row marked
// as the reference, every other row compared with it. Its exit status is 0 when every compared backend
// agreed with the golden model.
Command add_seed_command(CLI::App& qmac);

}  // namespace qmac::cli
