#include "run_junit.hpp"

#include <sstream>

namespace qmac::tb {

namespace {

// The required bins' case: failed when any is empty, the message naming them.
JunitCase coverage_case(const RunReport& r, const std::string& name) {
    JunitCase c{name, "", ""};
    std::size_t required = 0, empty = 0;
    std::string list;
    for (const Coverage::Bin& b : required_bins(r)) {
        ++required;
        if (b.hits != 0) continue;
        ++empty;
        list += (list.empty() ? "" : ", ") + b.name;
    }
    c.name += " (" + std::to_string(required) + ")";
    if (empty != 0) c.failure = std::to_string(empty) + " of " + std::to_string(required) + " required coverage bins are empty: " + list;
    return c;
}

std::vector<std::pair<std::string, std::string>> properties(const RunReport& r) {
    const RunConfig& k = r.config;
    return {{"lanes", std::to_string(k.lanes)}, {"act", k.act}, {"mode", k.mode}, {"stimulus", k.stimulus},
            {"seed", std::to_string(k.seed)}, {"shards", std::to_string(k.shards)},
            {"cycles", std::to_string(r.counts.cycles)}, {"outputs_matched", std::to_string(r.counts.outputs_matched)},
            {"reproduce", r.reproduce}};
}

}  // namespace

std::string run_name(const RunConfig& c) {
    std::ostringstream s;
    s << "qmac-sim LANES=" << c.lanes << ' ' << c.act << " mode " << c.mode << " stimulus " << c.stimulus << " seed " << c.seed;
    return s.str();
}

JunitSuite run_suite(const RunReport& r, bool require_coverage) {
    JunitSuite s;
    const std::uint64_t shard = r.shard_indices.empty() ? 0 : r.shard_indices.front();
    s.name = run_name(r.config) + " shard " + std::to_string(shard) + "/" + std::to_string(r.config.shards);
    s.seconds = r.wall_seconds;
    s.properties = properties(r);
    auto check = [&](const std::string& name, const std::string& which) {
        JunitCase c{name, "", ""};
        if (r.failed_check == which) {
            c.failure = r.failure;
            c.details = r.failure + "\nreproduce: " + r.reproduce;
        }
        s.cases.push_back(c);
    };
    check("outputs equal the golden model (" + std::to_string(r.counts.outputs_matched) + " matched)", "golden");
    check("RTL and HLS in lockstep, exact latency, II = 1", "lockstep");
    check("every expected output arrived", "lost");
    if (require_coverage) s.cases.push_back(coverage_case(r, "required coverage bins"));
    return s;
}

JunitSuite merged_suite(const RunReport& m, bool require_coverage) {
    JunitSuite s;
    s.name = run_name(m.config) + " merged (" + std::to_string(m.shard_indices.size()) + " shards)";
    s.seconds = m.wall_seconds;
    s.properties = properties(m);
    for (const ShardOutcome& o : m.shard_outcomes) {
        JunitCase c{"shard " + std::to_string(o.shard) + "/" + std::to_string(m.config.shards) + " (" + o.source + ")", "", ""};
        if (o.status != 0) {
            c.failure = o.failure.empty() ? "status " + std::to_string(o.status) : o.failure;
            c.details = c.failure + "\nreproduce: " + o.reproduce;
        }
        s.cases.push_back(c);
    }
    JunitCase all{"every shard of " + std::to_string(m.config.shards) + " reported", "", ""};
    if (m.shard_indices.size() != m.config.shards) {
        all.failure = std::to_string(m.config.shards - m.shard_indices.size()) + " of " + std::to_string(m.config.shards) +
                      " shards have no report";
    }
    s.cases.push_back(all);
    if (require_coverage) s.cases.push_back(coverage_case(m, "required coverage bins of the merged coverage"));
    return s;
}

}  // namespace qmac::tb
