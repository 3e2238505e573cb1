// The encodings and widths of rtl/qmac_pkg.sv (read through Verilator's public parameters) equal the C++
// contract hls/include/qmac/hls/interface.hpp, and each model's exported LATENCY is its documented sum.
#include <catch2/catch.hpp>

#include "Vqmac_dot_l16s_qmac_dot.h"
#include "Vqmac_dot_l1s_qmac_dot.h"
#include "Vqmac_dot_l4s_qmac_dot.h"
#include "Vqmac_dot_l8s_qmac_dot.h"
#include "Vqmac_dot_l8s_qmac_pkg.h"
#include "qmac/hls/interface.hpp"

TEST_CASE("qmac_pkg.sv encodings and widths equal hls interface.hpp", "[rtl][contract]") {
    using Pkg = Vqmac_dot_l8s_qmac_pkg;
    namespace hw = qmac::hw;
    CHECK(Pkg::RoundDouble == hw::kRoundDouble);
    CHECK(Pkg::RoundSingle == hw::kRoundSingle);
    CHECK(Pkg::RoundTruncate == hw::kRoundTruncate);
    CHECK(Pkg::RoundSingleEven == hw::kRoundSingleEven);
    CHECK(Pkg::ActBits == hw::kActBits);
    CHECK(Pkg::WeightBits == hw::kWeightBits);
    CHECK(Pkg::AccBits == hw::kAccBits);
    CHECK(Pkg::MultiplierBits == hw::kMultiplierBits);
    CHECK(Pkg::ShiftBits == hw::kShiftBits);
    CHECK(static_cast<int>(Pkg::ShiftMin) == hw::kShiftMin);
    CHECK(static_cast<int>(Pkg::ShiftMax) == hw::kShiftMax);
    CHECK(Pkg::RoundingBits == hw::kRoundingBits);
    CHECK(Pkg::OutParamBits == hw::kOutParamBits);
    CHECK(Pkg::OutBits == hw::kOutBits);
    CHECK(Pkg::MaxLanes == hw::kMaxLanes);
    CHECK(Pkg::DefaultLanes == hw::kDefaultLanes);
}

TEST_CASE("qmac_dot LATENCY = MulLatency + clog2(LANES) + AccLatency + RequantLatency + 1", "[rtl][contract]") {
    using Pkg = Vqmac_dot_l8s_qmac_pkg;
    const unsigned base = Pkg::MulLatency + Pkg::AccLatency + Pkg::RequantLatency + 1;
    CHECK(Vqmac_dot_l1s_qmac_dot::LATENCY == base + 0);
    CHECK(Vqmac_dot_l4s_qmac_dot::LATENCY == base + 2);
    CHECK(Vqmac_dot_l8s_qmac_dot::LATENCY == base + 3);
    CHECK(Vqmac_dot_l16s_qmac_dot::LATENCY == base + 4);
}
