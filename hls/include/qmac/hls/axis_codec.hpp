// axis_codec<CONFIG>: qmac_dot's beats in AXI4-Stream words of ap_uint (the build with AMD's headers).
//
// Input word: TDATA = the contract's flat beat without `last` (docs/interface.md; rtl/qmac_dot_flat.sv's
// s_beat_i minus its top bit): activations from bit 0 (lane 0 lowest, kActBits each), then the weights
// (kWeightBits each), then the parameters at lanes * kBeatLaneBits + kBeat<Field>Lsb; zero-padded to
// hw::axis_in_data_bits(LANES). TLAST = `last`, the last beat of a group. TKEEP and TSTRB are not read:
// every beat is a whole beat.
// Output word: TDATA = y sign-extended to hw::kAxisOutDataBits; TKEEP = TSTRB = all ones; TLAST = 1, since
// each output word is the whole result of one group (the last and only beat of its output group).
#pragma once

#include <cstdint>

#include <ap_int.h>

#include "qmac/hls/axis.hpp"
#include "qmac/hls/interface.hpp"
#include "qmac/hls/qmac_dot.hpp"
#include "qmac/hls/types.hpp"

namespace qmac {
namespace hls {

template <class CONFIG> struct axis_codec {
    static const int in_bits = hw::axis_in_data_bits(CONFIG::lanes);
    static const int out_bits = hw::kAxisOutDataBits;
    typedef axis_word<in_bits> in_word;
    typedef axis_word<out_bits> out_word;
    typedef ap_uint<32> count_t;  // the n_beats register of the AXI4-Lite bundle
    typedef qmac_dot_types<CONFIG> types;
    static_assert(out_bits >= hw::kOutBits && out_bits <= 16, "y is sign-extended from its int16 holder");

    static std::uint32_t count(const count_t& n) { return static_cast<std::uint32_t>(n.to_uint()); }

    // The BITS-bit field of TDATA that starts at bit lsb, as an unsigned number.
    template <int BITS> static std::uint64_t field(const ap_uint<in_bits>& data, int lsb) {
        const ap_uint<BITS> f = data.range(lsb + BITS - 1, lsb);
        return static_cast<std::uint64_t>(f.to_uint64());
    }
    // The same field read as BITS-bit two's complement, in the kernel's holding type T.
    template <int BITS, typename T> static T signed_field(const ap_uint<in_bits>& data, int lsb) {
        return sign_field<BITS>(wrap_to<T>(field<BITS>(data, lsb)));
    }

    static qmac_dot_in_beat<CONFIG> decode(const in_word& w) {
        qmac_dot_in_beat<CONFIG> b;
        const int weights = CONFIG::lanes * hw::kActBits;       // the weights' first bit
        const int params = CONFIG::lanes * hw::kBeatLaneBits;  // the parameters' first bit
    UnpackLanes:
        for (int i = 0; i < CONFIG::lanes; ++i) {
#pragma HLS UNROLL
            // an int8 lane is its 8 bits read as two's complement, a uint8 lane the same bits unsigned
            b.act[i] = wrap_to<typename types::act_t>(field<hw::kActBits>(w.data, i * hw::kActBits));
            b.wgt[i] = signed_field<hw::kWeightBits, typename types::weight_t>(w.data, weights + i * hw::kWeightBits);
        }
        b.last = w.last != 0;
        b.bias = wrap_to<std::int32_t>(field<hw::kBiasBits>(w.data, params + hw::kBeatBiasLsb));
        b.params.multiplier = wrap_to<std::int32_t>(field<hw::kMultiplierBits>(w.data, params + hw::kBeatMultiplierLsb));
        b.params.shift = signed_field<hw::kShiftBits, std::int8_t>(w.data, params + hw::kBeatShiftLsb);
        b.params.rounding = wrap_to<std::uint8_t>(field<hw::kRoundingBits>(w.data, params + hw::kBeatRoundingLsb));
        b.params.wrap_offset = wrap_to<std::uint8_t>(field<hw::kWrapOffsetBits>(w.data, params + hw::kBeatWrapOffsetLsb));
        b.params.out_zero_point =
            signed_field<hw::kOutParamBits, std::int16_t>(w.data, params + hw::kBeatOutZeroPointLsb);
        b.params.out_min = signed_field<hw::kOutParamBits, std::int16_t>(w.data, params + hw::kBeatOutMinLsb);
        b.params.out_max = signed_field<hw::kOutParamBits, std::int16_t>(w.data, params + hw::kBeatOutMaxLsb);
        return b;
    }

    static out_word encode(typename types::out_t y) {
        out_word o;
        const ap_int<out_bits> extended = y;  // sign extension
        o.data = extended;
        o.keep = all_ones();
        o.strb = all_ones();
        o.last = 1;
        return o;
    }

  private:
    static ap_uint<(out_bits + 7) / 8> all_ones() { return ~ap_uint<(out_bits + 7) / 8>(0); }
};

}  // namespace hls
}  // namespace qmac
