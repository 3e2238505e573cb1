#include "qmac/golden/rounding.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace qmac::golden {

std::string_view to_string(Rounding r) {
    switch (r) {
    case Rounding::HalfEven: return "half_even";
    case Rounding::HalfAway: return "half_away";
    case Rounding::HalfUp: return "half_up";
    case Rounding::TowardZero: return "toward_zero";
    case Rounding::Floor: return "floor";
    }
    return "?";
}

Rounding parse_rounding(std::string_view name) {
    for (Rounding r : {Rounding::HalfEven, Rounding::HalfAway, Rounding::HalfUp, Rounding::TowardZero,
                       Rounding::Floor}) {
        if (to_string(r) == name) return r;
    }
    throw std::invalid_argument("unknown rounding mode '" + std::string(name) +
                                "' (expected half_even, half_away, half_up, toward_zero or floor)");
}

// All three tie-aware functions split x into floor(x) and the fraction x - floor(x); that subtraction is
// exact for every finite double (the fraction of a double is representable), so ties are detected exactly.

double round_half_even(double x) {
    if (!std::isfinite(x)) return x;
    const double lower = std::floor(x);
    const double fraction = x - lower;
    if (fraction > 0.5) return lower + 1.0;
    if (fraction < 0.5) return lower;
    return std::fmod(lower, 2.0) == 0.0 ? lower : lower + 1.0;
}

double round_half_away(double x) { return std::round(x); }

double round_half_up(double x) {
    if (!std::isfinite(x)) return x;
    const double lower = std::floor(x);
    return (x - lower >= 0.5) ? lower + 1.0 : lower;
}

double round_toward_zero(double x) { return std::trunc(x); }

double round_floor(double x) { return std::floor(x); }

double round_real(double x, Rounding r) {
    switch (r) {
    case Rounding::HalfEven: return round_half_even(x);
    case Rounding::HalfAway: return round_half_away(x);
    case Rounding::HalfUp: return round_half_up(x);
    case Rounding::TowardZero: return round_toward_zero(x);
    case Rounding::Floor: return round_floor(x);
    }
    return x;
}

std::int64_t shift_right_rounded(std::int64_t x, int shift, Rounding r) {
    if (shift < 0 || shift > 62) throw std::invalid_argument("shift_right_rounded: shift must be in [0, 62]");
    if (shift == 0) return x;
    const std::int64_t floor_q = x >> shift;  // arithmetic shift: floor(x / 2^shift) (C++20 semantics, g++ always)
    const std::int64_t remainder = x - floor_q * (std::int64_t{1} << shift);  // in [0, 2^shift)
    const std::int64_t half = std::int64_t{1} << (shift - 1);
    switch (r) {
    case Rounding::Floor: return floor_q;
    case Rounding::TowardZero: return (remainder != 0 && x < 0) ? floor_q + 1 : floor_q;
    case Rounding::HalfUp: return remainder >= half ? floor_q + 1 : floor_q;
    case Rounding::HalfAway: return (remainder > half || (remainder == half && x >= 0)) ? floor_q + 1 : floor_q;
    case Rounding::HalfEven:
        return (remainder > half || (remainder == half && (floor_q & 1) != 0)) ? floor_q + 1 : floor_q;
    }
    return floor_q;
}

}  // namespace qmac::golden
