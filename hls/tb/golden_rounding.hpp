// The one translation between the contract's `rounding` field (qmac::hw::RoundingSel) and the golden
// model's integer requantizers, in both directions. The Vitis C testbench, tests/hls and the SystemC
// testbench (sim/host) all use it, so the encoding of interface.hpp is read in exactly one place.
#pragma once

#include "qmac/golden/requantize.hpp"
#include "qmac/hls/interface.hpp"

namespace qmac {
namespace hls_tb {

// The golden requantizer a field value selects (only its low kRoundingBits bits reach the hardware).
inline golden::FixedPointRounding golden_rounding(unsigned code) {
    switch (code & ((1u << hw::kRoundingBits) - 1u)) {
    case hw::kRoundSingle: return golden::FixedPointRounding::Single;
    case hw::kRoundTruncate: return golden::FixedPointRounding::TruncateTowardZero;
    case hw::kRoundSingleEven: return golden::FixedPointRounding::SingleHalfEven;
    case hw::kRoundDoubleUp: return golden::FixedPointRounding::DoubleUp;
    case hw::kRoundSingleAway: return golden::FixedPointRounding::SingleAway;
    case hw::kRoundFp32: return golden::FixedPointRounding::Float32;
    case hw::kRoundFp32Wrap: return golden::FixedPointRounding::Float32Wrap;
    default: return golden::FixedPointRounding::Double;  // hw::kRoundDouble (a wider field's undefined codes too)
    }
}

// The field value that selects a golden requantizer.
inline unsigned rounding_code(golden::FixedPointRounding r) {
    switch (r) {
    case golden::FixedPointRounding::Single: return hw::kRoundSingle;
    case golden::FixedPointRounding::TruncateTowardZero: return hw::kRoundTruncate;
    case golden::FixedPointRounding::SingleHalfEven: return hw::kRoundSingleEven;
    case golden::FixedPointRounding::DoubleUp: return hw::kRoundDoubleUp;
    case golden::FixedPointRounding::SingleAway: return hw::kRoundSingleAway;
    case golden::FixedPointRounding::Float32: return hw::kRoundFp32;
    case golden::FixedPointRounding::Float32Wrap: return hw::kRoundFp32Wrap;
    case golden::FixedPointRounding::Double: break;
    }
    return hw::kRoundDouble;
}

}  // namespace hls_tb
}  // namespace qmac
