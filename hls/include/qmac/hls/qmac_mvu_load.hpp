// The qmac_mvu configuration stream's parser (docs/mvu.md, "Configuration stream"): one 32-bit word per
// call, a load being 2 header words, N channel records of kMvuChannelWords words, then the K x N weights
// (w - zw) two per word, TLAST on the last word. A good load ends with the layer configured; a malformed
// one (TLAST early or missing, K or N zero, not a multiple of SIMD or PE, above MAX_K or MAX_N, nonzero
// flag bits) sets the sticky err_cfg, drops the words up to its TLAST and leaves the engine unconfigured.
#pragma once

#include <cstdint>

#include "qmac/hls/mvu_interface.hpp"
#include "qmac/hls/qmac_mvu_state.hpp"
#include "qmac/hls/types.hpp"

namespace qmac {
namespace hls {

// The BITS-bit field of a configuration word that starts at bit LSB, unsigned.
template <int LSB, int BITS> std::uint32_t mvu_cfg_field(std::uint32_t word) {
    static_assert(LSB >= 0 && BITS >= 1 && LSB + BITS <= hw::kMvuCfgWordBits, "field outside the word");
    return BITS == 32 ? word : (word >> LSB) & ((std::uint32_t{1} << (BITS % 32)) - 1U);
}

// A dimension of the header is legal for a memory of MAX entries filled UNIT at a time.
template <int UNIT, int MAX> bool mvu_dim_ok(std::uint32_t d) { return d != 0 && d % UNIT == 0 && d <= MAX; }

// The packet is malformed: flag it, and drop its words up to its TLAST (none left if this word had it).
template <class CONFIG> void mvu_load_fail(qmac_mvu_state<CONFIG>& st, bool last) {
    st.err_cfg = true;
    st.load_phase = last ? kMvuLoadHeader : kMvuLoadDrop;
}

// The weight field at bit LSB of a word, into its place; then the place advances in the stream's order
// (channel n = f*PE + p row by row, input k = b*SIMD + s along the row). Returns true when this was the
// layer's last weight.
template <class CONFIG> bool mvu_load_weight(qmac_mvu_state<CONFIG>& st, std::uint32_t field) {
#pragma HLS INLINE
    typedef qmac_mvu_types<CONFIG> T;
    // the hardware keeps the field's low kWeightBits bits (the packer keeps w - zw in [-255, 255])
    st.weights[st.load_base + st.load_b][st.load_p][st.load_s] =
        sign_field<hw::kWeightBits>(wrap_to<typename T::weight_t>(field));
    if (++st.load_s < CONFIG::simd) return false;
    st.load_s = 0;
    if (++st.load_b < st.k_steps) return false;
    st.load_b = 0;
    if (++st.load_p < CONFIG::pe) return false;
    st.load_p = 0;
    st.load_base += st.k_steps;
    return ++st.load_f == st.n_folds;
}

// One configuration word (the edge on which s_cfg fires).
template <class CONFIG> void qmac_mvu_load_word(qmac_mvu_state<CONFIG>& st, std::uint32_t word, bool last) {
#pragma HLS INLINE
    switch (st.load_phase) {
    case kMvuLoadHeader: {
        st.configured = false;  // a load replaces the whole layer: from its first word, no layer is loaded
        const std::uint32_t k = mvu_cfg_field<hw::kMvuHeaderKLsb, hw::kMvuHeaderKBits>(word);
        const std::uint32_t n = mvu_cfg_field<hw::kMvuHeaderNLsb, hw::kMvuHeaderNBits>(word);
        if (last || !mvu_dim_ok<CONFIG::simd, CONFIG::max_k>(k) || !mvu_dim_ok<CONFIG::pe, CONFIG::max_n>(n)) {
            mvu_load_fail(st, last);
            return;
        }
        st.k_steps = static_cast<std::uint16_t>(k / CONFIG::simd);
        st.n_folds = static_cast<std::uint16_t>(n / CONFIG::pe);
        st.load_phase = kMvuLoadFlags;
        return;
    }
    case kMvuLoadFlags: {
        const std::uint32_t flag_mask = ((std::uint32_t{1} << hw::kMvuHeaderActSignedBits) - 1U)
                                        << hw::kMvuHeaderActSignedLsb;
        if (last || (word & ~flag_mask) != 0U) {
            mvu_load_fail(st, last);
            return;
        }
        st.act_signed = mvu_cfg_field<hw::kMvuHeaderActSignedLsb, hw::kMvuHeaderActSignedBits>(word) != 0U;
        st.load_channel = 0;
        st.load_word = 0;
        st.load_phase = kMvuLoadChannels;
        return;
    }
    case kMvuLoadChannels: {
        if (last) {  // the weights are still to come
            mvu_load_fail(st, last);
            return;
        }
        st.params[st.load_channel][st.load_word] = word;
        if (++st.load_word < hw::kMvuChannelWords) return;
        st.load_word = 0;
        if (++st.load_channel < st.n_folds * CONFIG::pe) return;
        st.load_p = st.load_f = st.load_b = st.load_s = 0;
        st.load_base = 0;
        st.load_phase = kMvuLoadWeights;
        return;
    }
    case kMvuLoadWeights: {
        // the even weight in bits [15:0]; after an odd count the last word's upper half is padding
        const bool done = mvu_load_weight(st, mvu_cfg_field<0, hw::kMvuWeightFieldBits>(word)) ||
                          mvu_load_weight(st, mvu_cfg_field<hw::kMvuWeightFieldBits, hw::kMvuWeightFieldBits>(word));
        if (done != last) {  // TLAST early, or missing on the last word
            mvu_load_fail(st, last);
            return;
        }
        if (done) {
            st.configured = true;
            st.load_phase = kMvuLoadHeader;
        }
        return;
    }
    default:  // kMvuLoadDrop
        if (last) st.load_phase = kMvuLoadHeader;
        return;
    }
}

}  // namespace hls
}  // namespace qmac
