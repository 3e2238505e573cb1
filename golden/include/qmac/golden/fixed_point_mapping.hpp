// Running a float requantization mode on integer hardware, and proving when that is exact.
//
// The RTL and HLS kernels requantize with an int32 multiplier, a shift and one of the contract's roundings
// (requantize_fixed), fp32 among them. A float64 mode (seed) can run there only if, over every accumulator
// value a layer can reach, an integer path gives the float path's output. Both paths are
// monotonic non-decreasing in the accumulator, so they are equal everywhere iff their step positions (the
// first accumulator reaching each output code) are equal: compare_monotonic checks ~256 steps by binary
// search instead of 2^32 values.
#pragma once

#include <cstdint>
#include <functional>

#include "qmac/golden/requantize.hpp"

namespace qmac::golden {

struct MonotonicComparison {
    std::uint64_t differing = 0;  // how many accumulator values in [lo, hi] give different outputs
    std::int64_t first = 0;       // the smallest such value (when differing > 0)
    std::int32_t expected_at_first = 0;
    std::int32_t actual_at_first = 0;
};

// Compares two monotonic non-decreasing functions of the accumulator over [lo, hi] (inside int32) whose
// outputs lie in [o.min, o.max]. Throws std::invalid_argument for an empty or out-of-int32 range.
MonotonicComparison compare_monotonic(std::int64_t lo, std::int64_t hi, const OutputStage& o,
                                      const std::function<std::int32_t(std::int32_t)>& expected,
                                      const std::function<std::int32_t(std::int32_t)>& actual);

struct FixedPointMapping {
    QuantizedMultiplier multiplier;
    FixedPointRounding rounding;
    MonotonicComparison check;  // the integer path against requantize(acc, p, o) over [lo, hi]
    // true: the hardware rounding is the mode's own arithmetic with the mode's own parameters (tflite,
    // tflite_single, fp32, pytorch_qnnpack, litert_ruy, xnnpack_vnni), exact for every accumulator; false: a fixed-point stand-in
    // for a float64 mode (seed), exact only where `check` found no differing accumulator.
    bool same_arithmetic = false;
    bool exact() const { return check.differing == 0; }
};

// The largest wrap offset of single_away that map_to_fixed_point picks: the hardware field's range
// (docs/contract.toml's wrap_offset; a static_assert in sim/cli/hardware_params.hpp checks the two agree).
constexpr int kWrapOffsetMax = 3;

// The integer parameters the hardware runs for p over accumulators [lo, hi]:
// tflite / tflite_single map to themselves, litert_ruy to double_up, fp32 / pytorch_qnnpack to the fp32
// rounding with their float32 multiplier (exact by construction, checked anyway), xnnpack_vnni to fp32_wrap
// with its own; seed tries truncation and
// litert_reference single_away, each with the multiplier from quantize_multiplier_single(real) and its
// neighbours M +- 4 (single_away: each with every wrap offset in [0, kWrapOffsetMax] where [lo, hi] reaches
// the wrap's side), keeping the first exact candidate, or else the one with the fewest differing
// accumulators. litert_reference's check covers its x86 wrap too: the monotonic part by compare_monotonic,
// and the first accumulator whose scaled value (plus zp) leaves int32 must be the same in both forms.
FixedPointMapping map_to_fixed_point(const RequantParams& p, const OutputStage& o, std::int64_t lo, std::int64_t hi);

}  // namespace qmac::golden
