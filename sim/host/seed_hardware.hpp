// The seed example on the hardware contract: its float64 requantization mapped to the kernels' integer
// parameters (proven exact over every accumulator the seed layer can reach), and its dot product as a
// group of beats for any lane count.
#pragma once

#include "contract.hpp"
#include "qmac/golden/seed_example.hpp"
#include "stimulus.hpp"

namespace qmac::tb {

// Truncation with the multiplier golden::map_seed_to_fixed_point finds over the seed layer's reachable
// accumulators (activations in the symmetric code range). Throws std::runtime_error naming the first
// differing accumulator when no exact mapping exists.
OutParams seed_hardware_params(const golden::SeedResult& s);

// The seed's quantized W and A split into lanes-wide beats (zero-padded), with params on the last beat;
// acc and y filled in by golden (finish_group).
Group seed_group(const golden::SeedResult& s, const OutParams& params, int lanes);

}  // namespace qmac::tb
