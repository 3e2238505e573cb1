// The MVU testbench's cycle engine (plain C++, driven one clock at a time by the SystemC driver): one job
// through the RTL and the HLS engine of its shape, each from its own cursor into the job's configuration
// words and input beats, both under the same per-cycle input bubble and output back-pressure decisions.
// Checked on every cycle: each output beat against the golden model's (in order), the RTL's and the HLS's
// beat streams against each other, the AXI4-Stream rule on held output beats, no beat beyond those owed,
// no hang; at the end of the job the sticky flags (err_tlast exactly when a bad vector came since the last
// reset, err_cfg never, configured) and, for a full-rate job, the RTL's cycles
// B x (N / PE) x (K / SIMD) + input + LATENCY when K / SIMD >= PE (docs/mvu.md has both formulas).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mvu_dut.hpp"
#include "mvu_jobs.hpp"
#include "splitmix64.hpp"

namespace qmac::tb {

struct MvuPair {
    MvuDut* rtl = nullptr;
    MvuDut* hls = nullptr;  // nullptr: RTL only
    bool tlast_error_since_reset = false;
    bool loaded = false;    // a layer is loaded (the next load is a reload)
};

struct MvuLockstepOptions {
    double bubble_prob = 0.1, stall_prob = 0.3;
    std::uint64_t seed = 1;
    std::uint64_t hang_cycles = 20000;
    std::uint64_t drain_cycles = 64;
    bool inject_hls_bug = false;  // test only: the HLS engine's third output beat of a job, lane 0 inverted
};

struct MvuLockstepStats {
    std::uint64_t cycles = 0, jobs = 0, beats_matched = 0, outputs_matched = 0, resets = 0, reloads = 0;
    std::uint64_t backpressure_cycles = 0, bubble_cycles = 0;
    // Full-rate batches whose RTL cycles were checked: K / SIMD >= PE (peak), K / SIMD < PE (serializer pace).
    std::uint64_t full_rate_checked = 0, serializer_rate_checked = 0;
    std::uint64_t early_tlast = 0, late_tlast = 0, vectors = 0;
    std::uint64_t single_k_fold = 0, multi_k_fold = 0, single_n_fold = 0, multi_n_fold = 0;
    std::uint64_t per_shape_jobs[hw::kMvuPrebuiltCount] = {};
};

// The engines every testbench of the layer engine runs: the RTL (and, with_hls, the HLS) engine of every
// prebuilt shape, owned by duts, paired in pairs (index = hw::kMvuPrebuilt's); the RTL models' x state seeded
// with seed. Returns the first shape whose engine is not built ("PExSIMD"), empty when all are.
std::string make_mvu_pairs(bool with_hls, std::uint64_t seed, std::vector<std::unique_ptr<MvuDut>>& duts,
                           std::vector<MvuPair>& pairs);

// qmac-mvu-sim's and qmac-mvu-raw's cycle-engine options: the same stream of decisions for a seed.
MvuLockstepOptions mvu_lockstep_options(std::uint64_t seed, double bubble_prob, double stall_prob);

class MvuLockstep {
public:
    explicit MvuLockstep(const MvuLockstepOptions& o) : o_(o), rng_(o.seed) {}
    // Starts a job on its pair (resetting it first when the job says so).
    void start(const MvuJob& job, MvuPair& pair);
    // One clock edge of both DUTs; false when the job is over (done or failed).
    bool step();
    const std::string& failure() const { return failure_; }
    const MvuLockstepStats& stats() const { return stats_; }

private:
    struct Port {
        MvuDut* dut = nullptr;
        std::size_t cfg = 0, in = 0;
        bool cfg_offered = false, in_offered = false, held = false, have_first_in = false;
        MvuOutputs prev;
        std::vector<MvuOutBeat> out;
        std::uint64_t first_in = 0, last_out = 0, idle = 0;
    };
    bool owed(const Port& p) const;
    void edge(Port& p, bool bubble, bool stall, int port);
    bool check_golden(const Port& p, std::size_t beat);
    void check_beat(int port);
    void finish();
    void fail(const std::string& what);

    MvuLockstepOptions o_;
    hls_tb::SplitMix64 rng_;
    const MvuJob* job_ = nullptr;
    MvuPair* pair_ = nullptr;
    Port ports_[2];
    int n_ports_ = 0;
    std::uint64_t cycle_ = 0, drained_ = 0;  // cycle: of this job
    bool active_ = false;
    std::string failure_;
    MvuLockstepStats stats_;
};

}  // namespace qmac::tb
