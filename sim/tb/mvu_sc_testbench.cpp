#include "mvu_sc_testbench.hpp"

#include "scoreboard.hpp"  // count_output

namespace qmac::tb {

using namespace sc_core;

MvuJobSource::MvuJobSource(sc_module_name name, std::uint64_t jobs, std::uint64_t seed, const MvuJobOptions& options)
    : sc_module(name), jobs_(jobs), rng_(seed), options_(options) {
    SC_HAS_PROCESS(MvuJobSource);
    SC_THREAD(run);
}

void MvuJobSource::run() {
    for (std::uint64_t i = 0; i < jobs_; ++i) {
        MvuJob* j = free_in.read();
        *j = make_mvu_job(rng_, i, options_);
        out.write(j);
    }
    out.write(nullptr);
}

MvuDriver::MvuDriver(sc_module_name name, MvuLockstep& lockstep, std::vector<MvuPair>& pairs, unsigned quantum)
    : sc_module(name), lockstep_(lockstep), pairs_(pairs), quantum_(quantum) {
    SC_HAS_PROCESS(MvuDriver);
    SC_THREAD(run);
}

void MvuDriver::run() {
    const sc_time period(10, SC_NS);
    std::uint64_t since_sync = 0;
    while (MvuJob* j = in.read()) {
        lockstep_.start(*j, pairs_[static_cast<std::size_t>(j->shape)]);
        while (lockstep_.step()) {
            if (++since_sync == quantum_) {
                wait(period * quantum_);
                since_sync = 0;
            }
        }
        done_out.write(j);
        if (!lockstep_.failure().empty()) break;
    }
    done_out.write(nullptr);
}

MvuScoreboard::MvuScoreboard(sc_module_name name, const MvuLockstep& lockstep, Coverage& coverage, std::function<void()> progress)
    : sc_module(name), lockstep_(lockstep), coverage_(coverage), progress_(std::move(progress)) {
    SC_HAS_PROCESS(MvuScoreboard);
    SC_THREAD(run);
}

void MvuScoreboard::run() {
    while (MvuJob* j = in.read()) {
        if (lockstep_.failure().empty()) {
            const std::size_t n = static_cast<std::size_t>(j->layer.n);
            for (std::size_t i = 0; i < j->accumulators.size(); ++i) count_output(coverage_, j->accumulators[i], j->layer.channels[i % n]);
        }
        free_out.write(j);
        if (progress_) progress_();
    }
    sc_stop();
}

}  // namespace qmac::tb
