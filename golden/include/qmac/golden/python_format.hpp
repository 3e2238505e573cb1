// Python and numpy text formatting, so that qmac prints the seed's numbers character for character.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qmac::golden {

// repr() of a Python float / str() of a numpy float64: the shortest decimal that reads back as the same
// double, in fixed notation for decimal exponents in [-4, 16) and as 1.5e-05 / 1e+16 otherwise.
std::string python_float_repr(double x);

// printf-style "%.{digits}f": Python's '{:.6f}'.format(x) rounds the exact binary value like glibc does.
std::string format_fixed(double x, int digits);

// str() of a 1-D numpy integer array: elements right-aligned to the widest, separated by one space,
// wrapped at numpy's default line width of 75 with a one-space hanging indent (numpy >= 1.14 layout).
std::string numpy_int_array_str(const std::vector<std::int64_t>& values);

// numpy's sum() of a contiguous float64 array: pairwise summation with 8 partial sums and blocks of 128.
double numpy_pairwise_sum(const std::vector<double>& values);

}  // namespace qmac::golden
