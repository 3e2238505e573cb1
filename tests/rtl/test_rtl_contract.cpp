// The constants of rtl/qmac_pkg.sv as Verilator elaborated them (public parameters) equal the C++
// contract hls/include/qmac/hls/interface.hpp (both generated from docs/contract.toml; this catches a
// hand edit of either), and every prebuilt model's exported LATENCY is the contract's hw::dot_latency.
#include <catch2/catch.hpp>

#define QMAC_PREBUILT_INCLUDE_MODELS
#include "prebuilt_configs.hpp"
#include QMAC_PREBUILT_PKG_HEADER
#include "qmac/hls/interface.hpp"

TEST_CASE("qmac_pkg.sv constants equal hls interface.hpp", "[rtl][contract]") {
    using Pkg = QMAC_PREBUILT_PKG;
    namespace hw = qmac::hw;
    CHECK(Pkg::RoundDouble == hw::kRoundDouble);
    CHECK(Pkg::RoundSingle == hw::kRoundSingle);
    CHECK(Pkg::RoundTruncate == hw::kRoundTruncate);
    CHECK(Pkg::RoundSingleEven == hw::kRoundSingleEven);
    CHECK(Pkg::RoundDoubleUp == hw::kRoundDoubleUp);
    CHECK(Pkg::RoundSingleAway == hw::kRoundSingleAway);
    CHECK(Pkg::RoundFp32 == hw::kRoundFp32);
    CHECK(Pkg::RoundFp32Wrap == hw::kRoundFp32Wrap);
    CHECK(Pkg::RoundingCodes == hw::kRoundingCodes);
    CHECK(static_cast<int>(Pkg::RoundDoubleShiftMax) == hw::shift_max(hw::kRoundDouble));
    CHECK(static_cast<int>(Pkg::RoundSingleShiftMax) == hw::shift_max(hw::kRoundSingle));
    CHECK(static_cast<int>(Pkg::RoundTruncateShiftMax) == hw::shift_max(hw::kRoundTruncate));
    CHECK(static_cast<int>(Pkg::RoundSingleEvenShiftMax) == hw::shift_max(hw::kRoundSingleEven));
    CHECK(Pkg::ActBits == hw::kActBits);
    CHECK(Pkg::WeightBits == hw::kWeightBits);
    CHECK(Pkg::AccBits == hw::kAccBits);
    CHECK(Pkg::OutBits == hw::kOutBits);
    CHECK(Pkg::BiasBits == hw::kBiasBits);
    CHECK(Pkg::MultiplierBits == hw::kMultiplierBits);
    CHECK(Pkg::ShiftBits == hw::kShiftBits);
    CHECK(Pkg::RoundingBits == hw::kRoundingBits);
    CHECK(Pkg::WrapOffsetBits == hw::kWrapOffsetBits);
    CHECK(static_cast<int>(Pkg::WrapOffsetMin) == hw::kWrapOffsetMin);
    CHECK(static_cast<int>(Pkg::WrapOffsetMax) == hw::kWrapOffsetMax);
    CHECK(Pkg::OutParamBits == hw::kOutParamBits);
    CHECK(static_cast<int>(Pkg::ShiftMin) == hw::kShiftMin);
    CHECK(static_cast<int>(Pkg::ShiftMax) == hw::kShiftMax);
    CHECK(static_cast<std::int32_t>(Pkg::MultiplierMax) == hw::kMultiplierMax);
    CHECK(static_cast<int>(Pkg::OutParamMin) == hw::kOutParamMin);
    CHECK(static_cast<int>(Pkg::OutParamMax) == hw::kOutParamMax);
    CHECK(Pkg::MaxLanes == hw::kMaxLanes);
    CHECK(Pkg::DefaultLanes == hw::kDefaultLanes);
    CHECK(Pkg::MulLatency == hw::kMulLatency);
    CHECK(Pkg::AccLatency == hw::kAccLatency);
    CHECK(Pkg::RequantLatency == hw::kRequantLatency);
    CHECK(Pkg::SpillLatency == hw::kSpillLatency);
    CHECK(Pkg::BeatLaneBits == hw::kBeatLaneBits);
    CHECK(Pkg::BeatFieldBits == hw::kBeatFieldBits);
    CHECK(Pkg::BeatLastLsb == hw::kBeatLastLsb);
    CHECK(Pkg::BeatBiasLsb == hw::kBeatBiasLsb);
    CHECK(Pkg::BeatMultiplierLsb == hw::kBeatMultiplierLsb);
    CHECK(Pkg::BeatShiftLsb == hw::kBeatShiftLsb);
    CHECK(Pkg::BeatRoundingLsb == hw::kBeatRoundingLsb);
    CHECK(Pkg::BeatWrapOffsetLsb == hw::kBeatWrapOffsetLsb);
    CHECK(Pkg::BeatOutZeroPointLsb == hw::kBeatOutZeroPointLsb);
    CHECK(Pkg::BeatOutMinLsb == hw::kBeatOutMinLsb);
    CHECK(Pkg::BeatOutMaxLsb == hw::kBeatOutMaxLsb);
}

TEST_CASE("every prebuilt qmac_dot's LATENCY is the contract's dot_latency(LANES)", "[rtl][contract]") {
    // The RTL sums its own stage depths; the expectation is the contract's, computed in C++.
#define QMAC_CHECK_LATENCY(L)                                                          \
    CHECK(static_cast<int>(Vqmac_dot_l##L##s_qmac_dot::LATENCY) == qmac::hw::dot_latency(L)); \
    CHECK(static_cast<int>(Vqmac_dot_l##L##u_qmac_dot::LATENCY) == qmac::hw::dot_latency(L));
    QMAC_FOR_EACH_PREBUILT_LANES(QMAC_CHECK_LATENCY)
#undef QMAC_CHECK_LATENCY
}

TEST_CASE("the contract's adder-tree depth is ceil(log2(LANES))", "[rtl][contract]") {
    using qmac::hw::ceil_log2;
    CHECK(ceil_log2(1) == 0);
    CHECK(ceil_log2(2) == 1);
    CHECK(ceil_log2(3) == 2);
    CHECK(ceil_log2(5) == 3);
    CHECK(ceil_log2(8) == 3);
    CHECK(ceil_log2(9) == 4);
    CHECK(ceil_log2(64) == 6);
}
