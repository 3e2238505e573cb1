#include "run_report.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace qmac::tb {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "qmac-sim report";
constexpr int kVersion = 2;  // 2: coverage gained x86_wraps and x86_offset_wraps

// The fields of RunConfig and RunCounts by JSON name: one table for writing, reading and summing.
template <class T>
struct Field {
    const char* name;
    T RunCounts::*member;
};
const Field<std::uint64_t> kCounts[] = {
    {"cycles", &RunCounts::cycles},
    {"beats_of_shard", &RunCounts::beats_of_shard},
    {"beats", &RunCounts::beats},
    {"outputs_matched", &RunCounts::outputs_matched},
    {"groups_dropped_by_reset", &RunCounts::groups_dropped_by_reset},
    {"resets", &RunCounts::resets},
    {"backpressure_cycles", &RunCounts::backpressure_cycles},
    {"bubble_cycles", &RunCounts::bubble_cycles},
    {"input_stall_cycles", &RunCounts::input_stall_cycles},
    {"latencies_checked", &RunCounts::latencies_checked},
};

json config_json(const RunConfig& c) {
    return {{"lanes", c.lanes}, {"latency", c.latency}, {"act", c.act}, {"mode", c.mode}, {"stimulus", c.stimulus},
            {"inject_bug", c.inject_bug}, {"seed", c.seed}, {"beats_requested", c.beats_requested}, {"shards", c.shards},
            {"quantum", c.quantum}, {"hls_lockstep", c.hls_lockstep}, {"x_random", c.x_random},
            {"stall_prob", c.stall_prob}, {"bubble_prob", c.bubble_prob}, {"reset_prob", c.reset_prob}};
}

// Per rounding code, keyed by its name.
json by_rounding(const std::array<std::uint64_t, hw::kRoundingCodes>& a) {
    json j = json::object();
    for (unsigned r = 0; r < hw::kRoundingCodes; ++r) j[hw::kRoundingNames[r]] = a[r];
    return j;
}

json coverage_json(const Coverage& c, const std::array<bool, hw::kRoundingCodes>& used) {
    json shifts = json::object();
    for (int s = hw::kShiftMin; s <= hw::kShiftMax; ++s) shifts[std::to_string(s)] = c.shifts[static_cast<std::size_t>(s - hw::kShiftMin)];
    json codes = json::array();
    for (unsigned r = 0; r < hw::kRoundingCodes; ++r) {
        if (used[r]) codes.push_back(hw::kRoundingNames[r]);
    }
    return {{"rounding_codes_used", codes}, {"outputs_per_rounding", by_rounding(c.outputs_per_rounding)},
            {"ties", by_rounding(c.ties)}, {"fp32_acc_ties", c.fp32_acc_ties},
            {"fp32_exponent_classes", c.fp32_exponent_classes}, {"clamp_low", c.clamp_low},
            {"clamp_high", c.clamp_high}, {"int32_saturations", c.int32_saturations},
            {"fp32_zero_point_wraps", c.fp32_zero_point_wraps}, {"x86_wraps", c.x86_wraps},
            {"x86_offset_wraps", c.x86_offset_wraps},
            {"acc_int32_min", c.acc_int32_min}, {"acc_int32_max", c.acc_int32_max}, {"shifts", shifts}};
}

// Reads the fields of one report file; every problem is a ReportError naming the file and the field.
class Reader {
public:
    explicit Reader(std::string path) : path_(std::move(path)) {}

    [[noreturn]] void fail(const std::string& what) const { throw ReportError(path_ + ": " + what); }

    const json& field(const json& obj, const std::string& key, const std::string& where) const {
        if (!obj.is_object()) fail("'" + where + "' must be an object");
        const auto it = obj.find(key);
        if (it == obj.end()) fail("'" + name(where, key) + "' is missing");
        return *it;
    }
    std::uint64_t u64(const json& obj, const std::string& key, const std::string& where = "") const {
        const json& v = field(obj, key, where);
        if (!v.is_number_unsigned()) fail("'" + name(where, key) + "' must be an unsigned integer, got " + v.dump());
        return v.get<std::uint64_t>();
    }
    int integer(const json& obj, const std::string& key, const std::string& where = "") const {
        const json& v = field(obj, key, where);
        if (!v.is_number_integer()) fail("'" + name(where, key) + "' must be an integer, got " + v.dump());
        return v.get<int>();
    }
    double real(const json& obj, const std::string& key, const std::string& where = "") const {
        const json& v = field(obj, key, where);
        if (!v.is_number()) fail("'" + name(where, key) + "' must be a number, got " + v.dump());
        return v.get<double>();
    }
    bool boolean(const json& obj, const std::string& key, const std::string& where = "") const {
        const json& v = field(obj, key, where);
        if (!v.is_boolean()) fail("'" + name(where, key) + "' must be true or false, got " + v.dump());
        return v.get<bool>();
    }
    std::string text(const json& obj, const std::string& key, const std::string& where = "") const {
        const json& v = field(obj, key, where);
        if (!v.is_string()) fail("'" + name(where, key) + "' must be a string, got " + v.dump());
        return v.get<std::string>();
    }
    // An object with exactly the keys `keys`, each an unsigned count.
    template <std::size_t N>
    std::array<std::uint64_t, N> counts(const json& obj, const std::string& key, const std::string& where,
                                        const std::array<std::string, N>& keys) const {
        const json& o = field(obj, key, where);
        const std::string here = name(where, key);
        if (!o.is_object() || o.size() != N) fail("'" + here + "' must be an object of " + std::to_string(N) + " counts");
        std::array<std::uint64_t, N> a{};
        for (std::size_t i = 0; i < N; ++i) a[i] = u64(o, keys[i], here);
        return a;
    }

private:
    static std::string name(const std::string& where, const std::string& key) { return where.empty() ? key : where + "." + key; }
    std::string path_;
};

std::array<std::string, hw::kRoundingCodes> rounding_keys() {
    std::array<std::string, hw::kRoundingCodes> k;
    for (unsigned r = 0; r < hw::kRoundingCodes; ++r) k[r] = hw::kRoundingNames[r];
    return k;
}

std::array<std::string, hw::kShiftMax - hw::kShiftMin + 1> shift_keys() {
    std::array<std::string, hw::kShiftMax - hw::kShiftMin + 1> k;
    for (int s = hw::kShiftMin; s <= hw::kShiftMax; ++s) k[static_cast<std::size_t>(s - hw::kShiftMin)] = std::to_string(s);
    return k;
}

RunReport parse_report(const json& j, const Reader& in) {
    if (!j.is_object()) in.fail("not a qmac-sim report (not a JSON object)");
    if (in.text(j, "report") != kFormat) in.fail("not a qmac-sim report ('report' is not \"" + std::string(kFormat) + "\")");
    if (in.integer(j, "version") != kVersion) in.fail("report version " + j["version"].dump() + ", this program reads " + std::to_string(kVersion));
    RunReport r;
    const json& c = in.field(j, "config", "");
    RunConfig& k = r.config;
    k.lanes = in.integer(c, "lanes", "config");
    k.latency = in.integer(c, "latency", "config");
    k.act = in.text(c, "act", "config");
    k.mode = in.text(c, "mode", "config");
    k.stimulus = in.text(c, "stimulus", "config");
    k.inject_bug = in.text(c, "inject_bug", "config");
    k.seed = in.u64(c, "seed", "config");
    k.beats_requested = in.u64(c, "beats_requested", "config");
    k.shards = in.u64(c, "shards", "config");
    k.quantum = in.u64(c, "quantum", "config");
    k.hls_lockstep = in.boolean(c, "hls_lockstep", "config");
    k.x_random = in.boolean(c, "x_random", "config");
    k.stall_prob = in.real(c, "stall_prob", "config");
    k.bubble_prob = in.real(c, "bubble_prob", "config");
    k.reset_prob = in.real(c, "reset_prob", "config");
    if (k.shards == 0) in.fail("'config.shards' must be at least 1");
    const std::uint64_t shard = in.u64(j, "shard");
    if (shard >= k.shards) in.fail("'shard' = " + std::to_string(shard) + " must be below config.shards = " + std::to_string(k.shards));
    r.shard_indices = {shard};

    const json& n = in.field(j, "counts", "");
    for (const auto& f : kCounts) r.counts.*f.member = in.u64(n, f.name, "counts");

    const json& v = in.field(j, "coverage", "");
    Coverage& cov = r.coverage;
    const json& used = in.field(v, "rounding_codes_used", "coverage");
    if (!used.is_array()) in.fail("'coverage.rounding_codes_used' must be an array of rounding names");
    for (const json& name : used) {
        unsigned code = 0;
        while (code < hw::kRoundingCodes && !(name.is_string() && name.get<std::string>() == hw::kRoundingNames[code])) ++code;
        if (code == hw::kRoundingCodes) in.fail("'coverage.rounding_codes_used' has " + name.dump() + ", not a rounding name");
        r.rounding_used[code] = true;
    }
    cov.outputs_per_rounding = in.counts(v, "outputs_per_rounding", "coverage", rounding_keys());
    cov.ties = in.counts(v, "ties", "coverage", rounding_keys());
    cov.fp32_acc_ties = in.u64(v, "fp32_acc_ties", "coverage");
    const json& classes = in.field(v, "fp32_exponent_classes", "coverage");
    if (!classes.is_array() || classes.size() != cov.fp32_exponent_classes.size()) {
        in.fail("'coverage.fp32_exponent_classes' must be an array of " + std::to_string(cov.fp32_exponent_classes.size()) + " counts");
    }
    for (std::size_t i = 0; i < classes.size(); ++i) {
        if (!classes[i].is_number_unsigned()) in.fail("'coverage.fp32_exponent_classes' must hold unsigned counts");
        cov.fp32_exponent_classes[i] = classes[i].get<std::uint64_t>();
    }
    cov.clamp_low = in.u64(v, "clamp_low", "coverage");
    cov.clamp_high = in.u64(v, "clamp_high", "coverage");
    cov.int32_saturations = in.u64(v, "int32_saturations", "coverage");
    cov.fp32_zero_point_wraps = in.u64(v, "fp32_zero_point_wraps", "coverage");
    cov.x86_wraps = in.u64(v, "x86_wraps", "coverage");
    cov.x86_offset_wraps = in.u64(v, "x86_offset_wraps", "coverage");
    cov.acc_int32_min = in.u64(v, "acc_int32_min", "coverage");
    cov.acc_int32_max = in.u64(v, "acc_int32_max", "coverage");
    cov.shifts = in.counts(v, "shifts", "coverage", shift_keys());

    r.wall_seconds = in.real(j, "wall_seconds");
    r.status = in.integer(j, "status");
    r.failed_check = in.text(j, "failed_check");
    r.failure = in.text(j, "failure");
    r.reproduce = in.text(j, "reproduce");
    return r;
}

}  // namespace

std::vector<Coverage::Bin> required_bins(const RunReport& r) {
    std::vector<Coverage::Bin> bins = r.coverage.required_bins(r.rounding_used);
    if (r.config.stall_prob > 0) bins.push_back({"back-pressured cycles", r.counts.backpressure_cycles});
    if (r.config.reset_prob > 0) bins.push_back({"resets mid-stream", r.counts.resets});
    return bins;
}

json to_json(const RunReport& r) {
    json counts = json::object();
    for (const auto& f : kCounts) counts[f.name] = r.counts.*f.member;
    json j = {{"report", kFormat}, {"version", kVersion}, {"config", config_json(r.config)}};
    if (r.shard_outcomes.empty() && r.shard_indices.size() == 1) {
        j["shard"] = r.shard_indices.front();
    } else {
        j["shards_merged"] = r.shard_indices;
    }
    j["counts"] = counts;
    j["coverage"] = coverage_json(r.coverage, r.rounding_used);
    j["wall_seconds"] = r.wall_seconds;
    j["status"] = r.status;
    j["failed_check"] = r.failed_check;
    j["failure"] = r.failure;
    j["reproduce"] = r.reproduce;
    if (!r.shard_outcomes.empty()) {
        json outcomes = json::array();
        for (const ShardOutcome& o : r.shard_outcomes) {
            outcomes.push_back({{"source", o.source}, {"shard", o.shard}, {"status", o.status}, {"failure", o.failure},
                                {"reproduce", o.reproduce}});
        }
        j["shard_outcomes"] = outcomes;
    }
    return j;
}

RunReport read_report(const std::string& path) {
    const Reader in(path);
    std::ifstream f(path);
    if (!f) in.fail("cannot open");
    json j;
    try {
        j = json::parse(f);
    } catch (const json::parse_error& e) {
        in.fail(std::string("not valid JSON (") + e.what() + ")");
    }
    return parse_report(j, in);
}

void write_report(const RunReport& r, const std::string& path) {
    const std::string tmp = path + ".tmp";
    std::ofstream f(tmp);
    f << to_json(r).dump(2) << '\n';
    f.close();
    if (!f || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw ReportError("cannot write " + path);
    }
}

RunReport merge_reports(const std::vector<RunReport>& shards, const std::vector<std::string>& sources) {
    if (shards.empty()) throw ReportError("no shard reports to merge");
    RunReport m;
    m.config = shards.front().config;
    const json first = config_json(m.config);
    std::map<std::uint64_t, std::string> seen;  // shard index -> its file
    std::uint64_t passed = 0;
    for (std::size_t i = 0; i < shards.size(); ++i) {
        const RunReport& s = shards[i];
        const json other = config_json(s.config);
        for (auto it = first.begin(); it != first.end(); ++it) {
            if (other[it.key()] != it.value()) {
                throw ReportError(sources[i] + ": config '" + it.key() + "' = " + other[it.key()].dump() + ", but " +
                                  sources.front() + " has " + it.value().dump() + " (shards of different regressions)");
            }
        }
        for (std::uint64_t index : s.shard_indices) {
            const auto [at, fresh] = seen.emplace(index, sources[i]);
            if (!fresh) {
                throw ReportError(sources[i] + ": shard " + std::to_string(index) + "/" + std::to_string(m.config.shards) +
                                  " again (also in " + at->second + ")");
            }
            m.shard_indices.push_back(index);
            m.shard_outcomes.push_back({sources[i], index, s.status, s.failure, s.reproduce});
        }
        for (const auto& f : kCounts) m.counts.*f.member += s.counts.*f.member;
        m.coverage += s.coverage;
        for (unsigned r = 0; r < hw::kRoundingCodes; ++r) m.rounding_used[r] = m.rounding_used[r] || s.rounding_used[r];
        m.wall_seconds += s.wall_seconds;
        passed += s.status == 0;
    }
    // The outcome: the first failed shard, else the shards that never reported.
    std::string missing;
    std::uint64_t n_missing = 0;
    for (std::uint64_t i = 0; i < m.config.shards; ++i) {
        if (seen.count(i) != 0) continue;
        if (++n_missing <= 8) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
    }
    if (n_missing > 8) missing += ", ...";
    for (const ShardOutcome& o : m.shard_outcomes) {
        if (o.status == 0) continue;
        m.status = 1;
        m.failure = "shard " + std::to_string(o.shard) + "/" + std::to_string(m.config.shards) + " (" + o.source + ") failed" +
                    (o.failure.empty() ? " (status " + std::to_string(o.status) + ")" : ": " + o.failure) + "; " +
                    std::to_string(shards.size() - passed) + " of " + std::to_string(shards.size()) + " shards failed";
        m.reproduce = o.reproduce;
        break;
    }
    if (m.status == 0 && n_missing != 0) {
        m.status = 1;
        m.failure = std::to_string(n_missing) + " of " + std::to_string(m.config.shards) + " shards have no report: " + missing;
    }
    return m;
}

}  // namespace qmac::tb
