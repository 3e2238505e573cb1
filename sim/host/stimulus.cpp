#include "stimulus.hpp"

#include <algorithm>
#include <stdexcept>

#include "qmac/golden/integer.hpp"

namespace qmac::tb {

RoundingChoice parse_rounding_choice(const std::string& s) {
    if (s == "double") return RoundingChoice::Double;
    if (s == "single") return RoundingChoice::Single;
    if (s == "truncate") return RoundingChoice::Truncate;
    if (s == "single_even") return RoundingChoice::SingleEven;
    if (s == "mixed") return RoundingChoice::Mixed;
    throw std::invalid_argument("--mode must be double, single, truncate, single_even or mixed, got '" + s + "'");
}

const char* to_string(RoundingChoice r) {
    switch (r) {
    case RoundingChoice::Double: return "double";
    case RoundingChoice::Single: return "single";
    case RoundingChoice::Truncate: return "truncate";
    case RoundingChoice::SingleEven: return "single_even";
    case RoundingChoice::Mixed: return "mixed";
    }
    return "?";
}

std::int32_t beat_dot(const InBeat& b, int lanes) {
    std::int32_t s = 0;
    for (int i = 0; i < lanes; ++i) s += std::int32_t{b.act[i]} * b.wgt[i];
    return s;
}

Stimulus::Stimulus(std::uint64_t seed, int lanes, bool act_signed, RoundingChoice rounding)
    : lanes_(lanes), act_signed_(act_signed), rounding_(rounding), rng_(seed) {}

void finish_group(Group& g, int lanes) {
    std::uint32_t sum = 0;
    for (const InBeat& b : g.beats) sum += static_cast<std::uint32_t>(beat_dot(b, lanes));
    const OutParams& p = g.beats.back().params;
    g.acc = golden::wrap_int32(std::int64_t{p.bias} + sum);
    g.y = golden_output(g.acc, p);
}

bool Stimulus::next(Group& g) {
    const auto u = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_); };
    const int kind = static_cast<int>(u(0, 99));
    const std::int64_t len = kind < 50 ? u(1, 4) : kind < 88 ? u(5, 32) : u(33, 160);
    g.beats.resize(static_cast<std::size_t>(len));

    // Lanes: uniform bytes, or (1 group in 16) the extreme codes, to reach large accumulators.
    const bool extreme = u(0, 15) == 0;
    const std::int16_t act_extreme = act_signed_ ? (u(0, 1) ? 127 : -128) : 255;
    const std::int8_t wgt_extreme = u(0, 1) ? 127 : -128;
    std::uint32_t sum = 0;  // wraps mod 2^32 like the hardware
    for (InBeat& b : g.beats) {
        for (int i = 0; i < lanes_; i += 4) {
            const std::uint64_t r = rng_.next();
            for (int j = 0; j < 4 && i + j < lanes_; ++j) {
                const auto a = static_cast<std::uint8_t>(r >> (16 * j));
                const auto w = static_cast<std::uint8_t>(r >> (16 * j + 8));
                b.act[i + j] = extreme ? act_extreme : (act_signed_ ? static_cast<std::int8_t>(a) : a);
                b.wgt[i + j] = extreme ? wgt_extreme : static_cast<std::int8_t>(w);
            }
        }
        b.last = false;
        sum += static_cast<std::uint32_t>(beat_dot(b, lanes_));
    }
    InBeat& last = g.beats.back();
    last.last = true;

    // Bias: mostly modest, sometimes anywhere in int32.
    std::int32_t bias = static_cast<std::int32_t>(u(0, 7) == 0 ? u(INT32_MIN, INT32_MAX) : u(-(1 << 16), 1 << 16));
    std::int32_t acc = golden::wrap_int32(std::int64_t{bias} + sum);
    int acc_bits = 1;
    for (std::int64_t m = acc < 0 ? -std::int64_t{acc} : acc; m > 0; m >>= 1) ++acc_bits;
    OutParams p = random_params(rng_, act_signed_, acc_bits);

    // Corner groups: an accumulator of INT32_MIN or INT32_MAX, or an exact rounding tie.
    const int corner = static_cast<int>(u(0, 99));
    if (corner < 2) {
        acc = corner == 0 ? INT32_MIN : INT32_MAX;
    } else if (corner < 10) {
        // M = 2^30 and shift -e make the real multiplier 2^(-e-1); acc = (2k+1) * 2^e then lands on
        // (2k+1)/2, a tie for double rounding (after an exact SRDHM), single rounding and truncation.
        const int e = static_cast<int>(u(1, 30));
        const std::int64_t k_max = std::min<std::int64_t>(100, (std::int64_t{1} << (30 - e)) - 1);
        const std::int64_t k = u(-k_max - 1, k_max);  // |2k + 1| * 2^e stays inside int32
        acc = golden::wrap_int32((2 * k + 1) * (std::int64_t{1} << e));
        p.multiplier = 1 << 30;
        p.shift = -e;
    }
    bias = golden::wrap_int32(std::int64_t{acc} - sum);

    switch (rounding_) {
    case RoundingChoice::Double: p.rounding = hw::kRoundDouble; break;
    case RoundingChoice::Single: p.rounding = hw::kRoundSingle; break;
    case RoundingChoice::Truncate: p.rounding = hw::kRoundTruncate; break;
    case RoundingChoice::SingleEven: p.rounding = hw::kRoundSingleEven; break;
    case RoundingChoice::Mixed: break;  // random_params already drew a rounding code
    }
    p.shift = std::min(p.shift, hw::shift_max(p.rounding));  // 31 is legal in double rounding only
    p.bias = bias;
    last.params = p;
    g.acc = acc;
    g.y = golden_output(acc, p);
    if (inject_tie_bug_ && corner >= 2 && corner < 10) g.y += 1;
    return true;
}

}  // namespace qmac::tb
