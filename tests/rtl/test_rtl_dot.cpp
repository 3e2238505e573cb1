// qmac_dot, the whole datapath, through the testbench's own engine (sim/host and sim/tb: constrained-random stimulus,
// lockstep engine, golden scoreboard), for every prebuilt configuration, the Verilated RTL alone (it
// meets the HLS model in the qmac-sim regressions). The run goes through phases: II = 1 (a beat every
// cycle, output always ready), exact latency with input bubbles, back-pressure with resets, frequent
// resets. The engine checks every cycle (held outputs, latency against the contract's dot_latency, II = 1,
// no spurious output); the scoreboard checks every output against golden.
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lockstep.hpp"
#include "scoreboard.hpp"
#include "group_sources.hpp"

namespace {

using namespace qmac::tb;

struct Phase {
    double bubble_prob, stall_prob, reset_prob;
    double beats;  // times the run's beats per phase
};

constexpr Phase kPhases[] = {
    {0.0, 0.0, 0.0, 0.25},   // II = 1: a beat every cycle, output always ready
    {0.2, 0.0, 0.0, 0.75},   // exact latency with input bubbles
    {0.2, 0.3, 2e-5, 1.0},   // back-pressure and resets
    {0.1, 0.9, 2e-5, 1.0},
    {0.3, 0.0, 1e-3, 0.1},   // frequent resets
};

void run_phases(int lanes, bool act_signed, std::uint64_t beats_per_phase, std::uint64_t seed) {
    INFO("LANES=" << lanes << " ACT_SIGNED=" << act_signed << " seed " << seed);
    const std::unique_ptr<Dut> rtl = make_rtl_dut(lanes, act_signed, false, seed);
    REQUIRE(rtl != nullptr);
    RandomGroups stimulus(seed, lanes, act_signed, RoundingChoice::Mixed);
    GeneratorSource source(stimulus, 0, lanes);
    LockstepOptions opt;
    opt.seed = seed;
    Lockstep engine(*rtl, nullptr, opt);
    Scoreboard scoreboard;
    std::vector<Event> events;
    bool ok = true;
    std::uint64_t exact_before_backpressure = 0;
    for (const Phase& ph : kPhases) {
        opt.bubble_prob = ph.bubble_prob;
        opt.stall_prob = ph.stall_prob;
        opt.reset_prob = ph.reset_prob;
        engine.set_handshakes(opt);
        const auto beats = static_cast<std::uint64_t>(ph.beats * static_cast<double>(beats_per_phase));
        source.add_beats(beats);
        const std::uint64_t limit = engine.stats().cycles + 200 * beats + 100000;  // far beyond any stall
        while (ok && (!source.exhausted() || !engine.idle())) {
            events.clear();
            ok = engine.cycle(source, true, events);
            for (const Event& e : events) ok = scoreboard.consume(e) && ok;
            if (engine.stats().cycles > limit) FAIL("the run is stuck: no progress in " << limit << " cycles");
        }
        if (ph.stall_prob == 0.0) exact_before_backpressure = engine.stats().latency_exact_checked;
    }
    INFO("engine: " << engine.failure() << " scoreboard: " << scoreboard.failure());
    REQUIRE(ok);
    const LockstepStats& st = engine.stats();
    const Coverage& cov = scoreboard.coverage();
    INFO("beats " << st.beats << " outputs " << st.outputs << " resets " << st.resets << " dropped "
                  << st.groups_dropped_by_reset << " exact-latency checks " << st.latency_exact_checked);
    CHECK(scoreboard.matched() == st.outputs);
    CHECK(scoreboard.pending() == 0);       // every expected output came, or was dropped by a reset
    CHECK(st.beats >= beats_per_phase * 3);
    CHECK(st.resets > 0);
    CHECK(st.backpressure_cycles > 0);
    CHECK(exact_before_backpressure > st.outputs / 4);  // latency exact on every output of the first phases
    CHECK(cov.acc_int32_min + cov.acc_int32_max > 0);
    CHECK(cov.clamp_low + cov.clamp_high < st.outputs * 3 / 4);  // a quarter or more exercise the rounding (about half do)
}

void run_every_prebuilt(bool act_signed, std::uint64_t beats_per_phase, std::uint64_t seed) {
    for (int lanes : qmac::hw::kPrebuiltLanes) run_phases(lanes, act_signed, beats_per_phase, seed + static_cast<std::uint64_t>(lanes));
}

}  // namespace

TEST_CASE("qmac_dot, every prebuilt LANES, int8: 10^6 beats per configuration vs golden, back-pressure and resets",
          "[rtl][dot]") {
    run_every_prebuilt(true, 350000, 1000);
}
TEST_CASE("qmac_dot, every prebuilt LANES, uint8: 10^6 beats per configuration vs golden, back-pressure and resets",
          "[rtl][dot]") {
    run_every_prebuilt(false, 350000, 2000);
}
TEST_CASE("qmac_dot, every prebuilt configuration: 10^7 beats each", "[.long][rtl][dot]") {
    run_every_prebuilt(true, 3500000, 5000);
    run_every_prebuilt(false, 3500000, 6000);
}
