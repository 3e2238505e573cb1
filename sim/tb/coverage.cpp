#include "coverage.hpp"

namespace qmac::tb {

std::vector<Coverage::Bin> Coverage::required_bins(const std::array<bool, hw::kRoundingCodes>& used) const {
    std::vector<Bin> bins;
    for (unsigned r = 0; r < hw::kRoundingCodes; ++r) {
        if (!used[r]) continue;
        const std::string what = r == hw::kRoundTruncate ? "truncations of negative non-integers" : "exact ties";
        bins.push_back({std::string("rounding ") + hw::kRoundingNames[r] + ": " + what, ties[r]});
    }
    if (used[hw::kRoundFp32] || used[hw::kRoundFp32Wrap]) {
        bins.push_back({"rounding fp32: f32(acc) ties", fp32_acc_ties});
        static const char* const classes[] = {"zero", "subnormal", "[2^-126, 2^-32)", "[2^-32, 2^-8)", "[2^-8, 1)",
                                              "[1, 2^16)", "[2^16, max]"};
        for (std::size_t k = 0; k < fp32_exponent_classes.size(); ++k) {
            bins.push_back({std::string("fp32 multipliers ") + classes[k], fp32_exponent_classes[k]});
        }
    }
    if (used[hw::kRoundFp32Wrap]) bins.push_back({"rounding fp32_wrap: wrapped zero points", fp32_zero_point_wraps});
    if (used[hw::kRoundSingleAway]) {
        bins.push_back({"rounding single_away: x86 wraps to the far bound", x86_wraps});
        bins.push_back({"rounding single_away: wraps the wrap offset started", x86_offset_wraps});
    }
    bins.push_back({"outputs clamped to min", clamp_low});
    bins.push_back({"outputs clamped to max", clamp_high});
    bins.push_back({"INT32_MIN accumulators", acc_int32_min});
    bins.push_back({"INT32_MAX accumulators", acc_int32_max});
    for (int s = hw::kShiftMin; s <= hw::kShiftMax; ++s) {
        bool legal = false;
        for (unsigned r = 0; r < hw::kRoundingCodes; ++r) legal = legal || (used[r] && s >= hw::shift_min(r) && s <= hw::shift_max(r));
        if (legal) bins.push_back({"shift " + std::to_string(s), shifts[static_cast<std::size_t>(s - hw::kShiftMin)]});
    }
    return bins;
}

namespace {
template <std::size_t N>
void add(std::array<std::uint64_t, N>& a, const std::array<std::uint64_t, N>& b) {
    for (std::size_t i = 0; i < N; ++i) a[i] += b[i];
}
}  // namespace

Coverage& Coverage::operator+=(const Coverage& o) {
    add(outputs_per_rounding, o.outputs_per_rounding);
    add(ties, o.ties);
    fp32_acc_ties += o.fp32_acc_ties;
    add(fp32_exponent_classes, o.fp32_exponent_classes);
    clamp_low += o.clamp_low;
    clamp_high += o.clamp_high;
    int32_saturations += o.int32_saturations;
    fp32_zero_point_wraps += o.fp32_zero_point_wraps;
    x86_wraps += o.x86_wraps;
    x86_offset_wraps += o.x86_offset_wraps;
    acc_int32_min += o.acc_int32_min;
    acc_int32_max += o.acc_int32_max;
    add(shifts, o.shifts);
    return *this;
}

}  // namespace qmac::tb
