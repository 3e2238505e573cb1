// The datapath implementations the qmac program can run a dot product through, by name.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "qmac/golden/seed_example.hpp"

namespace qmac::cli {

// What a backend computes from the seed's quantized integers: the int32 accumulator and the output code.
struct DotResult {
    std::int32_t accumulator;
    std::int32_t output;
};

struct Backend {
    std::string name;
    std::string description;
    std::function<DotResult(const golden::SeedResult&)> run_seed;
    bool reference = false;  // the golden model: what the others are compared with, not compared itself
};

// The backends built into this binary, golden first (the reference the others are compared with).
const std::vector<Backend>& available_backends();
// The names select_backends() takes: available_backends() and "all".
std::vector<std::string> backend_choices();
// "golden", "all", or a name from available_backends(); throws UsageError listing the choices.
std::vector<Backend> select_backends(const std::string& choice);

}  // namespace qmac::cli
