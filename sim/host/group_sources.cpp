#include "group_sources.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "qmac/golden/requantize.hpp"

namespace qmac::tb {

RoundingChoice parse_rounding_choice(const std::string& s) {
    std::string names;
    for (int code = 0; code < hw::kRoundingCodes; ++code) {
        if (s == hw::kRoundingNames[code]) return RoundingChoice{code};
        names += std::string(hw::kRoundingNames[code]) + ", ";
    }
    if (s == "mixed") return RoundingChoice::Mixed;
    throw std::invalid_argument("--mode must be one of " + names + "or mixed, got '" + s + "'");
}

const char* to_string(RoundingChoice r) { return r.mixed() ? "mixed" : hw::kRoundingNames[r.code]; }

RandomGroups::RandomGroups(std::uint64_t seed, int lanes, bool act_signed, RoundingChoice rounding)
    : lanes_(lanes), act_signed_(act_signed), rng_(seed) {
    options_.rounding = rounding.code;
    options_.stream_lengths = true;
}

bool RandomGroups::next(Group& g) {
    hls_tb::random_group(rng_, lanes_, act_signed_, options_, g);
    if (inject_tie_bug_ && g.exact_tie) g.y += 1;
    return true;
}

SweepGroups::SweepGroups(int lanes, bool act_signed) : lanes_(lanes) {
    const std::int32_t lo = act_signed ? -128 : 0, hi = act_signed ? 127 : 255;
    const auto add = [&](std::int32_t acc, std::int32_t m, int shift, unsigned rounding) {
        OutParams p;
        p.bias = acc;  // with all-zero lanes the accumulator is the bias
        p.multiplier = m;
        p.shift = shift;
        p.rounding = rounding;
        p.zero_point = act_signed ? 0 : 128;
        p.min = lo;
        p.max = hi;
        params_.push_back(p);
    };
    for (int shift = hw::kShiftMin; shift <= hw::kShiftMax; ++shift) {
        for (unsigned rounding = 0; rounding < hw::kRoundingCodes; ++rounding) {
            if (hw::float32_multiplier(rounding) || shift < hw::shift_min(rounding) || shift > hw::shift_max(rounding)) continue;
            for (std::int32_t m : {0, 1, 1 << 30, hw::kMultiplierMax, 1518500250}) {
                const std::int32_t tie = shift < 0 ? static_cast<std::int32_t>(std::int64_t{3} << -shift) : 3;
                // -tie in 64 bits: at shift -31 the tie wraps to INT32_MIN, whose int32 negation overflows.
                const auto neg_tie = static_cast<std::int32_t>(-std::int64_t{tie});
                for (std::int32_t acc : {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX, tie, neg_tie}) add(acc, m, shift, rounding);
            }
        }
    }
    // fp32 (shift 0): a multiplier of each exponent class (zero, the smallest subnormal, 2^-40, 2^-20, 0.5,
    // 2, the largest finite) x the edge accumulators, the tie +-3 * 0.5, and f32(acc) ties (2^24 + 1 lies
    // halfway between two float32 neighbours). fp32_wrap the same, and again with zero point -1, where
    // INT32_MIN times a multiplier of 1 or more wraps (to max(127, min)).
    for (unsigned rounding : {unsigned{hw::kRoundFp32}, unsigned{hw::kRoundFp32Wrap}}) {
        for (std::int32_t m : {0, 1, golden::float32_bits(0x1p-40f), golden::float32_bits(0x1p-20f), golden::float32_bits(0.5f),
                               golden::float32_bits(2.0f), hw::multiplier_max(rounding)}) {
            for (std::int32_t acc : {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX, 3, -3, (1 << 24) + 1, -((1 << 24) + 3)}) {
                add(acc, m, 0, rounding);
                if (rounding == hw::kRoundFp32Wrap) {
                    add(acc, m, 0, rounding);
                    params_.back().zero_point = -1;
                }
            }
        }
    }
    // single_away at its x86 wrap with each wrap offset d >= 1: M = 2^30 and shift 1 make the quotient the
    // accumulator itself; the first accumulator that wraps only because of d and the one before it, on the
    // zero point's side (the sweep's zero point >= 0: near INT32_MAX; zero point -1: near INT32_MIN).
    for (unsigned d = hw::kWrapOffsetMin + 1; d <= hw::kWrapOffsetMax; ++d) {
        for (const std::int32_t zp : {act_signed ? 0 : 128, -1}) {
            // (golden's wrap test: q + wzp leaves int32 from there on; the neighbour inside does not wrap without d)
            const std::int64_t wzp = golden::single_away_wrap_zero_point(zp, static_cast<int>(d));
            const std::int64_t first = zp >= 0 ? std::int64_t{INT32_MAX} - wzp + 1 : std::int64_t{INT32_MIN} - wzp - 1;
            for (const std::int64_t acc : {first, zp >= 0 ? first - 1 : first + 1}) {
                add(static_cast<std::int32_t>(acc), 1 << 30, 1, hw::kRoundSingleAway);
                params_.back().zero_point = zp;
                params_.back().wrap_offset = d;
            }
        }
    }
}

bool SweepGroups::next(Group& g) {
    if (i_ >= params_.size()) return false;
    g.act.assign(static_cast<std::size_t>(lanes_), 0);  // with all-zero lanes the accumulator is the bias
    g.wgt.assign(static_cast<std::size_t>(lanes_), 0);
    g.params = params_[i_++];
    g.exact_tie = false;
    hls_tb::finish(g);
    return true;
}

bool RepeatedGroup::next(Group& g) {
    if (left_ == 0) return false;
    --left_;
    g = g_;
    return true;
}

FileGroups::FileGroups(const std::string& path, int lanes, bool act_signed) {
    std::ifstream in(path);
    if (!in) throw VectorFileError(path + ": cannot open");
    read(in, path, lanes, act_signed);
}

FileGroups::FileGroups(std::istream& in, const std::string& source, int lanes, bool act_signed) {
    read(in, source, lanes, act_signed);
}

void FileGroups::read(std::istream& in, const std::string& path, int lanes, bool act_signed) {
    const std::int64_t act_lo = act_signed ? -128 : 0, act_hi = act_signed ? 127 : 255;
    std::string line;
    Group g;
    for (std::size_t n = 1; std::getline(in, line); ++n) {
        const std::string where = path + ":" + std::to_string(n) + ": ";
        if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
        std::istringstream s(line);
        std::string tag;
        if (!(s >> tag)) continue;
        // A whole token in decimal, range-checked on its exact value: "12x", "1.5", "0x10" or a value beyond
        // int64 is an error, not a prefix or a wrapped number.
        const auto number = [&](const char* what, std::int64_t lo, std::int64_t hi) {
            std::string token;
            if (!(s >> token)) throw VectorFileError(where + "expected " + what);
            std::int64_t v = 0;
            const char* end = token.data() + token.size();
            const auto [stop, ec] = std::from_chars(token.data(), end, v);
            if (ec == std::errc::invalid_argument || stop != end) {
                throw VectorFileError(where + "expected " + what + " (a decimal integer), got '" + token + "'");
            }
            if (ec == std::errc::result_out_of_range || v < lo || v > hi) {
                throw VectorFileError(where + what + " " + token + " outside [" + std::to_string(lo) + ", " +
                                      std::to_string(hi) + "]");
            }
            return v;
        };
        if (tag != "A") throw VectorFileError(where + "a beat starts with 'A'");
        for (int i = 0; i < lanes; ++i) g.act.push_back(static_cast<std::int32_t>(number("activation", act_lo, act_hi)));
        if (!(s >> tag) || tag != "W") throw VectorFileError(where + "expected 'W' after " + std::to_string(lanes) + " activations");
        for (int i = 0; i < lanes; ++i) g.wgt.push_back(static_cast<std::int32_t>(number("weight", -128, 127)));
        if (s >> tag) {
            if (tag != "L") throw VectorFileError(where + "expected 'L' or the end of the line");
            OutParams& p = g.params;
            p.bias = static_cast<std::int32_t>(number("bias", INT32_MIN, INT32_MAX));
            p.multiplier = static_cast<std::int32_t>(number("multiplier", 0, hw::kMultiplierMax));
            p.shift = static_cast<int>(number("shift", hw::kShiftMin, hw::kShiftMax));
            p.rounding = static_cast<unsigned>(number("rounding", 0, hw::kRoundingCodes - 1));
            // Each rounding code has its own legal shifts and largest multiplier (fp32: shift 0 and the bits
            // of a finite float32), which the contract's ranges above do not capture.
            if (p.shift < hw::shift_min(p.rounding) || p.shift > hw::shift_max(p.rounding)) {
                throw VectorFileError(where + "shift " + std::to_string(p.shift) + " outside [" +
                                      std::to_string(hw::shift_min(p.rounding)) + ", " +
                                      std::to_string(hw::shift_max(p.rounding)) + "], the shifts of rounding " +
                                      std::to_string(p.rounding) + " (" + hw::kRoundingNames[p.rounding] + ")");
            }
            if (p.multiplier > hw::multiplier_max(p.rounding)) {
                throw VectorFileError(where + "multiplier " + std::to_string(p.multiplier) + " is above " +
                                      std::to_string(hw::multiplier_max(p.rounding)) + ", the largest for rounding " +
                                      std::to_string(p.rounding) + " (" + hw::kRoundingNames[p.rounding] + ")");
            }
            p.zero_point = static_cast<std::int32_t>(number("zero point", hw::kOutParamMin, hw::kOutParamMax));
            p.min = static_cast<std::int32_t>(number("min", act_lo, act_hi));
            p.max = static_cast<std::int32_t>(number("max", p.min, act_hi));
            s >> std::ws;  // an optional wrap offset (single_away's; 0 when left out)
            if (!s.eof()) p.wrap_offset = static_cast<unsigned>(number("wrap offset", hw::kWrapOffsetMin, hw::kWrapOffsetMax));
            std::string extra;
            if (s >> extra) throw VectorFileError(where + "unexpected '" + extra + "'");
            hls_tb::finish(g);
            groups_.push_back(g);
            g = Group{};
        }
    }
    if (!g.act.empty()) throw VectorFileError(path + ": the last group has no 'L' beat");
    if (groups_.empty()) throw VectorFileError(path + ": no groups");
}

bool FileGroups::next(Group& g) {
    if (i_ >= groups_.size()) return false;
    g = groups_[i_++];
    return true;
}

}  // namespace qmac::tb
