#include "scoreboard.hpp"

#include <sstream>

#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/integer.hpp"
#include "qmac/golden/rounding.hpp"

namespace qmac::tb {

std::vector<Coverage::Bin> Coverage::required_bins() const {
    std::vector<Bin> bins = {
        {"double-rounding ties", ties[0]},
        {"single-rounding ties", ties[1]},
        {"truncations of negative non-integers", ties[2]},
        {"single-rounding ties to even", ties[3]},
        {"outputs clamped to min", clamp_low},
        {"outputs clamped to max", clamp_high},
        {"INT32_MIN accumulators", acc_int32_min},
        {"INT32_MAX accumulators", acc_int32_max},
    };
    for (std::size_t s = 0; s < shifts.size(); ++s) {
        bins.push_back({"shift " + std::to_string(static_cast<int>(s) + hw::kShiftMin), shifts[s]});
    }
    return bins;
}

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

void Scoreboard::cover(const Event& e) {
    const OutParams& p = e.params;
    Coverage& c = coverage_;
    ++c.outputs_per_rounding[p.rounding & 3u];
    if (p.shift >= hw::kShiftMin && p.shift <= hw::kShiftMax) ++c.shifts[static_cast<std::size_t>(p.shift - hw::kShiftMin)];
    if (e.acc == INT32_MIN) ++c.acc_int32_min;
    if (e.acc == INT32_MAX) ++c.acc_int32_max;

    // Ties and the value before the output stage, per rounding.
    std::int64_t v = 0;
    switch (hls_tb::golden_rounding(p.rounding)) {
    case golden::FixedPointRounding::Double: {
        const int left = p.shift > 0 ? p.shift : 0, right = p.shift > 0 ? 0 : -p.shift;
        const std::int64_t prod = std::int64_t{golden::shift_left_wrapping(e.acc, left)} * p.multiplier;
        const bool srdhm_tie = (prod & ((std::int64_t{1} << 31) - 1)) == (std::int64_t{1} << 30);
        const std::int32_t high = golden::saturating_rounding_doubling_high_mul(golden::shift_left_wrapping(e.acc, left), p.multiplier);
        const bool rdbpot_tie = right > 0 && (high & ((std::int64_t{1} << right) - 1)) == (std::int64_t{1} << (right - 1));
        c.ties[0] += srdhm_tie || rdbpot_tie;
        v = golden::multiply_by_quantized_multiplier(e.acc, p.multiplier, p.shift);
        break;
    }
    case golden::FixedPointRounding::Single:
    case golden::FixedPointRounding::SingleHalfEven:
    case golden::FixedPointRounding::TruncateTowardZero: {
        // One rounding of acc * M / 2^(31 - shift): a tie is a remainder of exactly half (single, single
        // even); for truncation the interesting case is a negative non-integer (trunc != floor).
        const golden::FixedPointRounding r = hls_tb::golden_rounding(p.rounding);
        const std::int64_t prod = std::int64_t{e.acc} * p.multiplier;
        const int total = 31 - p.shift;
        const std::int64_t remainder = prod & ((std::int64_t{1} << total) - 1);
        const bool tie = remainder == (std::int64_t{1} << (total - 1));
        golden::Rounding how = golden::Rounding::TowardZero;
        if (r == golden::FixedPointRounding::Single) {
            c.ties[1] += tie;
            how = golden::Rounding::HalfUp;
        } else if (r == golden::FixedPointRounding::SingleHalfEven) {
            c.ties[3] += tie;
            how = golden::Rounding::HalfEven;
        } else {
            c.ties[2] += prod < 0 && remainder != 0;
        }
        const std::int64_t exact = golden::shift_right_rounded(prod, total, how);
        c.int32_saturations += exact < INT32_MIN || exact > INT32_MAX;
        v = golden::saturate_int32(exact);
        break;
    }
    }
    const std::int64_t before_clamp = v + p.zero_point;
    c.clamp_low += before_clamp < p.min;
    c.clamp_high += before_clamp > p.max;
}

}  // namespace qmac::tb
