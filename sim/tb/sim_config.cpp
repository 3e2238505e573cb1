#include "sim_config.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "command_line.hpp"
#include "group_sources.hpp"
#include "prebuilt_configs.hpp"
#include "qmac/golden/seed_example.hpp"

namespace qmac::tb {

using cli::UsageError;

namespace {

// "i/n" with 0 <= i < n as {i, n}; {0, 0} for anything else.
std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& s) {
    unsigned long long i = 0, n = 0;
    char tail = 0;
    if (std::sscanf(s.c_str(), "%llu/%llu%c", &i, &n, &tail) != 2 || n == 0 || i >= n) return {0, 0};
    return {i, n};
}

bool is_prebuilt(const std::string& s) {
    bool prebuilt = false;
#define QMAC_IS_PREBUILT(L) prebuilt = prebuilt || s == #L;
    QMAC_FOR_EACH_PREBUILT_LANES(QMAC_IS_PREBUILT)
#undef QMAC_IS_PREBUILT
    return prebuilt;
}

}  // namespace

void add_sim_options(CLI::App& app, SimConfig& c) {
    using namespace cli;
    check(app.add_option("--lanes", c.lanes, "a prebuilt RTL configuration")->type_name("L"),
          "one of " QMAC_PREBUILT_LANES_TEXT, [](const std::string& s) {
              return is_prebuilt(s) ? std::string() : "must be one of the prebuilt configurations " QMAC_PREBUILT_LANES_TEXT;
          });
    app.add_option_function<std::string>("--act", [&c](const std::string& s) { c.act_signed = s == "int8"; },
                                         "activation type")
        ->default_str("int8");
    one_of(app.get_option("--act"), {"int8", "uint8"});
    std::vector<std::string> modes(std::begin(hw::kRoundingNames), std::end(hw::kRoundingNames));
    modes.push_back("mixed");
    one_of(app.add_option_function<std::string>("--mode", [&c](const std::string& s) { c.rounding = parse_rounding_choice(s); },
                                                "rounding codes used (mixed: all of them)")
               ->default_str("mixed"),
           modes);
    app.add_option("--stimulus", c.stimulus,
                   "constrained random; every shift x rounding x edge multiplier x edge accumulator; the seed example "
                   "repeated; or a vector file")
        ->type_name("random|sweep|seed|FILE");
    integer_in(app.add_option("--beats", c.beats, "input beats to send at most")->type_name("N"), 1, 1LL << 40);
    integer_in(app.add_option("--seed", c.seed, "random seed")->type_name("S"), 0, 1LL << 62);
    probability(app.add_option("--stall-prob", c.stall, "probability that m_ready is low on a cycle")->type_name("p"));
    probability(app.add_option("--bubble-prob", c.bubble, "probability that s_valid is low when a beat is ready")->type_name("q"));
    probability(app.add_option("--reset-prob", c.reset, "probability that a reset starts on a cycle")->type_name("r"));
    check(app.add_option_function<std::string>("--shard", [&c](const std::string& s) {
                  std::tie(c.shard, c.shards) = parse_shard(s);
              }, "run shard i of n of this regression (seeds and beats split deterministically)")
              ->type_name("i/n"),
          "", [](const std::string& s) { return parse_shard(s).second != 0 ? std::string() : "must be i/n with 0 <= i < n"; });
    app.add_flag("--x-random", c.x_random, "uninitialised RTL state random (Verilator --x-initial unique)");
    app.add_flag_callback("--no-hls", [&c] { c.hls = false; }, "RTL only (no HLS model in lockstep)");
    app.add_flag("--require-coverage", c.require_coverage, "fail when a required coverage bin is empty");
    app.add_option("--trace", c.trace, "write an FST waveform")->type_name("FILE.fst");
    integer_in(app.add_option("--trace-from", c.trace_from, "first cycle of the waveform")->type_name("C"), 0, 1LL << 62);
    integer_in(app.add_option("--trace-to", c.trace_to, "last cycle of the waveform")->type_name("C"), 0, 1LL << 62)
        ->default_str("the end");
    app.add_option("--report", c.report, "write the summary, counts and coverage as JSON (qmac-sim-merge reads it)")
        ->type_name("FILE.json");
    app.add_option("--junit", c.junit, "write the run's checks as JUnit XML, for CI dashboards")->type_name("FILE.xml");
    integer_in(app.add_option("--quantum", c.quantum, "cycles per SystemC synchronisation")->type_name("N"), 1, 1 << 20);
    one_of(app.add_option("--inject-bug", c.inject_bug,
                          "test only: a golden model wrong on rounding ties, or an HLS model one cycle late, to prove "
                          "the checks catch them"),
           {"golden-tie", "hls-latency"});
    app.add_option("--fail-trace", c.fail_trace, "where a failing run's re-run writes its waveform")->type_name("FILE.fst");
    app.add_flag_callback("--no-rerun", [&c] { c.rerun = false; }, "on a failure, do not re-run to write that waveform");
}

std::optional<int> parse_sim_options(int argc, char** argv, SimConfig& c) {
    c.argv.assign(argv + 1, argv + argc);
    CLI::App app("the cycle-accurate regression of qmac_dot: RTL and HLS in lockstep, every output checked against the "
                 "golden model (sim/README.md)",
                 "qmac-sim");
    cli::configure(app);
    add_sim_options(app, c);
    return cli::parse(app, argc, argv);
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
      << ", multiplier " << p.multiplier << ", shift " << p.shift << ", rounding " << p.rounding << ", wrap offset " << p.wrap_offset << ", zero point "
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
