// qmac-raw: the same checks as qmac-sim (lockstep engine, golden scoreboard) in a plain C++ loop with no
// SystemC: the baseline that measures what the SystemC testbench costs. Prints cycles and outputs.
// --bare: only the Verilated model, fed fresh random beats (a group every 20 beats), no checks at all:
// the cost of the model itself.
// Usage: qmac-raw [--lanes 1|4|8|16] [--beats N] [--stall-prob p] [--no-hls] [--bare]
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "lockstep.hpp"
#include "scoreboard.hpp"
#include "group_sources.hpp"


int main(int argc, char** argv) {
    int lanes = 8;
    std::uint64_t beats = 1000000;
    double stall = 0.0;
    bool hls = true, bare = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--lanes" && i + 1 < argc) lanes = std::atoi(argv[++i]);
        else if (a == "--beats" && i + 1 < argc) beats = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--stall-prob" && i + 1 < argc) stall = std::atof(argv[++i]);
        else if (a == "--no-hls") hls = false;
        else if (a == "--bare") bare = true;
        else {
            std::fprintf(stderr, "qmac-raw: unknown argument '%s'\n", a.c_str());
            return 2;
        }
    }
    std::unique_ptr<qmac::tb::Dut> rtl = qmac::tb::make_rtl_dut(lanes, true, false, 1);
    if (!rtl) {
        std::fprintf(stderr, "qmac-raw: --lanes %d is not a prebuilt configuration\n", lanes);
        return 2;
    }
    if (bare) {
        qmac::tb::InBeat beat{};
        beat.params.multiplier = 1518500250;
        beat.params.shift = -14;
        qmac::hls_tb::SplitMix64 rng(1);
        std::uint64_t outputs = 0, cycles = 0;
        for (int i = 0; i < qmac::tb::kPowerUpResetCycles; ++i) rtl->edge(true, false, beat, true);
        const auto t0 = std::chrono::steady_clock::now();
        for (std::uint64_t sent = 0; sent < beats; ++cycles) {
            const std::uint64_t r = rng.next();
            for (int i = 0; i < lanes; ++i) {
                beat.act[i] = static_cast<std::int8_t>(r >> (i % 8 * 8));
                beat.wgt[i] = static_cast<std::int8_t>(r >> ((i + 3) % 8 * 8));
            }
            beat.last = sent % 20 == 19;
            const qmac::tb::DutOutputs o = rtl->outputs();
            outputs += o.m_valid;
            sent += o.s_ready;
            rtl->edge(false, true, beat, true);
        }
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("cycles %" PRIu64 " outputs %" PRIu64 " seconds %.4f Mcycles/s %.3f (bare model, no checks)\n",
                    cycles, outputs, secs, static_cast<double>(cycles) / secs / 1e6);
        return 0;
    }
    std::unique_ptr<qmac::tb::Dut> model = hls ? qmac::tb::make_hls_dut(lanes, true, qmac::hw::dot_latency(lanes)) : nullptr;
    qmac::tb::RandomGroups stimulus(1, lanes, true, qmac::tb::RoundingChoice::Mixed);
    qmac::tb::LockstepOptions lo;
    lo.stall_prob = stall;
    qmac::tb::Lockstep engine(*rtl, model.get(), lo);
    qmac::tb::Scoreboard scoreboard;
    qmac::tb::GeneratorSource source(stimulus, beats, lanes);
    std::vector<qmac::tb::Event> events;
    events.reserve(64);
    const auto t0 = std::chrono::steady_clock::now();
    bool ok = true;
    for (std::uint64_t drain = 0; ok; ) {
        events.clear();
        ok = engine.cycle(source, true, events);
        for (const auto& e : events) ok = scoreboard.consume(e) && ok;
        if (engine.idle() && ++drain > 8) break;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto cycles = engine.stats().cycles;
    std::printf("cycles %" PRIu64 " outputs %" PRIu64 " seconds %.4f Mcycles/s %.3f %s\n", cycles, scoreboard.matched(),
                secs, static_cast<double>(cycles) / secs / 1e6, ok ? "PASSED" : "FAILED");
    return ok ? 0 : 1;
}
