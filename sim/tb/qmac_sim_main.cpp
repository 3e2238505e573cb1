// qmac-sim: the cycle-accurate regression of qmac_dot. The Verilated RTL and the HLS kernel's cycle model
// run in lockstep in one SystemC simulation, fed constrained-random stimulus, every output checked
// against the golden model. See sim/README.md for the options.
#include <systemc>

#include <unistd.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "gtkwave_save.hpp"
#include "run_junit.hpp"
#include "run_report.hpp"
#include "sc_testbench.hpp"
#include "sim_config.hpp"

namespace {

using namespace qmac;
using qmac::cli::UsageError;

// Independent seeds for shards and for the stimulus / handshake streams: SplitMix64's first output.
std::uint64_t mix(std::uint64_t x) { return hls_tb::SplitMix64(x).next(); }

std::string shell_quote(const std::string& s) {
    if (s.find_first_of(" \t'\"\\$*?") == std::string::npos) return s;
    std::string q = "'";
    for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    return q + "'";
}

}  // namespace

int sc_main(int argc, char** argv) {
    tb::SimConfig c;
    if (const auto stop = tb::parse_sim_options(argc, argv, c)) return *stop;
    sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);

    // This shard's share: beats split as evenly as possible, an independent seed per shard.
    const std::uint64_t beats = c.beats / c.shards + (c.shard < c.beats % c.shards ? 1 : 0);
    const std::uint64_t seed = c.shards == 1 ? c.seed : mix(c.seed * 1000003 + c.shard);

    std::unique_ptr<tb::Dut> rtl = tb::make_rtl_dut(c.lanes, c.act_signed, c.x_random, seed);
    const int hls_latency = hw::dot_latency(c.lanes) + (c.inject_bug == "hls-latency" ? 1 : 0);
    std::unique_ptr<tb::Dut> hls = c.hls ? tb::make_hls_dut(c.lanes, c.act_signed, hls_latency) : nullptr;
    std::unique_ptr<tb::GroupGenerator> generator;
    try {
        generator = tb::make_generator(c, seed);
    } catch (const UsageError& e) {
        std::cerr << "qmac-sim: error: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "qmac-sim: error: " << e.what() << "\n";
        return 1;
    }
    tb::LockstepOptions lo;
    lo.seed = mix(seed);
    lo.bubble_prob = c.bubble;
    lo.stall_prob = c.stall;
    lo.reset_prob = c.reset;
    tb::Lockstep lockstep(*rtl, hls.get(), lo);
    tb::Scoreboard scoreboard;

    // Progress: a bar on a terminal, plain lines every 10 % otherwise.
    const bool tty = isatty(2) != 0;
    const auto t0 = std::chrono::steady_clock::now();
    int last_decile = -1;
    auto last_draw = t0;
    auto progress = [&](std::uint64_t) {
        const double f = static_cast<double>(lockstep.stats().beats) / static_cast<double>(beats);
        const auto now = std::chrono::steady_clock::now();
        const double secs = std::chrono::duration<double>(now - t0).count();
        const double mcps = secs > 0 ? static_cast<double>(lockstep.stats().cycles) / secs / 1e6 : 0.0;
        if (tty) {
            if (now - last_draw < std::chrono::milliseconds(200)) return;
            last_draw = now;
            const int width = 30, filled = static_cast<int>(f * width);
            std::fprintf(stderr, "\r[%s%s] %5.1f%% %" PRIu64 "/%" PRIu64 " beats %.2f M cycles/s ",
                         std::string(static_cast<std::size_t>(filled), '#').c_str(),
                         std::string(static_cast<std::size_t>(width - filled), '.').c_str(), 100 * f,
                         lockstep.stats().beats, beats, mcps);
        } else if (static_cast<int>(f * 10) > last_decile) {
            last_decile = static_cast<int>(f * 10);
            std::fprintf(stderr, "qmac-sim: %3d%% %" PRIu64 "/%" PRIu64 " beats, %.2f M cycles/s\n", 10 * last_decile,
                         lockstep.stats().beats, beats, mcps);
        }
    };

    sc_core::sc_fifo<tb::GroupBatch*> groups(8), groups_free(8);
    sc_core::sc_fifo<tb::EventBatch*> events(8), events_free(8);
    std::vector<std::unique_ptr<tb::GroupBatch>> group_pool;
    std::vector<std::unique_ptr<tb::EventBatch>> event_pool;
    for (int i = 0; i < 4; ++i) {
        group_pool.emplace_back(new tb::GroupBatch);
        groups_free.nb_write(group_pool.back().get());
        event_pool.emplace_back(new tb::EventBatch);
        event_pool.back()->events.reserve(4 * c.quantum + 16);
        events_free.nb_write(event_pool.back().get());
    }
    tb::StimulusSource source("stimulus", *generator, beats, c.lanes);
    tb::DutDriver::Options dopt;
    dopt.quantum = c.quantum;
    dopt.drain_cycles = 4 * static_cast<std::uint64_t>(rtl->latency()) + 64;
    dopt.trace_path = c.trace;
    dopt.trace_from = c.trace_from;
    dopt.trace_to = c.trace_to;
    tb::DutDriver driver("driver", lockstep, *rtl, dopt);
    tb::ScoreboardSink sink("scoreboard", scoreboard, progress);
    source.out(groups);
    source.free_in(groups_free);
    driver.in(groups);
    driver.free_out(groups_free);
    driver.events_out(events);
    driver.events_free(events_free);
    sink.in(events);
    sink.free_out(events_free);

    sc_core::sc_start();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (tty) std::fprintf(stderr, "\r%80s\r", "");

    const tb::LockstepStats& st = lockstep.stats();
    std::string failure;
    std::uint64_t failure_cycle = 0;
    if (!lockstep.failure().empty()) {
        failure = lockstep.failure();
        failure_cycle = lockstep.failure_cycle();
    } else if (scoreboard.failed()) {
        failure = scoreboard.failure();
        failure_cycle = scoreboard.mismatch().cycle;
    } else if (scoreboard.pending() != 0 || !driver.drained()) {
        failure = std::to_string(scoreboard.pending()) + " expected outputs never arrived (lost beats)";
        failure_cycle = st.cycles;
    }
    // What the run reports: its configuration, counts, coverage (--report, --junit, the summary below).
    tb::RunReport report;
    report.config = {c.lanes, rtl->latency(), c.act_signed ? "int8" : "uint8", tb::to_string(c.rounding), c.stimulus,
                     c.inject_bug, c.seed, c.beats, c.shards, c.quantum, c.hls, c.x_random, c.stall, c.bubble, c.reset};
    report.shard_indices = {c.shard};
    report.counts = {st.cycles, beats, st.beats, scoreboard.matched(), st.groups_dropped_by_reset, st.resets,
                     st.backpressure_cycles, st.bubble_cycles, st.input_stall_cycles, st.latency_exact_checked};
    report.coverage = scoreboard.coverage();
    // The rounding codes this run's groups use: the chosen one, all of them for random mixed or sweep
    // stimulus; for the seed or a vector file, those that occurred (their tie bins may stay empty then).
    for (unsigned r = 0; r < hw::kRoundingCodes; ++r) {
        report.rounding_used[r] = c.stimulus == "random" || c.stimulus == "sweep" ? c.rounding.uses(r)
                                                                                  : report.coverage.outputs_per_rounding[r] != 0;
    }
    report.wall_seconds = secs;
    report.failed_check = !lockstep.failure().empty() ? "lockstep" : scoreboard.failed() ? "golden" : failure.empty() ? "" : "lost";
    std::vector<tb::Coverage::Bin> empty_bins;
    if (c.require_coverage) {
        for (const auto& b : tb::required_bins(report)) {
            if (b.hits == 0) empty_bins.push_back(b);
        }
    }

    // Summary.
    const tb::Coverage& cov = scoreboard.coverage();
    std::printf("qmac-sim  LANES=%d %s  stimulus %s  mode %s  seed %" PRIu64 "  shard %" PRIu64 "/%" PRIu64
                "  LATENCY %d  %s\n",
                c.lanes, c.act_signed ? "int8" : "uint8", c.stimulus.c_str(), tb::to_string(c.rounding), c.seed, c.shard,
                c.shards, rtl->latency(), c.hls ? "RTL + HLS lockstep" : "RTL only");
    std::printf("  %-34s %14" PRIu64 "\n", "cycles", st.cycles);
    std::printf("  %-34s %14" PRIu64 "\n", "beats of this shard", beats);
    std::printf("  %-34s %14" PRIu64 "\n", "input beats accepted", st.beats);
    std::printf("  %-34s %14" PRIu64 "\n", "outputs matched (golden)", scoreboard.matched());
    std::printf("  %-34s %14" PRIu64 "\n", "groups dropped by reset", st.groups_dropped_by_reset);
    std::printf("  %-34s %14" PRIu64 "\n", "resets mid-stream", st.resets);
    std::printf("  %-34s %14" PRIu64 "\n", "back-pressured cycles", st.backpressure_cycles);
    std::printf("  %-34s %14" PRIu64 "\n", "input bubbles", st.bubble_cycles);
    std::printf("  %-34s %14" PRIu64 "\n", "input stalled (s_ready low)", st.input_stall_cycles);
    std::printf("  %-34s %14" PRIu64 "\n", "latencies checked exactly", st.latency_exact_checked);
    for (unsigned r = 0; r < hw::kRoundingCodes; ++r) {
        const std::string label = std::string("outputs / ties, rounding ") + hw::kRoundingNames[r];
        std::printf("  %-34s %7" PRIu64 " %6" PRIu64 "\n", label.c_str(), cov.outputs_per_rounding[r], cov.ties[r]);
    }
    std::printf("  %-34s %5" PRIu64 " %5" PRIu64 "\n", "clamped low / high", cov.clamp_low, cov.clamp_high);
    std::printf("  %-34s %5" PRIu64 " %5" PRIu64 "\n", "INT32_MIN / INT32_MAX accumulators", cov.acc_int32_min,
                cov.acc_int32_max);
    std::printf("  %-34s %5" PRIu64 " %5" PRIu64 "\n", "zero-point wraps fp32_wrap / x86", cov.fp32_zero_point_wraps,
                cov.x86_wraps);
    std::printf("  %-34s %14" PRIu64 "\n", "x86 wraps started by wrap offset", cov.x86_offset_wraps);
    std::uint64_t shifts_hit = 0;
    for (auto n : cov.shifts) shifts_hit += n != 0;
    const std::string shifts_label = "shift values hit (of " + std::to_string(cov.shifts.size()) + ")";
    std::printf("  %-34s %14" PRIu64 "\n", shifts_label.c_str(), shifts_hit);
    std::printf("  %-34s %14.3f\n", "wall seconds", secs);
    std::printf("  %-34s %14.3f\n", "M cycles/s", secs > 0 ? static_cast<double>(st.cycles) / secs / 1e6 : 0.0);
    for (const auto& b : empty_bins) std::printf("  EMPTY COVERAGE BIN: %s\n", b.name.c_str());

    int status = 0;
    std::string reproduce;
    if (!failure.empty()) {
        status = 1;
        std::printf("FAILED at cycle %" PRIu64 ": %s\n", failure_cycle, failure.c_str());
        if (scoreboard.failed()) {
            const tb::Mismatch& m = scoreboard.mismatch();
            std::printf("  expected %d, got %d\n%s", m.expected, m.actual, tb::describe_group(c, seed, m.group).c_str());
        }
        std::ostringstream r;
        r << "qmac-sim";
        std::vector<std::string> keep;
        for (std::size_t i = 0; i < c.argv.size(); ++i) {
            const std::string& a = c.argv[i];
            const bool with_value = a == "--trace" || a == "--trace-from" || a == "--trace-to" || a == "--fail-trace" ||
                                    a == "--report" || a == "--junit";
            if (with_value) {
                ++i;
                continue;
            }
            if (a.rfind("--trace", 0) == 0 || a.rfind("--fail-trace", 0) == 0 || a.rfind("--report", 0) == 0 || a.rfind("--junit", 0) == 0 ||
                a == "--no-rerun") {
                continue;
            }
            keep.push_back(a);
        }
        for (const auto& a : keep) r << ' ' << shell_quote(a);
        const std::uint64_t from = failure_cycle > 64 ? failure_cycle - 64 : 0;
        r << " --trace " << shell_quote(c.fail_trace) << " --trace-from " << from << " --trace-to " << failure_cycle + 16;
        reproduce = r.str();
        std::printf("reproduce: %s\n", reproduce.c_str());
    } else if (!empty_bins.empty()) {
        status = 3;
        std::printf("FAILED: %zu required coverage bins are empty\n", empty_bins.size());
    } else {
        std::printf("PASSED: %" PRIu64 " outputs, 0 mismatches\n", scoreboard.matched());
    }
    std::fflush(stdout);

    report.status = status;
    report.failure = failure;
    report.reproduce = reproduce;
    try {
        if (!c.report.empty()) tb::write_report(report, c.report);
        if (!c.junit.empty()) tb::write_junit({tb::run_suite(report, c.require_coverage)}, c.junit);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qmac-sim: error: %s\n", e.what());
        status = status == 0 ? 1 : status;
    }

    // The waveform of the cycles around the failure: rerun this deterministic simulation in a child process
    // (SystemC elaborates once per process) with the trace window on.
    if (!reproduce.empty() && c.rerun) {
        char exe[4096];
        const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = '\0';
            const std::string cmd = shell_quote(exe) + reproduce.substr(std::string("qmac-sim").size()) +
                                    " --no-rerun > /dev/null 2>&1";
            const int rc = std::system(cmd.c_str());
            (void)rc;  // the rerun fails again by design; what matters is the file it leaves
            if (std::ifstream(c.fail_trace).good()) {
                std::printf("waveform of the cycles around the failure: %s (view: gtkwave %s)\n", c.fail_trace.c_str(),
                            tb::gtkwave_save_path(c.fail_trace).c_str());
            } else {
                std::printf("could not write the waveform %s\n", c.fail_trace.c_str());
            }
        }
    }
    return status;
}
