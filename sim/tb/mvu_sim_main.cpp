// qmac-mvu-sim: the cycle-accurate regression of the qmac_mvu layer engine. The Verilated RTL and the HLS
// engine of every prebuilt shape run in one SystemC simulation on random layers (random K, N and shape per
// layer, every rounding code), both fed the same stimulus under the same bubbles and back-pressure, with
// resets, weight reloads and TLAST errors; every output beat of each is checked against the golden model
// and the two streams against each other. See sim/README.md for the options.
#include <systemc>

#include <unistd.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command_line.hpp"
#include "coverage.hpp"
#include "mvu_sc_testbench.hpp"

namespace {

using namespace qmac;

struct MvuSimConfig {
    std::uint64_t layers = 200, seed = 1;
    double stall = 0.3, bubble = 0.1;
    tb::MvuJobOptions jobs;
    unsigned quantum = 256;
    bool require_coverage = false, no_hls = false;
    std::string report, inject_bug;
};

std::string shape_name(const hw::MvuShape& s) { return std::to_string(s.pe) + "x" + std::to_string(s.simd); }

// The bins a run must fill (--require-coverage): the requantizer's (every rounding code's outputs and
// ties, fp32's classes, clamps, extreme accumulators, every shift: Coverage::required_bins), and the
// engine's own: folds, reloads, TLAST errors, resets, handshakes, the throughput check, every shape.
std::vector<tb::Coverage::Bin> mvu_bins(const tb::Coverage& c, const tb::MvuLockstepStats& s) {
    std::array<bool, hw::kRoundingCodes> all{};
    all.fill(true);
    std::vector<tb::Coverage::Bin> bins;
    for (unsigned r = 0; r < hw::kRoundingCodes; ++r) {
        bins.push_back({std::string("outputs of rounding ") + hw::kRoundingNames[r], c.outputs_per_rounding[r]});
    }
    for (const auto& b : c.required_bins(all)) bins.push_back(b);
    bins.push_back({"layers of one input fold (K = SIMD)", s.single_k_fold});
    bins.push_back({"layers of several input folds", s.multi_k_fold});
    bins.push_back({"layers of one output fold (N = PE)", s.single_n_fold});
    bins.push_back({"layers of several output folds", s.multi_n_fold});
    bins.push_back({"weight reloads (a layer after a layer)", s.reloads});
    bins.push_back({"vectors with an early TLAST", s.early_tlast});
    bins.push_back({"vectors with a late TLAST", s.late_tlast});
    bins.push_back({"resets between layers", s.resets});
    bins.push_back({"back-pressured cycles", s.backpressure_cycles});
    bins.push_back({"input bubbles", s.bubble_cycles});
    bins.push_back({"full-rate batches at peak (K / SIMD >= PE), cycles checked", s.full_rate_checked});
    bins.push_back({"full-rate batches at the serializer's pace (K / SIMD < PE), cycles checked", s.serializer_rate_checked});
    for (int i = 0; i < hw::kMvuPrebuiltCount; ++i) {
        bins.push_back({"layers on MVU " + shape_name(hw::kMvuPrebuilt[i]), s.per_shape_jobs[i]});
    }
    return bins;
}

}  // namespace

int sc_main(int argc, char** argv) {
    MvuSimConfig c;
    CLI::App app("the cycle-accurate regression of the qmac_mvu layer engine: RTL and HLS on the same random layers, "
                 "every output beat checked against the golden model and against each other (sim/README.md)",
                 "qmac-mvu-sim");
    cli::configure(app);
    cli::integer_in(app.add_option("--layers", c.layers, "random layers (jobs) to run")->type_name("N"), 1, 1LL << 40);
    cli::integer_in(app.add_option("--seed", c.seed, "random seed")->type_name("S"), 0, 1LL << 62);
    cli::probability(app.add_option("--stall-prob", c.stall, "probability that m_axis_tready is low on a cycle")->type_name("p"));
    cli::probability(app.add_option("--bubble-prob", c.bubble, "probability that the sources hold back a beat on a cycle")->type_name("q"));
    cli::probability(app.add_option("--reset-prob", c.jobs.reset_prob, "probability of a reset before a layer")->type_name("r"));
    cli::probability(app.add_option("--tlast-error-prob", c.jobs.tlast_error_prob, "probability that a vector's TLAST comes early or late")
                         ->type_name("t"));
    cli::probability(app.add_option("--full-rate-prob", c.jobs.full_rate_prob,
                                    "probability that a layer runs without bubbles and back-pressure, its cycles checked")
                         ->type_name("f"));
    cli::integer_in(app.add_option("--quantum", c.quantum, "cycles per SystemC synchronisation")->type_name("N"), 1, 1 << 20);
    app.add_flag("--require-coverage", c.require_coverage, "fail (exit 3) when a coverage bin is empty");
    app.add_flag("--no-hls", c.no_hls, "the RTL alone against the golden model (no HLS engine; bench/mvu_testbench)");
    app.add_option("--report", c.report, "write the counts, coverage and outcome as JSON")->type_name("FILE.json");
    cli::one_of(app.add_option("--inject-bug", c.inject_bug,
                               "test only: the HLS engine's third output beat of a layer wrong, to prove the RTL-HLS check"),
                {"hls-beat"});
    if (const auto stop = cli::parse(app, argc, argv)) return *stop;
    if (c.no_hls && !c.inject_bug.empty()) {
        std::fprintf(stderr, "qmac-mvu-sim: error: --inject-bug %s breaks the HLS engine, which --no-hls leaves out\n",
                     c.inject_bug.c_str());
        return 2;
    }
    // The reproducer: this command line without --report (the run is deterministic for its options).
    std::string reproduce = "qmac-mvu-sim";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--report") {
            ++i;
            continue;
        }
        if (a.rfind("--report=", 0) != 0) reproduce += " " + a;
    }
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);

    // Both engines of every prebuilt shape (the RTL alone with --no-hls); a layer runs on its shape's pair.
    std::vector<std::unique_ptr<tb::MvuDut>> duts;
    std::vector<tb::MvuPair> pairs;
    if (const std::string missing = tb::make_mvu_pairs(!c.no_hls, c.seed, duts, pairs); !missing.empty()) {
        std::fprintf(stderr, "qmac-mvu-sim: error: the MVU %s is not built\n", missing.c_str());
        return 1;
    }
    tb::MvuLockstepOptions lo = tb::mvu_lockstep_options(c.seed, c.bubble, c.stall);
    lo.inject_hls_bug = c.inject_bug == "hls-beat";
    tb::MvuLockstep lockstep(lo);
    tb::Coverage coverage;

    const bool tty = isatty(2) != 0;
    const auto t0 = std::chrono::steady_clock::now();
    int last_decile = 0;
    const auto progress = [&] {
        const std::uint64_t done = lockstep.stats().jobs;
        const int decile = static_cast<int>(done * 10 / c.layers);
        if (decile == last_decile) return;
        last_decile = decile;
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::fprintf(stderr, "%sqmac-mvu-sim: %3d%% %" PRIu64 "/%" PRIu64 " layers, %.2f M cycles/s%s", tty ? "\r" : "",
                     10 * decile, done, c.layers, secs > 0 ? static_cast<double>(lockstep.stats().cycles) / secs / 1e6 : 0.0,
                     tty ? " " : "\n");
    };

    sc_core::sc_fifo<tb::MvuJob*> jobs(4), done(4), free_jobs(4);
    std::vector<std::unique_ptr<tb::MvuJob>> pool;
    for (int i = 0; i < 3; ++i) {
        pool.emplace_back(new tb::MvuJob);
        free_jobs.nb_write(pool.back().get());
    }
    tb::MvuJobSource source("source", c.layers, c.seed, c.jobs);
    tb::MvuDriver driver("driver", lockstep, pairs, c.quantum);
    tb::MvuScoreboard board("scoreboard", lockstep, coverage, progress);
    source.out(jobs);
    source.free_in(free_jobs);
    driver.in(jobs);
    driver.done_out(done);
    board.in(done);
    board.free_out(free_jobs);
    sc_core::sc_start();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (tty) std::fprintf(stderr, "\n");

    const tb::MvuLockstepStats& st = lockstep.stats();
    std::string failure = lockstep.failure();
    if (failure.empty() && st.jobs != c.layers) failure = std::to_string(c.layers - st.jobs) + " layers never finished";
    std::vector<tb::Coverage::Bin> bins = mvu_bins(coverage, st);

    std::printf("qmac-mvu-sim  seed %" PRIu64 "  layers %" PRIu64 "  shapes", c.seed, c.layers);
    for (const hw::MvuShape& s : hw::kMvuPrebuilt) std::printf(" %s", shape_name(s).c_str());
    std::printf(c.no_hls ? "  RTL only\n" : "  RTL + HLS lockstep\n");
    const std::pair<const char*, std::uint64_t> counts[] = {
        {"cycles", st.cycles},           {"layers run", st.jobs},          {"input vectors", st.vectors},
        {"output beats matched", st.beats_matched}, {"outputs matched (golden)", st.outputs_matched},
        {"weight reloads", st.reloads},  {"resets between layers", st.resets}, {"early / late TLAST vectors", st.early_tlast + st.late_tlast},
        {"back-pressured cycles", st.backpressure_cycles}, {"input bubbles", st.bubble_cycles},
        {"full-rate batches checked (peak)", st.full_rate_checked},
        {"full-rate batches checked (K / SIMD < PE)", st.serializer_rate_checked}};
    for (const auto& [name, value] : counts) std::printf("  %-44s %14" PRIu64 "\n", name, value);
    std::size_t empty = 0;
    for (const auto& b : bins) {
        if (b.hits == 0) {
            ++empty;
            std::printf("  EMPTY COVERAGE BIN: %s\n", b.name.c_str());
        }
    }
    std::printf("  %-44s %14.3f\n", "wall seconds", secs);
    int status = 0;
    if (!failure.empty()) {
        status = 1;
        std::printf("FAILED: %s\nreproduce: %s\n", failure.c_str(), reproduce.c_str());
    } else if (c.require_coverage && empty != 0) {
        status = 3;
        std::printf("FAILED: %zu required coverage bins are empty\n", empty);
    } else {
        std::printf("PASSED: %" PRIu64 " layers, %" PRIu64 " outputs, 0 mismatches\n", st.jobs, st.outputs_matched);
    }
    std::fflush(stdout);

    if (!c.report.empty()) {
        nlohmann::json j;
        j["report"] = "qmac-mvu-sim report";
        j["version"] = 1;
        j["config"] = {{"seed", c.seed}, {"layers", c.layers}, {"stall_prob", c.stall}, {"bubble_prob", c.bubble},
                       {"reset_prob", c.jobs.reset_prob}, {"tlast_error_prob", c.jobs.tlast_error_prob},
                       {"full_rate_prob", c.jobs.full_rate_prob}, {"quantum", c.quantum}, {"inject_bug", c.inject_bug},
                       {"no_hls", c.no_hls}};
        nlohmann::json n;
        for (const auto& [name, value] : counts) n[name] = value;
        j["counts"] = n;
        nlohmann::json cov = nlohmann::json::object();
        for (const auto& b : bins) cov[b.name] = b.hits;
        j["coverage"] = cov;
        j["status"] = status;
        j["failure"] = failure;
        j["reproduce"] = status == 1 ? reproduce : "";
        j["wall_seconds"] = secs;
        const std::string tmp = c.report + ".tmp";
        std::ofstream f(tmp);
        f << j.dump(2) << '\n';
        f.close();
        if (!f || std::rename(tmp.c_str(), c.report.c_str()) != 0) {
            std::remove(tmp.c_str());
            std::fprintf(stderr, "qmac-mvu-sim: error: cannot write %s\n", c.report.c_str());
            if (status == 0) status = 1;
        }
    }
    return status;
}
