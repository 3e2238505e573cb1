// What a qmac-sim run reports (its --report JSON, sim/README.md): the configuration, the counts, the
// coverage and the outcome; reading reports back, and merging the reports of a regression's shards.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "coverage.hpp"

namespace qmac::tb {

// A report that cannot be used: the message names the file and the problem.
struct ReportError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What every shard of one regression must share (checked by merge_reports).
struct RunConfig {
    int lanes = 0, latency = 0;
    std::string act, mode, stimulus, inject_bug;
    std::uint64_t seed = 0, beats_requested = 0, shards = 1, quantum = 0;
    bool hls_lockstep = true, x_random = false;
    double stall_prob = 0, bubble_prob = 0, reset_prob = 0;
};

// The counts of a run, summed by merge_reports.
struct RunCounts {
    std::uint64_t cycles = 0, beats_of_shard = 0, beats = 0, outputs_matched = 0, groups_dropped_by_reset = 0,
                  resets = 0, backpressure_cycles = 0, bubble_cycles = 0, input_stall_cycles = 0,
                  latencies_checked = 0;
};

// How one shard ended (status: 0 passed, 1 a mismatch or failed check, 3 empty required coverage bins).
struct ShardOutcome {
    std::string source;  // the report file
    std::uint64_t shard = 0;
    int status = 0;
    std::string failure, reproduce;
};

struct RunReport {
    RunConfig config;
    std::vector<std::uint64_t> shard_indices;  // one for a run; every merged shard for a merged report
    RunCounts counts;
    Coverage coverage;
    // The rounding codes the run's groups use: its --mode (all for mixed), or for the seed and vector
    // files those that occurred; the rounding bins required follow them.
    std::array<bool, hw::kRoundingCodes> rounding_used{};
    double wall_seconds = 0;
    int status = 0;
    // Which check failed first: "golden" (an output differs from the golden model), "lockstep" (RTL and
    // HLS disagree, a latency or II or held-output check), "lost" (expected outputs never arrived), "".
    std::string failed_check;
    std::string failure, reproduce;
    std::vector<ShardOutcome> shard_outcomes;  // merged reports: each shard's
};

// The coverage bins the run must fill (qmac-sim --require-coverage, qmac-sim-merge --require-coverage):
// the coverage's own for the rounding codes used, back-pressured cycles when stalls were asked for, resets
// mid-stream when resets were.
std::vector<Coverage::Bin> required_bins(const RunReport& r);

nlohmann::json to_json(const RunReport& r);
// Reads a report that qmac-sim wrote; throws ReportError("PATH: ...") when it cannot be read, is not
// JSON, or lacks a field or has one of the wrong type.
RunReport read_report(const std::string& path);
// Writes r to path (through a temporary file, so that a killed run leaves no partial report); throws
// ReportError when it cannot.
void write_report(const RunReport& r, const std::string& path);

// One report of the shards: counts and coverage summed, the shards' outcomes listed, status the worst.
// Throws ReportError naming the file when the shards are of different regressions (configuration) or a
// shard comes twice.
RunReport merge_reports(const std::vector<RunReport>& shards, const std::vector<std::string>& sources);

}  // namespace qmac::tb
