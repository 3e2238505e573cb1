#include "qmac/golden/fixed_point_mapping.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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
    case RequantMode::Seed: return p.coefficient;
    case RequantMode::Fp32:
    case RequantMode::PytorchQnnpack: return static_cast<double>(p.scale);
    default: return 0.0;
    }
}

}  // namespace

FixedPointMapping map_to_fixed_point(const RequantParams& p, const OutputStage& o, std::int64_t lo, std::int64_t hi) {
    const auto reference = [&](std::int32_t acc) { return requantize(acc, p, o); };
    const auto check = [&](QuantizedMultiplier m, FixedPointRounding r) {
        return FixedPointMapping{m, r, compare_monotonic(lo, hi, o, reference, [&](std::int32_t acc) {
                                     return requantize_fixed(acc, m, r, o);
                                 })};
    };
    if (p.mode == RequantMode::TFLite) return check(p.fixed, FixedPointRounding::Double);
    if (p.mode == RequantMode::TFLiteSingle) return check(p.fixed, FixedPointRounding::Single);
    if (p.mode == RequantMode::LiteRtRuy || p.mode == RequantMode::LiteRtReference) {
        // The kernels have no rounding for these yet; callers refuse such layers first (layer::hardware_channels).
        throw std::invalid_argument("map_to_fixed_point: mode " + std::string(to_string(p.mode)) +
                                    " has no integer hardware form yet");
    }

    const QuantizedMultiplier base = quantize_multiplier_single(real_multiplier_of(p));
    std::vector<FixedPointRounding> roundings;
    if (p.mode == RequantMode::Seed) {
        roundings = {FixedPointRounding::TruncateTowardZero};
    } else {
        roundings = {FixedPointRounding::SingleHalfEven, FixedPointRounding::Single, FixedPointRounding::Double};
    }
    FixedPointMapping best{base, roundings.front(), {}};
    bool have_best = false;
    for (FixedPointRounding r : roundings) {
        for (int delta : {0, -1, 1, -2, 2, -3, 3, -4, 4}) {
            const std::int64_t m = std::int64_t{base.multiplier} + delta;
            if (m < 0 || m > INT32_MAX) continue;
            const FixedPointMapping candidate = check({static_cast<std::int32_t>(m), base.shift}, r);
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
