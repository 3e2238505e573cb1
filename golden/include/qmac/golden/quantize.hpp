// Quantization parameters and real <-> integer conversion of tensors, per tensor or per output channel.
//
// Two conventions are in use and both are kept with their own names, because they round differently:
// - symmetric (the seed): q = round(x * s), s = (2^(k-1) - 1) / a; the scale MULTIPLIES.
// - affine (TFLite / ONNX): q = round(x / scale) + zero_point; the scale DIVIDES.
#pragma once

#include <cstdint>
#include <vector>

#include "qmac/golden/integer.hpp"
#include "qmac/golden/rounding.hpp"

namespace qmac::golden {

// The seed's symmetric scheme: k bits, clip threshold a > 0, scale s = (2^(k-1) - 1) / a, no zero point.
struct SymmetricQuant {
    int bits;      // k in [2, 16]
    double range;  // a = max |x| expected
    double scale;  // s = (2^(k-1) - 1) / a, in float64 exactly as numpy computes it
    IntRange codes() const { return symmetric_range(bits); }
};

// Throws std::invalid_argument naming the problem for k outside [2, 16] or a not finite and > 0.
SymmetricQuant make_symmetric(int bits, double range);
// The seed's weight parameters: a = max |w| (throws for an empty or non-finite tensor, or all zeros).
SymmetricQuant make_symmetric_from_tensor(int bits, const std::vector<double>& values);

// The affine scheme (TFLite convention): real = scale * (q - zero_point).
struct AffineQuant {
    double scale;        // > 0
    std::int32_t zero_point;
    IntRange codes;      // e.g. signed_range(8) for int8, unsigned_range(8) for uint8
};

// Throws std::invalid_argument for a scale that is not finite and > 0, or a zero point outside codes.
AffineQuant make_affine(double scale, std::int32_t zero_point, IntRange codes);

// Per output channel: one affine parameter set per channel (TFLite per-axis weights).
struct PerChannelAffine {
    std::vector<AffineQuant> channels;
    const AffineQuant& channel(std::size_t c) const;  // throws std::out_of_range naming c
};

// q = saturate(round(x * s), [-(2^(k-1)-1), 2^(k-1)-1]). NaN throws std::domain_error.
std::int32_t quantize(double x, const SymmetricQuant& p, Rounding r = Rounding::HalfEven);
// x = float32(q) / s (the seed's dequantization: an int cast to float32, divided in float64).
double dequantize(std::int32_t q, const SymmetricQuant& p);

// q = saturate(round(x / scale) + zero_point, codes). NaN throws std::domain_error.
std::int32_t quantize(double x, const AffineQuant& p, Rounding r = Rounding::HalfEven);
// x = scale * (q - zero_point).
double dequantize(std::int32_t q, const AffineQuant& p);

// Element-wise over a tensor.
std::vector<std::int32_t> quantize(const std::vector<double>& x, const SymmetricQuant& p,
                                   Rounding r = Rounding::HalfEven);

}  // namespace qmac::golden
