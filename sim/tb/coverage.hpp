// The coverage the scoreboard counts, and which of its bins a run must fill: one definition for qmac-sim
// and for qmac-sim-merge, which sums the coverage of a regression's shards.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "qmac/hls/interface.hpp"

namespace qmac::tb {

struct Coverage {
    std::array<std::uint64_t, hw::kRoundingCodes> outputs_per_rounding{};  // by rounding code
    // By rounding code: exact ties of its rounding (double, double_up: of SRDHM or of the final shift;
    // truncate: negative non-integers, where trunc != floor; fp32: of the final rounding to an integer).
    std::array<std::uint64_t, hw::kRoundingCodes> ties{};
    std::uint64_t fp32_acc_ties = 0;  // fp32: f32(acc) a tie between two float32 neighbours
    // fp32 multipliers by exponent class: zero, subnormal, [2^-126, 2^-32), [2^-32, 2^-8), [2^-8, 1),
    // [1, 2^16), [2^16, the largest finite].
    std::array<std::uint64_t, 7> fp32_exponent_classes{};
    std::uint64_t clamp_low = 0, clamp_high = 0;         // output clamped to min / max from beyond
    std::uint64_t int32_saturations = 0;                  // the multiplier's result left int32
    std::uint64_t fp32_zero_point_wraps = 0;  // fp32_wrap: INT32_MIN + a negative zero point, wrapped (127)
    // single_away: outputs that x86's int32 arithmetic puts on the far clamp bound (the cast's INT32_MIN for a
    // quotient beyond int32, or the zero-point add wrapping, on the zero point's side), and those of them that
    // only the wrap offset d started (without d the sum would have stayed inside int32)
    std::uint64_t x86_wraps = 0, x86_offset_wraps = 0;
    std::uint64_t acc_int32_min = 0, acc_int32_max = 0;
    std::array<std::uint64_t, hw::kShiftMax - hw::kShiftMin + 1> shifts{};  // by shift - kShiftMin
    // A bin of coverage that must not be empty, and how many hits it has.
    struct Bin {
        std::string name;
        std::uint64_t hits;
    };
    // The bins a run whose groups use the rounding codes `used` must fill: each used code's ties, the
    // shifts legal with a used code, the fp32 bins when a float32 code is used (and fp32_wrap's wraps when
    // it is), single_away's wraps (and those its wrap offset starts) when it is, clamps and extreme
    // accumulators.
    std::vector<Bin> required_bins(const std::array<bool, hw::kRoundingCodes>& used) const;
    // Adds another run's counts, bin by bin (the coverage of shards, merged).
    Coverage& operator+=(const Coverage& other);
};

}  // namespace qmac::tb
