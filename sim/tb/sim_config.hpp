// qmac-sim's options (sim/README.md) and the group source they select.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "group_sources.hpp"

namespace qmac::tb {

struct SimConfig {
    int lanes = hw::kDefaultLanes;
    bool act_signed = true;
    RoundingChoice rounding = RoundingChoice::Mixed;
    std::uint64_t beats = 100000;
    std::uint64_t seed = 1;
    double stall = 0.3, bubble = 0.1, reset = 1e-5;
    std::uint64_t shard = 0, shards = 1;
    bool x_random = false, hls = true, require_coverage = false, rerun = true;
    std::string inject_bug;  // test only: golden-tie or hls-latency
    std::string trace, report, junit, fail_trace = "qmac-sim-failure.fst", stimulus = "random";
    std::uint64_t trace_from = 0, trace_to = UINT64_MAX;
    unsigned quantum = 256;
    std::vector<std::string> argv;  // as given, for the reproducer line
};

// qmac-sim's options, bound to the fields of c.
void add_sim_options(CLI::App& app, SimConfig& c);

// Parses the command line into c. Returns nothing when the simulation should run, or the exit status to
// stop with: 0 after --help (the usage on stdout), 2 after a "qmac-sim: error: ..." line for misuse.
std::optional<int> parse_sim_options(int argc, char** argv, SimConfig& c);

// The group source the options ask for; the same seed and options give the same groups.
std::unique_ptr<GroupGenerator> make_generator(const SimConfig& c, std::uint64_t seed);

// Group `index` of the stream make_generator(c, seed) gives, described for a failure report.
std::string describe_group(const SimConfig& c, std::uint64_t seed, std::uint64_t index);

}  // namespace qmac::tb
