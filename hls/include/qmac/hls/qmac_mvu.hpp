// The qmac_mvu layer engine (docs/mvu.md) as one clock edge of C++: qmac_mvu_step, which the free-running
// synthesis top (qmac_mvu_top.hpp) runs once per clock and the host's cycle model once per simulated edge.
//
// Per edge, from the state before it (the ready and valid outputs are functions of that state alone):
//   - the output queue hands its head to m_axis if m_ready;
//   - the serializer requantizes one channel of the last finished fold (requantize.hpp, the requantizer
//     qmac_dot uses: every rounding code); after PE edges the fold's beat (PE bytes, TLAST on the vector's
//     last fold) enters the output queue;
//   - the MAC array does one step of PE x SIMD MACs: in fold 0 on the input beat, which is written through
//     into the input buffer, in folds 1 .. N/PE - 1 on the buffer; a fold's last step hands its PE
//     accumulators to the serializer;
//   - a configuration word is parsed (qmac_mvu_load.hpp) during a load, which starts when a packet waits and
//     the engine is idle (s_cfg_tready and s_axis_tready are never high together; a waiting packet stops
//     the next vector from starting, never the one in progress).
// TLAST errors on the input (docs/mvu.md): an early TLAST ends the bad vector at once (the next beat starts
// a new one); a missing one drops beats up to and including the next TLAST; a bad vector gives no output.
#pragma once

#include <cstdint>

#include "qmac/hls/interface.hpp"
#include "qmac/hls/mvu_interface.hpp"
#include "qmac/hls/qmac_mvu_load.hpp"
#include "qmac/hls/qmac_mvu_state.hpp"
#include "qmac/hls/requantize.hpp"
#include "qmac/hls/types.hpp"

namespace qmac {
namespace hls {

// One activation beat: SIMD bytes (lane i = TDATA[8i +: 8]) and TLAST.
template <class CONFIG> struct qmac_mvu_in_beat {
    std::uint8_t data[CONFIG::simd];
    bool last;
};

// One output beat: PE bytes (lane p = channel f*PE + p of fold f, y's low 8 bits) and TLAST.
template <class CONFIG> struct qmac_mvu_out_beat {
    std::uint8_t data[CONFIG::pe];
    bool last;
};

// The inputs of one edge: which streams fire is decided inside, from the state's readies.
template <class CONFIG> struct qmac_mvu_inputs {
    bool cfg_valid;
    std::uint32_t cfg_data;
    bool cfg_last;
    bool s_valid;
    qmac_mvu_in_beat<CONFIG> s_beat;
    bool m_ready;
};

// What fired on the edge: the handshakes, and the beat m_axis delivered.
template <class CONFIG> struct qmac_mvu_fired {
    bool cfg;
    bool s;
    bool m;
    qmac_mvu_out_beat<CONFIG> m_beat;
};

// A channel's requantizer parameters, decoded from its record words as the bits arrive (docs/mvu.md).
inline std::int32_t mvu_channel_bias(const std::uint32_t (&rec)[hw::kMvuChannelWords]) {
    return wrap_to<std::int32_t>(rec[hw::kMvuChannelBiasWord]);
}
inline requant_params mvu_channel_params(const std::uint32_t (&rec)[hw::kMvuChannelWords]) {
    requant_params p;
    p.multiplier = wrap_to<std::int32_t>(
        mvu_cfg_field<hw::kMvuChannelMultiplierLsb, hw::kMvuChannelMultiplierBits>(rec[hw::kMvuChannelMultiplierWord]));
    p.shift = wrap_to<std::int8_t>(mvu_cfg_field<hw::kMvuChannelShiftLsb, hw::kMvuChannelShiftBits>(rec[hw::kMvuChannelShiftWord]));
    p.rounding = static_cast<std::uint8_t>(
        mvu_cfg_field<hw::kMvuChannelRoundingLsb, hw::kMvuChannelRoundingBits>(rec[hw::kMvuChannelRoundingWord]));
    p.wrap_offset = static_cast<std::uint8_t>(
        mvu_cfg_field<hw::kMvuChannelWrapOffsetLsb, hw::kMvuChannelWrapOffsetBits>(rec[hw::kMvuChannelWrapOffsetWord]));
    p.out_zero_point = wrap_to<std::int16_t>(
        mvu_cfg_field<hw::kMvuChannelOutZeroPointLsb, hw::kMvuChannelOutZeroPointBits>(rec[hw::kMvuChannelOutZeroPointWord]));
    p.out_min = wrap_to<std::int16_t>(
        mvu_cfg_field<hw::kMvuChannelOutMinLsb, hw::kMvuChannelOutMinBits>(rec[hw::kMvuChannelOutMinWord]));
    p.out_max = wrap_to<std::int16_t>(
        mvu_cfg_field<hw::kMvuChannelOutMaxLsb, hw::kMvuChannelOutMaxBits>(rec[hw::kMvuChannelOutMaxWord]));
    return p;  // requantize() reads each field through sign_field / unsigned_field of its contract width
}

// The serializer's edge: requantize channel ser_index; the fold's last channel completes its beat into the
// output queue (the caller checked there is room: qmac_mvu_serializer_frees).
template <class CONFIG> void mvu_serializer_edge(qmac_mvu_state<CONFIG>& st) {
#pragma HLS INLINE
    const std::uint32_t(&rec)[hw::kMvuChannelWords] = st.params[st.ser_channel];
    const std::int32_t acc = add_wrap32(mvu_channel_bias(rec), st.ser_acc[st.ser_index]);
    // y in [out_min, out_max] (9-bit codes); the output lane is its low 8 bits
    st.ser_y[st.ser_index] = static_cast<std::uint8_t>(static_cast<std::uint32_t>(requantize(acc, mvu_channel_params(rec))) & 0xFFU);
    ++st.ser_channel;
    if (++st.ser_index < CONFIG::pe) return;
    const std::uint8_t tail = static_cast<std::uint8_t>((st.out_head + st.out_count) & 1U);
SerializerOut:
    for (int p = 0; p < CONFIG::pe; ++p) {
#pragma HLS UNROLL
        st.out_data[tail][p] = st.ser_y[p];
    }
    st.out_last[tail] = st.ser_last;
    ++st.out_count;
    st.ser_busy = false;
}

// One MAC step: acc[p] (restarted on a fold's first step) += sum_s x[s] * w[word][p][s], for every p.
template <class CONFIG>
void mvu_mac_edge(qmac_mvu_state<CONFIG>& st, const std::uint8_t (&x)[CONFIG::simd]) {
#pragma HLS INLINE
    typedef qmac_mvu_types<CONFIG> T;
    typename T::lane_t lanes[CONFIG::simd];
#pragma HLS ARRAY_PARTITION variable=lanes complete dim=1
Extend:
    for (int s = 0; s < CONFIG::simd; ++s) {
#pragma HLS UNROLL
        // the layer's flag says how the byte reads: int8 (sign-extended) or uint8
        lanes[s] = st.act_signed ? widen<typename T::lane_t>(wrap_to<std::int8_t>(x[s])) : widen<typename T::lane_t>(x[s]);
    }
    const typename T::weight_t(&w)[CONFIG::pe][CONFIG::simd] = st.weights[st.w_word];
    std::int32_t sum[CONFIG::pe];
#pragma HLS ARRAY_PARTITION variable=sum complete dim=1
SumInit:
    for (int p = 0; p < CONFIG::pe; ++p) {
#pragma HLS UNROLL
        sum[p] = 0;
    }
    // Lane by lane over all PE: the same PE x SIMD multipliers and PE adder trees once unrolled; in C
    // simulation g++ -O3 vectorizes this order across PE (about 5x fewer instructions than lane sums per PE).
MacSimd:
    for (int s = 0; s < CONFIG::simd; ++s) {
#pragma HLS UNROLL
    MacPe:
        for (int p = 0; p < CONFIG::pe; ++p) {
#pragma HLS UNROLL
            sum[p] += widen<std::int32_t>(w[p][s]) * widen<std::int32_t>(lanes[s]);  // exact: qmac_mvu_types
        }
    }
    const bool first = st.step == 0;
Accumulate:
    for (int p = 0; p < CONFIG::pe; ++p) {
#pragma HLS UNROLL
        st.acc[p] = add_wrap32(first ? 0 : st.acc[p], sum[p]);
    }
}

// The schedule after a vector's end, good or bad: fold 0, step 0.
template <class CONFIG> void mvu_restart_vector(qmac_mvu_state<CONFIG>& st) {
    st.fold = 0;
    st.step = 0;
    st.w_word = 0;
}

// The fold's accumulators into the serializer (the caller checked qmac_mvu_serializer_frees).
template <class CONFIG> void mvu_hand_off(qmac_mvu_state<CONFIG>& st) {
#pragma HLS INLINE
HandOff:
    for (int p = 0; p < CONFIG::pe; ++p) {
#pragma HLS UNROLL
        st.ser_acc[p] = st.acc[p];
    }
    st.ser_busy = true;
    st.ser_index = 0;
    st.ser_channel = static_cast<std::uint16_t>(st.fold * CONFIG::pe);
    st.ser_last = st.fold + 1 == st.n_folds;
}

// The schedule's next step after a good one.
template <class CONFIG> void mvu_advance(qmac_mvu_state<CONFIG>& st) {
    ++st.w_word;
    if (++st.step < st.k_steps) return;
    mvu_hand_off(st);
    st.step = 0;
    if (++st.fold < st.n_folds) return;
    mvu_restart_vector(st);
}

// One input beat in fold 0 (the edge on which s_axis fires), with its TLAST checks.
template <class CONFIG> void mvu_input_edge(qmac_mvu_state<CONFIG>& st, const qmac_mvu_in_beat<CONFIG>& beat) {
#pragma HLS INLINE
    if (st.dropping) {  // the rest of a vector whose TLAST was missing
        if (beat.last) st.dropping = false;
        return;
    }
    const bool vector_end = st.step + 1 == st.k_steps;
    if (beat.last != vector_end) {
        st.err_tlast = true;
        st.dropping = !beat.last;  // missing: drop to the next TLAST; early: the next beat starts a vector
        mvu_restart_vector(st);
        return;
    }
WriteThrough:
    for (int s = 0; s < CONFIG::simd; ++s) {
#pragma HLS UNROLL
        st.in_buf[st.step][s] = beat.data[s];
    }
    mvu_mac_edge(st, beat.data);
    mvu_advance(st);
}

// One clock edge of the engine. `in` holds the edge's inputs; `fired` says what fired.
template <class CONFIG>
void qmac_mvu_step(qmac_mvu_state<CONFIG>& st, const qmac_mvu_inputs<CONFIG>& in, qmac_mvu_fired<CONFIG>& fired) {
#pragma HLS INLINE
    // Every decision from the state before the edge, as registers would take it.
    const bool cfg_fire = in.cfg_valid && qmac_mvu_cfg_ready(st);
    const bool s_fire = in.s_valid && qmac_mvu_in_ready(st);
    const bool m_fire = in.m_ready && qmac_mvu_out_valid(st);
    const bool ser_edge = st.ser_busy && (st.ser_index + 1 < CONFIG::pe || st.out_count < 2);
    // Folds >= 1 step on the buffer; their last step needs the serializer, as fold 0's beat does.
    const bool buffer_edge = st.configured && !st.dropping && st.fold != 0 &&
                             (st.step + 1 != st.k_steps || qmac_mvu_serializer_frees(st));
    const bool load_start = qmac_mvu_load_starts(st, in.cfg_valid);

    fired.cfg = cfg_fire;
    fired.s = s_fire;
    fired.m = m_fire;
    if (m_fire) {
    OutHead:
        for (int p = 0; p < CONFIG::pe; ++p) {
#pragma HLS UNROLL
            fired.m_beat.data[p] = st.out_data[st.out_head][p];
        }
        fired.m_beat.last = st.out_last[st.out_head];
        st.out_head = static_cast<std::uint8_t>(st.out_head ^ 1U);
        --st.out_count;
    }
    if (ser_edge) mvu_serializer_edge(st);
    if (s_fire) {
        mvu_input_edge(st, in.s_beat);
    } else if (buffer_edge) {
        mvu_mac_edge(st, st.in_buf[st.step]);
        mvu_advance(st);
    }
    if (cfg_fire) {
        qmac_mvu_load_word(st, in.cfg_data, in.cfg_last);
        if (in.cfg_last) st.loading = false;  // the packet ends at its TLAST, good or bad
    }
    if (load_start) {
        st.loading = true;
        st.configured = false;  // a load replaces the whole layer: from its start, no layer is loaded
    }
    st.cfg_waiting = in.cfg_valid;
}

}  // namespace hls
}  // namespace qmac
