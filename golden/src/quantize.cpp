#include "qmac/golden/quantize.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace qmac::golden {

namespace {

// Rounds and saturates a finite real to codes; huge values saturate before the integer conversion.
std::int32_t round_and_saturate(double v, Rounding r, IntRange codes, const char* who) {
    if (std::isnan(v)) throw std::domain_error(std::string(who) + ": cannot quantize NaN");
    const double rounded = round_real(v, r);
    if (rounded <= static_cast<double>(codes.min)) return static_cast<std::int32_t>(codes.min);
    if (rounded >= static_cast<double>(codes.max)) return static_cast<std::int32_t>(codes.max);
    return static_cast<std::int32_t>(rounded);
}

}  // namespace

SymmetricQuant make_symmetric(int bits, double range) {
    if (bits < 2 || bits > 16) {
        throw std::invalid_argument("bit width k must be in [2, 16], got " + std::to_string(bits));
    }
    if (!std::isfinite(range) || !(range > 0.0)) {
        throw std::invalid_argument("range a must be finite and > 0, got " + std::to_string(range));
    }
    const double scale = static_cast<double>((std::int64_t{1} << (bits - 1)) - 1) / range;
    return {bits, range, scale};
}

SymmetricQuant make_symmetric_from_tensor(int bits, const std::vector<double>& values) {
    if (values.empty()) throw std::invalid_argument("cannot derive a range from an empty tensor");
    double a = 0.0;
    for (double v : values) {
        if (!std::isfinite(v)) throw std::invalid_argument("tensor holds a non-finite value " + std::to_string(v));
        a = std::fmax(a, std::fabs(v));
    }
    if (a == 0.0) throw std::invalid_argument("tensor is all zeros: its range a would be 0");
    return make_symmetric(bits, a);
}

AffineQuant make_affine(double scale, std::int32_t zero_point, IntRange codes) {
    if (!std::isfinite(scale) || !(scale > 0.0)) {
        throw std::invalid_argument("scale must be finite and > 0, got " + std::to_string(scale));
    }
    if (!codes.contains(zero_point)) {
        throw std::invalid_argument("zero point " + std::to_string(zero_point) + " outside [" +
                                    std::to_string(codes.min) + ", " + std::to_string(codes.max) + "]");
    }
    return {scale, zero_point, codes};
}

const AffineQuant& PerChannelAffine::channel(std::size_t c) const {
    if (c >= channels.size()) {
        throw std::out_of_range("channel " + std::to_string(c) + " of " + std::to_string(channels.size()));
    }
    return channels[c];
}

std::int32_t quantize(double x, const SymmetricQuant& p, Rounding r) {
    return round_and_saturate(x * p.scale, r, p.codes(), "quantize");
}

double dequantize(std::int32_t q, const SymmetricQuant& p) {
    return static_cast<double>(static_cast<float>(q)) / p.scale;
}

std::int32_t quantize(double x, const AffineQuant& p, Rounding r) {
    if (std::isnan(x)) throw std::domain_error("quantize: cannot quantize NaN");
    // Round first, then add the zero point (ONNX QuantizeLinear, TFLite AffineQuantize), both in double.
    const double shifted = round_real(x / p.scale, r) + static_cast<double>(p.zero_point);
    return round_and_saturate(shifted, r, p.codes, "quantize");
}

double dequantize(std::int32_t q, const AffineQuant& p) {
    return p.scale * static_cast<double>(std::int64_t{q} - p.zero_point);
}

std::vector<std::int32_t> quantize(const std::vector<double>& x, const SymmetricQuant& p, Rounding r) {
    std::vector<std::int32_t> q;
    q.reserve(x.size());
    for (double v : x) q.push_back(quantize(v, p, r));
    return q;
}

}  // namespace qmac::golden
