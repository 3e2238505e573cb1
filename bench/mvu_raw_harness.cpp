// qmac-mvu-raw: qmac-mvu-sim's work without SystemC: the same random layer jobs (make_mvu_job, same seed and
// options), the same cycle engine (MvuLockstep: every output beat against the golden model, RTL against HLS),
// the same coverage counting, in a plain C++ loop. The baseline that measures what qmac-mvu-sim's SystemC
// layer costs (bench/mvu_testbench). Prints cycles, layers and outputs; exit 1 on a mismatch.
// Usage: qmac-mvu-raw [--layers N] [--seed S] [--stall-prob p] [--bubble-prob q] [--reset-prob r]
//                     [--tlast-error-prob t] [--full-rate-prob f] [--no-hls]
#include <cinttypes>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "coverage.hpp"
#include "mvu_jobs.hpp"
#include "mvu_lockstep.hpp"
#include "scoreboard.hpp"  // count_output

int main(int argc, char** argv) {
    using namespace qmac;
    std::uint64_t layers = 200, seed = 1;
    double stall = 0.3, bubble = 0.1;
    bool no_hls = false;
    tb::MvuJobOptions jobs;
    CLI::App app("qmac-mvu-sim's checks in a plain C++ loop, without SystemC: the baseline of bench/mvu_testbench",
                 "qmac-mvu-raw");
    cli::configure(app);
    cli::integer_in(app.add_option("--layers", layers, "random layers (jobs) to run")->type_name("N"), 1, 1LL << 40);
    cli::integer_in(app.add_option("--seed", seed, "random seed")->type_name("S"), 0, 1LL << 62);
    cli::probability(app.add_option("--stall-prob", stall, "probability that m_axis_tready is low on a cycle")->type_name("p"));
    cli::probability(app.add_option("--bubble-prob", bubble, "probability that the sources hold back a beat")->type_name("q"));
    cli::probability(app.add_option("--reset-prob", jobs.reset_prob, "probability of a reset before a layer")->type_name("r"));
    cli::probability(app.add_option("--tlast-error-prob", jobs.tlast_error_prob, "probability of an early or late TLAST")
                         ->type_name("t"));
    cli::probability(app.add_option("--full-rate-prob", jobs.full_rate_prob, "probability of a full-rate layer")->type_name("f"));
    app.add_flag("--no-hls", no_hls, "the RTL alone against the golden model");
    if (const auto stop = cli::parse(app, argc, argv)) return *stop;

    // As qmac-mvu-sim: the same engines, the same seeds for the models and the engine.
    std::vector<std::unique_ptr<tb::MvuDut>> duts;
    std::vector<tb::MvuPair> pairs;
    if (const std::string missing = tb::make_mvu_pairs(!no_hls, seed, duts, pairs); !missing.empty()) {
        std::fprintf(stderr, "qmac-mvu-raw: error: the MVU %s is not built\n", missing.c_str());
        return 1;
    }
    const tb::MvuLockstepOptions lo = tb::mvu_lockstep_options(seed, bubble, stall);
    tb::MvuLockstep lockstep(lo);
    tb::Coverage coverage;
    hls_tb::SplitMix64 rng(seed);
    for (std::uint64_t i = 0; i < layers && lockstep.failure().empty(); ++i) {
        const tb::MvuJob job = tb::make_mvu_job(rng, i, jobs);
        lockstep.start(job, pairs[static_cast<std::size_t>(job.shape)]);
        while (lockstep.step()) {
        }
        if (!lockstep.failure().empty()) break;
        const std::size_t n = static_cast<std::size_t>(job.layer.n);
        for (std::size_t k = 0; k < job.accumulators.size(); ++k) {
            tb::count_output(coverage, job.accumulators[k], job.layer.channels[k % n]);
        }
    }
    const tb::MvuLockstepStats& st = lockstep.stats();
    std::printf("cycles %" PRIu64 " layers %" PRIu64 " outputs %" PRIu64 " %s\n", st.cycles, st.jobs, st.outputs_matched,
                lockstep.failure().empty() ? "PASSED" : ("FAILED: " + lockstep.failure()).c_str());
    return lockstep.failure().empty() ? 0 : 1;
}
