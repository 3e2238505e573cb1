// qmac-mvu-sim's SystemC modules (sim/README.md), shaped as qmac-sim's: the job source and the scoreboard
// exchange pooled jobs with the driver through sc_fifo channels; the driver runs the RTL and HLS engines
// one clock at a time inside one SC_THREAD (MvuLockstep) and synchronises with SystemC time once per
// quantum of cycles.
#pragma once

#include <systemc>

#include <cstdint>
#include <functional>
#include <vector>

#include "coverage.hpp"
#include "mvu_jobs.hpp"
#include "mvu_lockstep.hpp"

namespace qmac::tb {

// Makes `jobs` random layer jobs (make_mvu_job), then a nullptr.
class MvuJobSource : public sc_core::sc_module {
public:
    sc_core::sc_fifo_out<MvuJob*> out;
    sc_core::sc_fifo_in<MvuJob*> free_in;
    MvuJobSource(sc_core::sc_module_name name, std::uint64_t jobs, std::uint64_t seed, const MvuJobOptions& options);

private:
    void run();
    std::uint64_t jobs_;
    hls_tb::SplitMix64 rng_;
    MvuJobOptions options_;
};

// Runs each job through its shape's pair of engines; passes it on when done (or at the first failure).
class MvuDriver : public sc_core::sc_module {
public:
    sc_core::sc_fifo_in<MvuJob*> in;
    sc_core::sc_fifo_out<MvuJob*> done_out;
    MvuDriver(sc_core::sc_module_name name, MvuLockstep& lockstep, std::vector<MvuPair>& pairs, unsigned quantum);

private:
    void run();
    MvuLockstep& lockstep_;
    std::vector<MvuPair>& pairs_;
    unsigned quantum_;
};

// Counts every finished job's expected outputs into the coverage (their accumulators and channels'
// parameters); stops the simulation after the last job or the first failure.
class MvuScoreboard : public sc_core::sc_module {
public:
    sc_core::sc_fifo_in<MvuJob*> in;
    sc_core::sc_fifo_out<MvuJob*> free_out;
    MvuScoreboard(sc_core::sc_module_name name, const MvuLockstep& lockstep, Coverage& coverage,
                  std::function<void()> progress);

private:
    void run();
    const MvuLockstep& lockstep_;
    Coverage& coverage_;
    std::function<void()> progress_;
};

}  // namespace qmac::tb
