// The Vitis C test bench's side of qmac_mvu_top's ports (docs/mvu.md): a layer as the test bench holds it,
// its configuration packet packed field by field from the contract's layout (mvu_interface.hpp), the golden
// output beats of a vector, and the stream words of either build of the top (the portable beat structs, or
// AXI4-Stream words of ap_uint with TLAST, TKEEP and TSTRB checked). Packed here independently of the host's
// packer (sim/host/mvu_layer.cpp, which the test bench may not use), so each checks the other against the
// same kernel. Test-bench code: nothing here is synthesized.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "out_params.hpp"
#include "qmac/golden/accumulate.hpp"
#include "qmac/hls/mvu_interface.hpp"
#include "qmac/hls/qmac_mvu_top.hpp"
#include "stimulus.hpp"

namespace qmac {
namespace hls_tb {

// A layer: the members of sim/host's MvuLayer.
struct MvuTbLayer {
    int k = 0;
    int n = 0;
    bool act_signed = true;
    std::vector<OutParams> channels;
    std::vector<std::int16_t> weights;  // n x k, row-major: w - zw in [-255, 255]
};

// An output beat: PE bytes and TLAST.
struct MvuTbBeat {
    std::vector<std::uint8_t> data;
    bool last;
};

// v's low `bits` bits at bit `lsb` of a 32-bit word.
inline std::uint32_t mvu_field(std::int64_t v, int lsb, int bits) {
    const std::uint64_t mask = bits >= 32 ? 0xFFFFFFFFULL : (std::uint64_t{1} << bits) - 1U;
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(v) & mask) << lsb);
}

// The load: 2 header words, N channel records, the weights two per word (the even index low).
inline std::vector<std::uint32_t> mvu_tb_config_words(const MvuTbLayer& l) {
    std::vector<std::uint32_t> w(hw::kMvuHeaderWords, 0U);
    w[hw::kMvuHeaderKWord] |= mvu_field(l.k, hw::kMvuHeaderKLsb, hw::kMvuHeaderKBits);
    w[hw::kMvuHeaderNWord] |= mvu_field(l.n, hw::kMvuHeaderNLsb, hw::kMvuHeaderNBits);
    w[hw::kMvuHeaderActSignedWord] |= mvu_field(l.act_signed ? 1 : 0, hw::kMvuHeaderActSignedLsb, hw::kMvuHeaderActSignedBits);
    for (const OutParams& p : l.channels) {
        std::uint32_t r[hw::kMvuChannelWords] = {};
        r[hw::kMvuChannelBiasWord] |= mvu_field(p.bias, hw::kMvuChannelBiasLsb, hw::kMvuChannelBiasBits);
        r[hw::kMvuChannelMultiplierWord] |= mvu_field(p.multiplier, hw::kMvuChannelMultiplierLsb, hw::kMvuChannelMultiplierBits);
        r[hw::kMvuChannelShiftWord] |= mvu_field(p.shift, hw::kMvuChannelShiftLsb, hw::kMvuChannelShiftBits);
        r[hw::kMvuChannelRoundingWord] |= mvu_field(p.rounding, hw::kMvuChannelRoundingLsb, hw::kMvuChannelRoundingBits);
        r[hw::kMvuChannelWrapOffsetWord] |= mvu_field(p.wrap_offset, hw::kMvuChannelWrapOffsetLsb, hw::kMvuChannelWrapOffsetBits);
        r[hw::kMvuChannelOutZeroPointWord] |=
            mvu_field(p.zero_point, hw::kMvuChannelOutZeroPointLsb, hw::kMvuChannelOutZeroPointBits);
        r[hw::kMvuChannelOutMinWord] |= mvu_field(p.min, hw::kMvuChannelOutMinLsb, hw::kMvuChannelOutMinBits);
        r[hw::kMvuChannelOutMaxWord] |= mvu_field(p.max, hw::kMvuChannelOutMaxLsb, hw::kMvuChannelOutMaxBits);
        w.insert(w.end(), r, r + hw::kMvuChannelWords);
    }
    for (std::size_t i = 0; i < l.weights.size(); i += 2) {
        std::uint32_t word = mvu_field(l.weights[i], 0, hw::kMvuWeightFieldBits);
        if (i + 1 < l.weights.size()) word |= mvu_field(l.weights[i + 1], hw::kMvuWeightFieldBits, hw::kMvuWeightFieldBits);
        w.push_back(word);
    }
    return w;
}

// The N / PE golden output beats of vector x: golden::accumulate_wrapping, then golden_output per channel.
inline void append_expected_beats(const MvuTbLayer& l, const std::vector<std::uint8_t>& x, int pe,
                                  std::vector<MvuTbBeat>& beats) {
    const std::size_t k = static_cast<std::size_t>(l.k);
    std::vector<std::int32_t> act(k), w(k);
    for (std::size_t i = 0; i < k; ++i) {
        act[i] = l.act_signed ? static_cast<std::int32_t>(static_cast<std::int8_t>(x[i])) : static_cast<std::int32_t>(x[i]);
    }
    for (int c = 0; c < l.n; ++c) {
        for (std::size_t i = 0; i < k; ++i) w[i] = l.weights[static_cast<std::size_t>(c) * k + i];
        const OutParams& p = l.channels[static_cast<std::size_t>(c)];
        const std::int32_t y = golden_output(golden::accumulate_wrapping(act.data(), w.data(), k, p.bias), p);
        if (c % pe == 0) beats.push_back(MvuTbBeat{{}, c + pe == l.n});
        beats.back().data.push_back(static_cast<std::uint8_t>(y & 0xFF));
    }
}

#if QMAC_HLS_VENDOR_STREAM

inline hls::mvu_top_codec::cfg_word mvu_cfg_word(std::uint32_t data, bool last) {
    hls::mvu_top_codec::cfg_word w;
    w.data = data;
    w.keep = ~ap_uint<4>(0);
    w.strb = ~ap_uint<4>(0);
    w.last = last ? 1 : 0;
    return w;
}
template <class CONFIG> typename hls::mvu_axis_codec<CONFIG>::in_word mvu_in_word(const std::vector<std::uint8_t>& data, bool last) {
    typename hls::mvu_axis_codec<CONFIG>::in_word w;
    w.data = 0;
    for (int i = 0; i < CONFIG::simd; ++i) w.data.range(8 * i + 7, 8 * i) = data[static_cast<std::size_t>(i)];
    w.keep = -1;
    w.strb = -1;
    w.last = last ? 1 : 0;
    return w;
}
template <class CONFIG>
void mvu_out_word(const typename hls::mvu_axis_codec<CONFIG>::out_word& w, std::vector<std::uint8_t>& data, bool& last,
                  bool& well_formed) {
    data.clear();
    for (int p = 0; p < CONFIG::pe; ++p) data.push_back(static_cast<std::uint8_t>(w.data.range(8 * p + 7, 8 * p).to_uint()));
    last = w.last != 0;
    well_formed = w.keep.and_reduce() && w.strb.and_reduce();
}

#else

inline hls::mvu_top_codec::cfg_word mvu_cfg_word(std::uint32_t data, bool last) { return {data, last}; }
template <class CONFIG> hls::qmac_mvu_in_beat<CONFIG> mvu_in_word(const std::vector<std::uint8_t>& data, bool last) {
    hls::qmac_mvu_in_beat<CONFIG> b;
    for (int i = 0; i < CONFIG::simd; ++i) b.data[i] = data[static_cast<std::size_t>(i)];
    b.last = last;
    return b;
}
template <class CONFIG>
void mvu_out_word(const hls::qmac_mvu_out_beat<CONFIG>& b, std::vector<std::uint8_t>& data, bool& last, bool& well_formed) {
    data.assign(b.data, b.data + CONFIG::pe);
    last = b.last;
    well_formed = true;  // the portable build has no TKEEP / TSTRB
}

#endif

}  // namespace hls_tb
}  // namespace qmac
