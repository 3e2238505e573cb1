// Quantization parameters and quantize/dequantize: conventions, ties, saturation, bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "qmac/golden/quantize.hpp"

using namespace qmac::golden;

TEST_CASE("symmetric parameters follow the seed: s = (2^(k-1) - 1) / a", "[quantize]") {
    const SymmetricQuant p = make_symmetric(8, 6.0);
    CHECK(p.scale == 127.0 / 6.0);
    CHECK(p.codes().min == -127);
    CHECK(make_symmetric(4, 1.0).scale == 7.0);
    CHECK(make_symmetric_from_tensor(8, {-23.543, 8.533, 34.53}).range == 34.53);
}

TEST_CASE("symmetric parameters reject bad k, a and tensors", "[quantize]") {
    CHECK_THROWS_WITH(make_symmetric(1, 1.0), Catch::Contains("k must be in [2, 16]"));
    CHECK_THROWS_WITH(make_symmetric(17, 1.0), Catch::Contains("k must be in [2, 16]"));
    CHECK_THROWS_WITH(make_symmetric(8, 0.0), Catch::Contains("range a must be finite and > 0"));
    CHECK_THROWS_WITH(make_symmetric(8, -1.0), Catch::Contains("> 0"));
    CHECK_THROWS(make_symmetric(8, std::nan("")));
    CHECK_THROWS(make_symmetric(8, std::numeric_limits<double>::infinity()));
    CHECK_THROWS_WITH(make_symmetric_from_tensor(8, {}), Catch::Contains("empty"));
    CHECK_THROWS_WITH(make_symmetric_from_tensor(8, {0.0, 0.0}), Catch::Contains("all zeros"));
    CHECK_THROWS_WITH(make_symmetric_from_tensor(8, {1.0, std::nan("")}), Catch::Contains("non-finite"));
}

TEST_CASE("symmetric quantize rounds as asked and saturates to the symmetric range", "[quantize]") {
    const SymmetricQuant unit = make_symmetric(8, 127.0);  // scale 1: x is the real code
    CHECK(quantize(2.5, unit) == 2);                      // numpy: half to even
    CHECK(quantize(-2.5, unit) == -2);
    CHECK(quantize(2.5, unit, Rounding::HalfAway) == 3);
    CHECK(quantize(-2.5, unit, Rounding::HalfUp) == -2);
    CHECK(quantize(-2.5, unit, Rounding::Floor) == -3);
    CHECK(quantize(1000.0, unit) == 127);
    CHECK(quantize(-1000.0, unit) == -127);  // -128 is not a symmetric code
    CHECK(quantize(1e300, unit) == 127);
    CHECK(quantize(-std::numeric_limits<double>::infinity(), unit) == -127);
    CHECK_THROWS_AS(quantize(std::nan(""), unit), std::domain_error);
    CHECK(dequantize(98, make_symmetric(8, 150.0)) == 98.0 / (127.0 / 150.0));
}

TEST_CASE("affine quantize divides by the scale, then adds the zero point, then saturates", "[quantize]") {
    const AffineQuant u8 = make_affine(0.5, 128, unsigned_range(8));
    CHECK(quantize(0.25, u8) == 128);                 // 0.5 -> 0 (ties to even) + 128
    CHECK(quantize(0.75, u8) == 130);                 // 1.5 -> 2
    CHECK(quantize(0.25, u8, Rounding::HalfAway) == 129);
    CHECK(quantize(-1000.0, u8) == 0);
    CHECK(quantize(1000.0, u8) == 255);
    CHECK(dequantize(130, u8) == 1.0);
    CHECK_THROWS_WITH(make_affine(0.0, 0, signed_range(8)), Catch::Contains("scale must be finite and > 0"));
    CHECK_THROWS_WITH(make_affine(1.0, 300, unsigned_range(8)), Catch::Contains("zero point 300 outside [0, 255]"));
    CHECK_THROWS_AS(quantize(std::nan(""), u8), std::domain_error);
}

TEST_CASE("per-channel parameters are looked up by channel", "[quantize]") {
    const PerChannelAffine w{{make_affine(0.1, 0, signed_range(8)), make_affine(0.2, 0, signed_range(8))}};
    CHECK(quantize(1.0, w.channel(0)) == 10);
    CHECK(quantize(1.0, w.channel(1)) == 5);
    CHECK_THROWS_AS(w.channel(2), std::out_of_range);
}
