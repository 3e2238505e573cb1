// The host side of the layer engine (sim/host/mvu_*): the configuration words against hand-packed ones
// (docs/mvu.md's table), the layer checks, padding, the expected outputs against hand-computed ones.
#include <catch2/catch.hpp>

#include "mvu_layer.hpp"
#include "mvu_reference.hpp"
#include "mvu_stream.hpp"
#include "qmac/hls/interface.hpp"

using namespace qmac;
using namespace qmac::tb;

namespace {

hls_tb::OutParams params(std::int32_t bias, std::int32_t multiplier, int shift, unsigned rounding, std::int32_t zp,
                         std::int32_t lo = -128, std::int32_t hi = 127) {
    hls_tb::OutParams p;
    p.bias = bias;
    p.multiplier = multiplier;
    p.shift = shift;
    p.rounding = rounding;
    p.zero_point = zp;
    p.min = lo;
    p.max = hi;
    return p;
}

const hw::MvuShape kShape{2, 2, 8, 4};

}  // namespace

TEST_CASE("mvu: configuration words are docs/mvu.md's layout", "[mvu]") {
    MvuLayer l;
    l.k = 2;
    l.n = 1;
    l.act_signed = false;
    l.channels = {params(-5, 0x40000000, -3, hw::kRoundDoubleUp, -7)};
    l.weights = {-255, 3};
    // Packed by hand from the table: header {N, K}, flags; bias; multiplier; {zp, rounding, shift}; {max, min};
    // the two weights as int16, the first in the low half.
    const std::vector<std::uint32_t> want = {0x00010002u, 0x00000000u, 0xFFFFFFFBu, 0x40000000u,
                                             0x01F9043Du, 0x007F0180u, 0x0003FF01u};
    CHECK(mvu_config_words(l) == want);
    l.act_signed = true;
    l.weights = {7, 0};
    l.k = 1;
    l.weights = {7};  // an odd count: the last word's upper half is 0
    const std::vector<std::uint32_t> got = mvu_config_words(l);
    CHECK(got[0] == 0x00010001u);
    CHECK(got[1] == 0x00000001u);
    CHECK(got.back() == 0x00000007u);
    CHECK(got.size() == 2 + 4 + 1);
}

TEST_CASE("mvu: layer checks name the field and the limit", "[mvu]") {
    MvuLayer l;
    l.k = 4;
    l.n = 2;
    l.channels = {params(0, 1 << 30, 0, hw::kRoundSingle, 0), params(0, 1 << 30, 0, hw::kRoundSingle, 0)};
    l.weights.assign(8, 1);
    REQUIRE_NOTHROW(check_mvu_layer(l, kShape));
    const auto fails = [&](MvuLayer bad, const char* what) {
        CHECK_THROWS_WITH(check_mvu_layer(bad, kShape), Catch::Contains(what));
    };
    MvuLayer b = l;
    b.k = 3;
    fails(b, "multiple of SIMD");
    b = l;
    b.k = 10;
    fails(b, "MAX_K");
    b = l;
    b.n = 3;
    fails(b, "multiple of PE");
    b = l;
    b.channels[1].shift = 31;  // legal for double rounding only
    fails(b, "shift 31 outside [-31, 30]");
    b = l;
    b.channels[0].rounding = hw::kRoundFp32;
    b.channels[0].shift = 0;
    b.channels[0].multiplier = 0x7F800000;  // +inf
    fails(b, "multiplier 2139095040 outside");
    b = l;
    b.channels[1].min = -1;
    b.channels[1].max = 200;
    fails(b, "inside int8 or uint8");
    b = l;
    b.weights[5] = 256;
    fails(b, "weight [1, 1] = 256");
    b = l;
    b.weights.pop_back();
    fails(b, "7 weights");
}

TEST_CASE("mvu: expected outputs and beats, computed by hand", "[mvu]") {
    MvuLayer l;
    l.k = 2;
    l.n = 2;
    l.act_signed = true;
    // real multiplier 0.5 (2^30 * 2^-31), truncation toward zero.
    l.channels = {params(0, 1 << 30, 0, hw::kRoundTruncate, 0), params(0, 1 << 30, 0, hw::kRoundTruncate, 0)};
    l.weights = {10, 1, -255, 255};
    const std::vector<std::uint8_t> x = {3, 0xFE};  // int8 3, -2
    // channel 0: (30 - 2) * 0.5 = 14; channel 1: (-765 - 510) * 0.5 = -637.5 -> -637 -> clamped to -128.
    CHECK(mvu_expected_outputs(l, x) == std::vector<std::int32_t>{14, -128});
    const std::vector<MvuOutBeat> beats = mvu_expected_beats(l, {x, {0, 0}}, 2);
    REQUIRE(beats.size() == 2);
    CHECK(beats[0].data == std::vector<std::uint8_t>{14, 0x80});
    CHECK(beats[0].last);
    CHECK(beats[1].data == std::vector<std::uint8_t>{0, 0});
    // PE = 1: a beat per channel, TLAST on the second.
    const std::vector<MvuOutBeat> narrow = mvu_expected_beats(l, {x}, 1);
    REQUIRE(narrow.size() == 2);
    CHECK_FALSE(narrow[0].last);
    CHECK(narrow[1].last);
    // uint8 activations read the same bytes as 3 and 254 (a uint8 output range, so that 142 is no clamp).
    l.act_signed = false;
    l.channels[0].min = 0;
    l.channels[0].max = 255;
    CHECK(mvu_expected_outputs(l, x)[0] == (30 + 254) / 2);
    CHECK(mvu_output_code(0x80, l.channels[1]) == -128);
    CHECK(mvu_output_code(0x80, params(0, 0, 0, 0, 0, 0, 255)) == 128);
}

TEST_CASE("mvu: padding keeps every output", "[mvu]") {
    MvuLayer l;
    l.k = 3;
    l.n = 3;
    for (int c = 0; c < 3; ++c) l.channels.push_back(params(c * 100 - 50, 1 << 30, -1, hw::kRoundDouble, 3));
    l.weights = {1, -2, 3, 40, 50, -60, 255, -255, 7};
    const MvuLayer p = pad_mvu_layer(l, hw::MvuShape{2, 2, 8, 4});
    CHECK(p.k == 4);
    CHECK(p.n == 4);
    REQUIRE_NOTHROW(check_mvu_layer(p, hw::MvuShape{2, 2, 8, 4}));
    const std::vector<std::uint8_t> x = {5, 0xF0, 77}, xp = {5, 0xF0, 77, 0xAB};
    const std::vector<std::int32_t> y = mvu_expected_outputs(l, x), yp = mvu_expected_outputs(p, xp);
    CHECK(std::vector<std::int32_t>(yp.begin(), yp.begin() + 3) == y);
    CHECK_THROWS_WITH(pad_mvu_layer(l, hw::MvuShape{2, 2, 2, 4}), Catch::Contains("exceeds"));
}

TEST_CASE("mvu: a vector's beats carry TLAST on the last", "[mvu]") {
    std::vector<std::uint8_t> x(16);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<std::uint8_t>(i * 3);
    const std::vector<MvuInBeat> b = mvu_vector_beats(x, 8);
    REQUIRE(b.size() == 2);
    CHECK_FALSE(b[0].last);
    CHECK(b[1].last);
    CHECK(b[1].data[7] == 45);
    CHECK_THROWS(mvu_vector_beats(x, 5));
}
