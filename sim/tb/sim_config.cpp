#include "sim_config.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "args.hpp"
#include "group_sources.hpp"
#include "prebuilt_configs.hpp"
#include "qmac/golden/seed_example.hpp"

namespace qmac::tb {

using cli::Options;
using cli::UsageError;

namespace {
// "double|single|...|mixed": the contract's rounding names.
std::string mode_names() {
    std::string s;
    for (const char* n : hw::kRoundingNames) s += std::string(n) + "|";
    return s + "mixed";
}
}  // namespace

std::string sim_usage() {
    return std::string(
    "usage: qmac-sim [options]\n"
    "  --lanes L               a prebuilt RTL configuration: " QMAC_PREBUILT_LANES_TEXT " (default ") +
           std::to_string(hw::kDefaultLanes) + ")\n"
    "  --act int8|uint8        activation type (default int8)\n"
    "  --mode " + mode_names() + "\n"
    "                          rounding codes used (default mixed: all of them)\n"
    "  --stimulus random|sweep|seed|FILE   constrained random (default); every shift x rounding x edge\n"
    "                          multiplier x edge accumulator; the seed example repeated; a vector file\n"
    "  --beats N               input beats to send at most (default 100000)\n"
    "  --seed S                random seed (default 1)\n"
    "  --stall-prob p          probability that m_ready is low on a cycle (default 0.3)\n"
    "  --bubble-prob q         probability that s_valid is low when a beat is ready (default 0.1)\n"
    "  --reset-prob r          probability that a reset starts on a cycle (default 1e-5)\n"
    "  --shard i/n             run shard i of n of this regression (seeds and beats split deterministically)\n"
    "  --x-random              uninitialised RTL state random (Verilator --x-initial unique)\n"
    "  --no-hls                RTL only (no HLS model in lockstep)\n"
    "  --require-coverage      fail when a required coverage bin is empty\n"
    "  --trace FILE.fst        write an FST waveform (with --trace-from C / --trace-to C: a window)\n"
    "  --report FILE.json      write the summary as JSON\n"
    "  --quantum N             cycles per SystemC synchronisation (default 256)\n"
    "  --inject-bug golden-tie|hls-latency   test only: a golden model wrong on rounding ties, or an HLS\n"
    "                          model one cycle late, to prove the checks catch them\n"
    "  --fail-trace FILE.fst   where a failing run's re-run writes its waveform (default qmac-sim-failure.fst)\n"
    "  --no-rerun              on a failure, do not re-run to write that waveform\n";
}

namespace {

double probability(const Options& o, const std::string& name, double fallback) {
    if (!o.has(name)) return fallback;
    const std::string s = o.text(name, "");
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || !(v >= 0.0 && v <= 1.0)) {
        throw UsageError("--" + name + " must be a probability in [0, 1], got '" + s + "'");
    }
    return v;
}

}  // namespace

SimConfig parse_sim_options(int argc, char** argv) {
    SimConfig c;
    c.argv.assign(argv + 1, argv + argc);
    const Options o(c.argv,
                    {"lanes", "act", "mode", "stimulus", "beats", "seed", "stall-prob", "bubble-prob", "reset-prob", "shard", "trace",
                     "trace-from", "trace-to", "report", "quantum", "inject-bug", "fail-trace"},
                    {"x-random", "no-hls", "require-coverage", "no-rerun", "help"});
    if (o.has("help")) {
        std::cout << sim_usage();
        std::exit(0);
    }
    c.lanes = static_cast<int>(o.integer("lanes", hw::kDefaultLanes, 1, hw::kMaxLanes));
    bool prebuilt = false;
#define QMAC_IS_PREBUILT(L) prebuilt = prebuilt || c.lanes == L;
    QMAC_FOR_EACH_PREBUILT_LANES(QMAC_IS_PREBUILT)
#undef QMAC_IS_PREBUILT
    if (!prebuilt) {
        throw UsageError("--lanes must be one of the prebuilt configurations " QMAC_PREBUILT_LANES_TEXT ", got " +
                         std::to_string(c.lanes));
    }
    const std::string act = o.text("act", "int8");
    if (act != "int8" && act != "uint8") throw UsageError("--act must be int8 or uint8, got '" + act + "'");
    c.act_signed = act == "int8";
    try {
        c.rounding = parse_rounding_choice(o.text("mode", "mixed"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    c.beats = static_cast<std::uint64_t>(o.integer("beats", 100000, 1, 1L << 40));
    c.stimulus = o.text("stimulus", "random");
    c.seed = static_cast<std::uint64_t>(o.integer("seed", 1, 0, 1L << 62));
    c.stall = probability(o, "stall-prob", 0.3);
    c.bubble = probability(o, "bubble-prob", 0.1);
    c.reset = probability(o, "reset-prob", 1e-5);
    if (o.has("shard")) {
        const std::string s = o.text("shard", "");
        unsigned long i = 0, n = 0;
        char tail = 0;
        if (std::sscanf(s.c_str(), "%lu/%lu%c", &i, &n, &tail) != 2 || n == 0 || i >= n) {
            throw UsageError("--shard must be i/n with 0 <= i < n, got '" + s + "'");
        }
        c.shard = i;
        c.shards = n;
    }
    c.x_random = o.has("x-random");
    c.hls = !o.has("no-hls");
    c.require_coverage = o.has("require-coverage");
    c.rerun = !o.has("no-rerun");
    c.trace = o.text("trace", "");
    c.report = o.text("report", "");
    c.fail_trace = o.text("fail-trace", "qmac-sim-failure.fst");
    c.trace_from = static_cast<std::uint64_t>(o.integer("trace-from", 0, 0, 1L << 62));
    c.trace_to = static_cast<std::uint64_t>(o.integer("trace-to", 1L << 62, 0, 1L << 62));
    c.quantum = static_cast<unsigned>(o.integer("quantum", 256, 1, 1 << 20));
    c.inject_bug = o.text("inject-bug", "");
    if (!c.inject_bug.empty() && c.inject_bug != "golden-tie" && c.inject_bug != "hls-latency") {
        throw UsageError("--inject-bug knows golden-tie and hls-latency, got '" + c.inject_bug + "'");
    }
    return c;
}

std::unique_ptr<GroupGenerator> make_generator(const SimConfig& c, std::uint64_t seed) {
    if (c.stimulus == "random") {
        auto s = std::make_unique<RandomGroups>(seed, c.lanes, c.act_signed, c.rounding);
        s->set_inject_tie_bug(c.inject_bug == "golden-tie");
        return s;
    }
    if (c.stimulus == "sweep") return std::make_unique<SweepGroups>(c.lanes, c.act_signed);
    if (c.stimulus == "seed") {
        if (!c.act_signed) throw UsageError("--stimulus seed needs --act int8 (the seed's codes are signed)");
        return std::make_unique<RepeatedGroup>(hls_tb::seed_group(), SIZE_MAX);
    }
    return std::make_unique<FileGroups>(c.stimulus, c.lanes, c.act_signed);
}

std::string describe_group(const SimConfig& c, std::uint64_t seed, std::uint64_t index) {
    std::unique_ptr<GroupGenerator> regen = make_generator(c, seed);
    Group g;
    for (std::uint64_t i = 0; i <= index; ++i) {
        if (!regen->next(g)) return "  (group " + std::to_string(index) + " not found when regenerating)\n";
    }
    std::ostringstream s;
    const OutParams& p = g.params;
    const std::size_t n_beats = hls_tb::beat_count(g, c.lanes);
    s << "  group " << index << ": " << n_beats << " beats, accumulator " << g.acc << ", bias " << p.bias
      << ", multiplier " << p.multiplier << ", shift " << p.shift << ", rounding " << p.rounding << ", zero point "
      << p.zero_point << ", clamp [" << p.min << ", " << p.max << "]\n";
    const std::size_t show = std::min<std::size_t>(n_beats, 4);
    InBeat beat;
    for (std::size_t b = 0; b < show; ++b) {
        group_beat(g, b, c.lanes, beat);
        s << "  beat " << b << (beat.last ? " (last)" : "") << ": act [";
        for (int i = 0; i < c.lanes; ++i) s << (i ? " " : "") << beat.act[i];
        s << "] wgt [";
        for (int i = 0; i < c.lanes; ++i) s << (i ? " " : "") << int{beat.wgt[i]};
        s << "]\n";
    }
    if (n_beats > show) s << "  ... " << n_beats - show << " more beats\n";
    return s.str();
}

}  // namespace qmac::tb
