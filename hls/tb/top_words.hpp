// The test bench's side of qmac_dot_top's ports: a kernel beat as the word the top's input stream carries,
// and the y of an output word. In the portable build both are the beat structs themselves. With AMD's
// headers they are AXI4-Stream words (qmac/hls/axis_codec.hpp): packed here bit by bit from the contract's
// layout (qmac/hls/interface.hpp), independently of the kernel's decoder, so that a layout mistake in
// either shows as a golden mismatch; an output word must have TLAST set, TKEEP and TSTRB all ones and
// TDATA equal to y sign-extended.
#pragma once

#include <cstdint>

#include "qmac/hls/qmac_dot_top.hpp"

namespace qmac {
namespace hls_tb {

#if QMAC_HLS_VENDOR_STREAM

// Bits [lsb, lsb + bits) of w.data = value's two's-complement image.
template <class WORD> void put_field(WORD& w, int lsb, int bits, std::int64_t value) {
    for (int j = 0; j < bits; ++j) w.data[lsb + j] = ((static_cast<std::uint64_t>(value) >> j) & 1U) != 0;
}

inline hls::top_in_word to_top_word(const hls::top_in_beat& b) {
    constexpr int lanes = hls::qmac_dot_top_config::lanes;
    constexpr int params = lanes * hw::kBeatLaneBits;
    hls::top_in_word w;
    w.data = 0;
    for (int i = 0; i < lanes; ++i) {
        put_field(w, i * hw::kActBits, hw::kActBits, b.act[i]);
        put_field(w, lanes * hw::kActBits + i * hw::kWeightBits, hw::kWeightBits, b.wgt[i]);
    }
    put_field(w, params + hw::kBeatBiasLsb, hw::kBiasBits, b.bias);
    put_field(w, params + hw::kBeatMultiplierLsb, hw::kMultiplierBits, b.params.multiplier);
    put_field(w, params + hw::kBeatShiftLsb, hw::kShiftBits, b.params.shift);
    put_field(w, params + hw::kBeatRoundingLsb, hw::kRoundingBits, b.params.rounding);
    put_field(w, params + hw::kBeatWrapOffsetLsb, hw::kWrapOffsetBits, b.params.wrap_offset);
    put_field(w, params + hw::kBeatOutZeroPointLsb, hw::kOutParamBits, b.params.out_zero_point);
    put_field(w, params + hw::kBeatOutMinLsb, hw::kOutParamBits, b.params.out_min);
    put_field(w, params + hw::kBeatOutMaxLsb, hw::kOutParamBits, b.params.out_max);
    w.keep = -1;  // a whole beat
    w.strb = -1;
    w.last = b.last ? 1 : 0;
    return w;
}

// y of an output word; well_formed says whether TLAST, TKEEP, TSTRB and the sign extension are as specified.
inline int top_y(const hls::top_out_word& w, bool& well_formed) {
    constexpr int bits = hw::kAxisOutDataBits;
    const long long data = static_cast<long long>(w.data.to_uint64());
    const long long y = data >= (1LL << (bits - 1)) ? data - (1LL << bits) : data;  // TDATA as int<bits>
    const long long in_y_range = 1LL << (hw::kOutBits - 1);
    const unsigned long long all_bytes = (1ULL << (bits / 8)) - 1;
    well_formed = w.last == 1 && w.keep.to_uint64() == all_bytes && w.strb.to_uint64() == all_bytes &&
                  y >= -in_y_range && y < in_y_range;
    return static_cast<int>(y);
}

#else

inline const hls::top_in_beat& to_top_word(const hls::top_in_beat& b) { return b; }

inline int top_y(const hls::top_out_beat& w, bool& well_formed) {
    well_formed = true;
    return w.y;
}

#endif

}  // namespace hls_tb
}  // namespace qmac
