// The MVU testbench's stimulus (qmac-mvu-sim, sim/README.md): random layers, one job each, for a random
// prebuilt engine: K and N as several folds or one, every rounding code with its ties and clamps (the
// per-output parameters of hls/tb/stimulus.hpp's random_group, each channel's accumulator for the first
// vector aimed through its bias), a batch of vectors with TLAST errors among the good ones, the expected
// output beats from the golden model (mvu_expected_beats).
#pragma once

#include <cstdint>
#include <vector>

#include "mvu_layer.hpp"
#include "mvu_reference.hpp"
#include "mvu_stream.hpp"
#include "splitmix64.hpp"

namespace qmac::tb {

struct MvuJobOptions {
    double tlast_error_prob = 0.1;  // per vector: early or late TLAST (half each)
    double reset_prob = 0.15;       // per job: reset the engine before loading it
    double full_rate_prob = 0.2;    // per job: no bubbles, no back-pressure, good vectors only, cycles checked
};

struct MvuJob {
    std::uint64_t index = 0;
    int shape = 0;            // index into hw::kMvuPrebuilt
    bool reset_before = false;
    bool full_rate = false;   // no bubbles, no back-pressure, no bad vectors: the RTL's cycles are checked
    MvuLayer layer;
    std::vector<std::uint32_t> config;
    std::vector<MvuInBeat> input;         // every vector's beats, the bad ones included
    std::vector<MvuOutBeat> expected;     // the good vectors' output beats
    std::vector<std::int32_t> accumulators;  // of every expected output, vector by vector (coverage)
    std::size_t good_vectors = 0, early_tlast = 0, late_tlast = 0;
};

// The next job of the stream rng gives (deterministic for a seed), numbered `index`.
MvuJob make_mvu_job(hls_tb::SplitMix64& rng, std::uint64_t index, const MvuJobOptions& options);

}  // namespace qmac::tb
