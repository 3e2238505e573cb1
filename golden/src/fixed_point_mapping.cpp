#include "qmac/golden/fixed_point_mapping.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "qmac/golden/rounding.hpp"

namespace qmac::golden {

namespace {

// The smallest a in [lo, hi] with f(a) >= y, or hi + 1 when there is none (f non-decreasing).
std::int64_t first_reaching(std::int64_t lo, std::int64_t hi, std::int32_t y,
                            const std::function<std::int32_t(std::int32_t)>& f) {
    std::int64_t a = lo, b = hi + 1;  // invariant: f < y below a, f >= y from b on
    while (a < b) {
        const std::int64_t mid = a + (b - a) / 2;
        if (f(static_cast<std::int32_t>(mid)) >= y) b = mid; else a = mid + 1;
    }
    return a;
}

}  // namespace

MonotonicComparison compare_monotonic(std::int64_t lo, std::int64_t hi, const OutputStage& o,
                                      const std::function<std::int32_t(std::int32_t)>& expected,
                                      const std::function<std::int32_t(std::int32_t)>& actual) {
    if (lo > hi || lo < INT32_MIN || hi > INT32_MAX) {
        throw std::invalid_argument("compare_monotonic: bad accumulator range [" + std::to_string(lo) + ", " +
                                    std::to_string(hi) + "]");
    }
    // Outputs differ at a iff for some code y exactly one function has reached y at a: a lies between the
    // two step positions of y. The union of those half-open intervals is the set of differing values.
    std::vector<std::pair<std::int64_t, std::int64_t>> intervals;
    for (std::int64_t y = std::int64_t{o.min} + 1; y <= o.max; ++y) {
        const std::int64_t te = first_reaching(lo, hi, static_cast<std::int32_t>(y), expected);
        const std::int64_t ta = first_reaching(lo, hi, static_cast<std::int32_t>(y), actual);
        if (te != ta) intervals.emplace_back(std::min(te, ta), std::max(te, ta));
    }
    MonotonicComparison c;
    if (intervals.empty()) return c;
    std::sort(intervals.begin(), intervals.end());
    std::int64_t end = intervals.front().first;
    for (const auto& [s, e] : intervals) {
        const std::int64_t start = std::max(s, end);
        if (e > start) c.differing += static_cast<std::uint64_t>(e - start);
        end = std::max(end, e);
    }
    c.first = intervals.front().first;
    c.expected_at_first = expected(static_cast<std::int32_t>(c.first));
    c.actual_at_first = actual(static_cast<std::int32_t>(c.first));
    return c;
}

namespace {

double real_multiplier_of(const RequantParams& p) {
    switch (p.mode) {
    case RequantMode::Seed:
    case RequantMode::LiteRtReference: return p.coefficient;
    case RequantMode::Fp32:
    case RequantMode::PytorchQnnpack:
    case RequantMode::XnnpackVnni: return static_cast<double>(p.scale);
    default: return 0.0;
    }
}

// The first accumulator from 0 toward `end` (inclusive) at which wraps() holds, for a predicate that holds
// from some accumulator on outward; end + step when there is none.
std::int64_t first_outward(std::int64_t end, const std::function<bool(std::int64_t)>& wraps) {
    const int step = end >= 0 ? 1 : -1;
    std::int64_t a = 0, b = end + step;  // the answer lies in [a, b) (walking by step)
    while (a != b) {
        const std::int64_t mid = a + (b - a) / 2;
        if (wraps(mid)) {
            b = mid;
        } else {
            a = mid + step;
        }
    }
    return a;
}

}  // namespace

FixedPointMapping map_to_fixed_point(const RequantParams& p, const OutputStage& o, std::int64_t lo, std::int64_t hi) {
    const auto reference = [&](std::int32_t acc) { return requantize(acc, p, o); };
    // litert_reference adds the zero point in int32 the x86 way: from the accumulator where v = round(acc *
    // real), or v + zp, leaves int32 (in_x86_wrap_region) on outward, it gives the far clamp bound, not
    // monotonic. The hardware's single_away does the same on its exact quotient round(acc * M / 2^(31 - s)).
    // Both are monotonic up to their first wrapping accumulator and the far bound from there on, so they are
    // equal on [lo, hi] iff they are equal on the monotonic part (compare_monotonic) and that first
    // accumulator is the same (or lies outside [lo, hi] for both); the accumulators between two different
    // ones are counted as differing.
    const bool wrap_mode = p.mode == RequantMode::LiteRtReference;
    const bool up = o.zero_point >= 0;  // the region lies above for zp >= 0, below for zp < 0
    const std::int64_t end = up ? hi : lo;
    const bool reaches = up ? end >= 0 : end <= 0;  // [lo, hi] extends from 0 toward the region's side
    // The first wrapping accumulator inside [lo, hi] (from lo or hi on, when [lo, hi] lies wholly beyond it),
    // or one past `end`.
    // wrap_zp: the zero point of the wrap test (single_away's moves out by its wrap offset).
    const auto first_wrap = [&](const std::function<double(std::int64_t)>& rounded, std::int32_t wrap_zp) {
        if (!wrap_mode || !reaches) return end + (up ? 1 : -1);
        const std::int64_t w =
            first_outward(end, [&](std::int64_t acc) { return in_x86_wrap_region(rounded(acc), wrap_zp); });
        return up ? std::max(w, lo) : std::min(w, hi);
    };
    const std::int64_t ref_wrap =
        first_wrap([&](std::int64_t acc) { return round_half_away(static_cast<double>(acc) * p.coefficient); },
                   o.zero_point);
    // single_away's first wrapping accumulator, found like the reference's.
    const auto hardware_wrap = [&](QuantizedMultiplier m) {
        return first_wrap([&](std::int64_t acc) {  // exact near the region's start (|v| ~ 2^31)
            return static_cast<double>(
                multiply_by_quantized_multiplier_single_away_wide(static_cast<std::int32_t>(acc), m.multiplier, m.shift));
        }, static_cast<std::int32_t>(single_away_wrap_zero_point(o.zero_point, m.wrap_offset)));
    };
    const auto check = [&](QuantizedMultiplier m, FixedPointRounding r) {
        const auto actual = [&](std::int32_t acc) { return requantize_fixed(acc, m, r, o); };
        FixedPointMapping f{m, r, {}};
        const std::int64_t act_wrap = wrap_mode ? hardware_wrap(m) : ref_wrap;
        // The monotonic part ends before the nearer of the two first wrapping accumulators.
        const std::int64_t near = up ? std::min(ref_wrap, act_wrap) : std::max(ref_wrap, act_wrap);
        const std::int64_t mono_lo = up ? lo : std::max(lo, near + 1);
        const std::int64_t mono_hi = up ? std::min(hi, near - 1) : hi;
        if (mono_lo <= mono_hi) f.check = compare_monotonic(mono_lo, mono_hi, o, reference, actual);
        if (ref_wrap != act_wrap) {  // between the two, one gives the far bound and the other does not
            const std::int64_t far = up ? std::max(ref_wrap, act_wrap) : std::min(ref_wrap, act_wrap);
            const std::int64_t first = up ? near : far + 1;  // the smallest differing accumulator
            const std::int64_t count = up ? far - near : near - far;
            if (f.check.differing == 0 || first < f.check.first) {
                f.check.first = first;
                f.check.expected_at_first = reference(static_cast<std::int32_t>(first));
                f.check.actual_at_first = actual(static_cast<std::int32_t>(first));
            }
            f.check.differing += static_cast<std::uint64_t>(count);
        }
        return f;
    };
    const auto same = [&](QuantizedMultiplier m, FixedPointRounding r) {
        FixedPointMapping f = check(m, r);
        f.same_arithmetic = true;
        return f;
    };
    if (p.mode == RequantMode::TFLite) return same(p.fixed, FixedPointRounding::Double);
    if (p.mode == RequantMode::TFLiteSingle) return same(p.fixed, FixedPointRounding::Single);
    // The float32 modes run on the hardware's fp32 rounding with their own float32 multiplier: the same
    // IEEE arithmetic (pytorch_qnnpack's saturating cvtps equals fp32's clamp-then-round inside the output
    // range), exact by construction and checked anyway.
    if (p.mode == RequantMode::Fp32 || p.mode == RequantMode::PytorchQnnpack) {
        return same({float32_bits(p.scale), 0}, FixedPointRounding::Float32);
    }
    // xnnpack_vnni is its own hardware rounding: fp32 with the x86 conversion and int32 zero-point add.
    if (p.mode == RequantMode::XnnpackVnni) return same({float32_bits(p.scale), 0}, FixedPointRounding::Float32Wrap);
    // ruy's x86 double rounding (both ties up) is a rounding of the kernels, with the mode's own parameters.
    if (p.mode == RequantMode::LiteRtRuy) return same(p.fixed, FixedPointRounding::DoubleUp);

    const QuantizedMultiplier base = quantize_multiplier_single(real_multiplier_of(p));
    // The float64 modes: the integer rounding that is their fixed-point form, checked.
    std::vector<FixedPointRounding> roundings;
    if (p.mode == RequantMode::Seed) {
        roundings = {FixedPointRounding::TruncateTowardZero};
    } else if (p.mode == RequantMode::LiteRtReference) {
        roundings = {FixedPointRounding::SingleAway};
    } else {
        throw std::invalid_argument("map_to_fixed_point: mode " + std::string(to_string(p.mode)) + " has no integer form");
    }
    // single_away's wrap offset for M: the smallest that starts the wrap where the reference does, else 0.
    // (The 31-bit M moves the wrap's first accumulator in steps of about 2 / real^2 accumulators, up to 2
    // for real in [1, 2); the offset moves it by single codes of the quotient, at most one accumulator.)
    const auto with_offset = [&](QuantizedMultiplier m) {
        if (!wrap_mode || !reaches) return m;
        for (int d = 0; d <= kWrapOffsetMax; ++d) {
            if (hardware_wrap({m.multiplier, m.shift, d}) == ref_wrap) return QuantizedMultiplier{m.multiplier, m.shift, d};
        }
        return m;
    };
    FixedPointMapping best{base, roundings.front(), {}};
    bool have_best = false;
    for (FixedPointRounding r : roundings) {
        for (int delta : {0, -1, 1, -2, 2, -3, 3, -4, 4}) {
            const std::int64_t m = std::int64_t{base.multiplier} + delta;
            if (m < 0 || m > INT32_MAX) continue;
            const QuantizedMultiplier q{static_cast<std::int32_t>(m), base.shift};
            const FixedPointMapping candidate = check(r == FixedPointRounding::SingleAway ? with_offset(q) : q, r);
            if (candidate.exact()) return candidate;
            if (!have_best || candidate.check.differing < best.check.differing) {
                best = candidate;
                have_best = true;
            }
        }
    }
    return best;
}

}  // namespace qmac::golden
