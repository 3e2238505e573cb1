// mvu_axis_codec<CONFIG>: the layer engine's beats in AXI4-Stream words of ap_uint (the build with AMD's
// headers). s_cfg: TDATA = the 32-bit configuration word, TLAST on a load's last word. s_axis: TDATA =
// SIMD activation bytes, lane i at [8i +: 8], TLAST on a vector's last beat. m_axis: TDATA = PE output
// bytes, lane p at [8p +: 8], TKEEP = TSTRB = all ones, TLAST on a vector's last fold. TKEEP and TSTRB of
// the inputs are not read (every beat is whole).
#pragma once

#include <cstdint>

#include <ap_int.h>

#include "qmac/hls/axis.hpp"
#include "qmac/hls/mvu_interface.hpp"
#include "qmac/hls/qmac_mvu.hpp"

namespace qmac {
namespace hls {

template <class CONFIG> struct mvu_axis_codec {
    static const int in_bits = hw::kMvuActLaneBits * CONFIG::simd;
    static const int out_bits = hw::kMvuOutLaneBits * CONFIG::pe;
    typedef axis_word<hw::kMvuCfgWordBits> cfg_word;
    typedef axis_word<in_bits> in_word;
    typedef axis_word<out_bits> out_word;
    typedef bool flag_t;  // configured_o, err_cfg_o, err_tlast_o: ap_none wires

    static std::uint32_t cfg_data(const cfg_word& w) { return static_cast<std::uint32_t>(w.data.to_uint()); }
    static bool cfg_last(const cfg_word& w) { return w.last != 0; }

    static qmac_mvu_in_beat<CONFIG> decode(const in_word& w) {
        qmac_mvu_in_beat<CONFIG> b;
    UnpackLanes:
        for (int i = 0; i < CONFIG::simd; ++i) {
#pragma HLS UNROLL
            b.data[i] = static_cast<std::uint8_t>(w.data.range(8 * i + 7, 8 * i).to_uint());
        }
        b.last = w.last != 0;
        return b;
    }

    static out_word encode(const qmac_mvu_out_beat<CONFIG>& b) {
        out_word o;
    PackLanes:
        for (int p = 0; p < CONFIG::pe; ++p) {
#pragma HLS UNROLL
            o.data.range(8 * p + 7, 8 * p) = b.data[p];
        }
        o.keep = ~ap_uint<(out_bits + 7) / 8>(0);
        o.strb = ~ap_uint<(out_bits + 7) / 8>(0);
        o.last = b.last ? 1 : 0;
        return o;
    }
};

}  // namespace hls
}  // namespace qmac
