#include "scoreboard.hpp"

#include <cmath>
#include <sstream>

#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/integer.hpp"
#include "qmac/golden/rounding.hpp"

namespace qmac::tb {

bool Scoreboard::consume(const Event& e) {
    if (failed_) return false;
    switch (e.kind) {
    case Event::Expect:
        expected_.push_back(e);
        cover(e);
        return true;
    case Event::Reset:
        expected_.clear();
        return true;
    case Event::Observe: {
        if (expected_.empty()) {
            failed_ = true;
            failure_ = "an output arrived with no expected output pending";
            mismatch_.cycle = e.cycle;
            mismatch_.actual = e.y;
            return false;
        }
        const Event x = expected_.front();
        expected_.pop_front();
        if (x.y != e.y || x.group != e.group) {
            failed_ = true;
            mismatch_ = Mismatch{e.cycle, x.group, x.y, e.y, x.acc, x.params};
            std::ostringstream s;
            s << "output of group " << x.group << " at cycle " << e.cycle << ": expected " << x.y << ", got " << e.y;
            failure_ = s.str();
            return false;
        }
        ++matched_;
        return true;
    }
    }
    return true;
}

namespace {
// The fp32 multiplier's exponent class (Coverage::fp32_exponent_classes).
std::size_t fp32_class(std::int32_t bits) {
    const int biased = (static_cast<std::uint32_t>(bits) >> 23) & 0xFF;
    if (bits == 0) return 0;
    if (biased == 0) return 1;
    const int e = biased - 127;
    return e < -32 ? 2 : e < -8 ? 3 : e < 0 ? 4 : e < 16 ? 5 : 6;
}

// remainder == half of x / 2^n, n >= 1.
bool is_tie(std::int64_t x, int n) { return (x & ((std::int64_t{1} << n) - 1)) == (std::int64_t{1} << (n - 1)); }
}  // namespace

void Scoreboard::cover(const Event& e) { count_output(coverage_, e.acc, e.params); }

void count_output(Coverage& c, std::int32_t acc, const OutParams& p) {
    const unsigned code = p.rounding & ((1u << hw::kRoundingBits) - 1u);
    if (code < hw::kRoundingCodes) ++c.outputs_per_rounding[code];
    if (p.shift >= hw::kShiftMin && p.shift <= hw::kShiftMax) ++c.shifts[static_cast<std::size_t>(p.shift - hw::kShiftMin)];
    if (acc == INT32_MIN) ++c.acc_int32_min;
    if (acc == INT32_MAX) ++c.acc_int32_max;

    // Ties, per rounding, and the value before the output stage (golden's, unclamped).
    std::int64_t v = 0;
    const golden::FixedPointRounding r = hls_tb::golden_rounding(p.rounding);
    switch (r) {
    case golden::FixedPointRounding::Double:
    case golden::FixedPointRounding::DoubleUp: {
        const int left = p.shift > 0 ? p.shift : 0, right = p.shift > 0 ? 0 : -p.shift;
        const std::int32_t x = golden::shift_left_wrapping(acc, left);
        const bool srdhm_tie = is_tie(std::int64_t{x} * p.multiplier, 31);
        const std::int32_t high = golden::saturating_rounding_doubling_high_mul(x, p.multiplier);
        c.ties[code] += srdhm_tie || (right > 0 && is_tie(high, right));
        v = r == golden::FixedPointRounding::Double ? golden::multiply_by_quantized_multiplier(acc, p.multiplier, p.shift)
                                                    : golden::multiply_by_quantized_multiplier_ruy_x86(acc, p.multiplier, p.shift);
        break;
    }
    case golden::FixedPointRounding::Single:
    case golden::FixedPointRounding::SingleHalfEven:
    case golden::FixedPointRounding::SingleAway:
    case golden::FixedPointRounding::TruncateTowardZero: {
        // One rounding of acc * M / 2^(31 - shift): a tie is a remainder of exactly half; for truncation
        // the interesting case is a negative non-integer (trunc != floor).
        const std::int64_t prod = std::int64_t{acc} * p.multiplier;
        const int total = 31 - p.shift;
        const golden::Rounding how = r == golden::FixedPointRounding::Single           ? golden::Rounding::HalfUp
                                     : r == golden::FixedPointRounding::SingleHalfEven ? golden::Rounding::HalfEven
                                     : r == golden::FixedPointRounding::SingleAway     ? golden::Rounding::HalfAway
                                                                                       : golden::Rounding::TowardZero;
        if (r == golden::FixedPointRounding::TruncateTowardZero) {
            c.ties[code] += prod < 0 && (prod & ((std::int64_t{1} << total) - 1)) != 0;
        } else {
            c.ties[code] += is_tie(prod, total);
        }
        const std::int64_t exact = golden::shift_right_rounded(prod, total, how);
        c.int32_saturations += exact < INT32_MIN || exact > INT32_MAX;
        v = golden::saturate_int32(exact);
        if (r == golden::FixedPointRounding::SingleAway) {  // x86's int32 cast and int32 zero-point add
            // golden's wrap test (the far bound: min for zp >= 0, max for zp < 0); v + zp then lies beyond it
            const int d = static_cast<int>(p.wrap_offset);
            const bool far = golden::single_away_far_bound(exact, p.zero_point, d);
            if (far) v = p.zero_point >= 0 ? INT32_MIN : INT32_MAX;
            // The wraps: far bounds on the zero point's side, where saturation would give the other bound (the
            // cast's INT32_MIN or the add's wrap), and those that only d puts there.
            const bool wraps = far && (p.zero_point >= 0 ? exact > 0 : exact < 0);
            c.x86_wraps += wraps;
            c.x86_offset_wraps += wraps && !golden::single_away_far_bound(exact, p.zero_point, 0);
        }
        break;
    }
    case golden::FixedPointRounding::Float32:
    case golden::FixedPointRounding::Float32Wrap: {
        const float a = static_cast<float>(acc);
        c.fp32_acc_ties += acc != 0 && std::fabs(static_cast<double>(a) - acc) == std::ldexp(1.0, std::ilogb(a) - 24);
        ++c.fp32_exponent_classes[fp32_class(p.multiplier)];
        const float prod = a * golden::float32_from_bits(p.multiplier);
        c.ties[code] += std::fabs(prod - std::trunc(prod)) == 0.5f;
        const double rounded = std::nearbyint(static_cast<double>(prod));
        c.int32_saturations += !(rounded >= -2147483648.0 && rounded <= 2147483647.0);
        v = golden::saturate_int32_real(rounded);
        if (r == golden::FixedPointRounding::Float32Wrap && v == INT32_MIN && p.zero_point < 0) {
            ++c.fp32_zero_point_wraps;  // vcvtps2dq's INT32_MIN plus the zero point wraps: 127
            return;                     // not a clamp to min or max
        }
        break;
    }
    }
    const std::int64_t before_clamp = v + p.zero_point;
    c.clamp_low += before_clamp < p.min;
    c.clamp_high += before_clamp > p.max;
}

}  // namespace qmac::tb
