// Rounding of real values and of integer right shifts: every rounding rule qmac uses, one function each.
//
// The double-valued functions never consult the floating-point environment (fesetround), so their result
// is the same whatever mode a host program left the FPU in.
#pragma once

#include <cstdint>
#include <string_view>

namespace qmac::golden {

// How a value exactly halfway (or in general between two integers) becomes an integer.
enum class Rounding {
    HalfEven,    // numpy np.round, IEEE roundTiesToEven, lrintf/nearbyint in the default FP mode
    HalfAway,    // std::round, TFLite TfLiteRound, gemmlowp RoundingDivideByPOT, ap_fixed AP_RND_INF
    HalfUp,      // toward +infinity at ties: gemmlowp SRDHM, TFLite single rounding, ap_fixed AP_RND
    TowardZero,  // C casts, numpy astype(int): the seed's requantization
    Floor,       // arithmetic shift right without rounding (TVM VTA)
};

std::string_view to_string(Rounding r);
// Parses the names printed by to_string ("half_even", ...); throws std::invalid_argument naming the text.
Rounding parse_rounding(std::string_view name);

// round_half_even(x) = nearest integer to x, ties to the even neighbour (2.5 -> 2, -2.5 -> -2).
double round_half_even(double x);
// round_half_away(x) = nearest integer, ties away from zero (2.5 -> 3, -2.5 -> -3).
double round_half_away(double x);
// round_half_up(x) = floor(x + 1/2) computed without the rounding error of the addition (-2.5 -> -2).
double round_half_up(double x);
// round_toward_zero(x) = trunc(x) (-1.9 -> -1).
double round_toward_zero(double x);
// round_floor(x) = floor(x) (-1.1 -> -2).
double round_floor(double x);
// Dispatches to one of the five functions above. NaN and infinities pass through unchanged.
double round_real(double x, Rounding r);

// x / 2^shift rounded as r, exactly (no intermediate overflow), shift in [0, 62].
// Floor is the arithmetic shift x >> shift.
std::int64_t shift_right_rounded(std::int64_t x, int shift, Rounding r);

}  // namespace qmac::golden
