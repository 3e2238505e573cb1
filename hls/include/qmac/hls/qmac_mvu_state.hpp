// The qmac_mvu layer engine's configuration, types and state (docs/mvu.md), hls4ml style: a CONFIG struct
// carries the elaboration-time parameters, and one qmac_mvu_state<CONFIG> holds everything the engine
// remembers from one clock edge to the next: the three memories (weights, per-channel parameters, input
// buffer) and the registers of the configuration parser, the fold schedule and the requantizer's serializer.
//
// A CONFIG struct carries (qmac_mvu_config below is the one the project instantiates):
//   static const int pe, simd;       // output channels in parallel, inputs per cycle
//   static const int max_k, max_n;   // the weight memory's shape: max_k multiple of simd, max_n of pe
#pragma once

#include <cstdint>

#include "qmac/hls/interface.hpp"
#include "qmac/hls/mvu_interface.hpp"
#include "qmac/hls/types.hpp"

namespace qmac {
namespace hls {

template <int PE, int SIMD, int MAX_K, int MAX_N> struct qmac_mvu_config {
    static const int pe = PE;
    static const int simd = SIMD;
    static const int max_k = MAX_K;
    static const int max_n = MAX_N;
};

// The sizes and types a CONFIG implies; a CONFIG outside the contract fails to compile.
template <class CONFIG> struct qmac_mvu_types {
    static const int pe = CONFIG::pe;
    static const int simd = CONFIG::simd;
    static_assert(pe >= 1 && pe <= hw::kMvuMaxPe, "CONFIG::pe outside [1, kMvuMaxPe]");
    static_assert(simd >= 1 && simd <= hw::kMvuMaxSimd, "CONFIG::simd outside [1, kMvuMaxSimd]");
    static_assert(CONFIG::max_k >= simd && CONFIG::max_k % simd == 0 && CONFIG::max_k <= hw::kMvuMaxDim,
                  "CONFIG::max_k must be a multiple of simd in [simd, kMvuMaxDim]");
    static_assert(CONFIG::max_n >= pe && CONFIG::max_n % pe == 0 && CONFIG::max_n <= hw::kMvuMaxDim,
                  "CONFIG::max_n must be a multiple of pe in [pe, kMvuMaxDim]");
    static_assert(hw::kMvuActLaneBits == 8 && hw::kMvuOutLaneBits == 8, "lanes are bytes (int8 or uint8 codes)");
    static_assert(hw::kMvuCfgWordBits == 32, "configuration words are 32 bits");
    static_assert(2 * hw::kMvuWeightFieldBits == hw::kMvuCfgWordBits, "two weight fields per configuration word");
    static_assert(hw::kWeightBits <= hw::kMvuWeightFieldBits, "a stored weight is the low bits of its field");
    // |x * w| <= 255 * 256 (x int8 or uint8, w a kWeightBits-bit field): a step's sum over SIMD lanes is
    // exact in int32; only the accumulation across the K / SIMD steps wraps.
    static_assert(static_cast<std::int64_t>(simd) * 255 * (1 << (hw::kWeightBits - 1)) < INT32_MAX,
                  "a step's lane sum must fit int32");
    static const int in_words = CONFIG::max_k / simd;               // input buffer: one vector
    static const int weight_words = in_words * (CONFIG::max_n / pe);  // per PE bank
    typedef std::int16_t weight_t;  // w - zw, a kWeightBits-bit value (the RAM's 9-bit lane)
    typedef std::int16_t lane_t;    // an activation, sign- or zero-extended to 9 bits by the layer's flag
};

// The configuration parser's phase: which part of a load the next word belongs to.
enum qmac_mvu_load_phase {
    kMvuLoadHeader = 0,    // no load in progress: the next word is header word 0
    kMvuLoadFlags = 1,     // header word 1
    kMvuLoadChannels = 2,  // the N channel records
    kMvuLoadWeights = 3,   // the K x N weights, two per word
    kMvuLoadDrop = 4       // a malformed packet: words dropped up to its TLAST
};

template <class CONFIG> struct qmac_mvu_state {
    typedef qmac_mvu_types<CONFIG> T;

    // --- Memories (block RAM; the pragmas that shape them are in qmac_mvu_top) -----------------------------
    // Weights: word f * K/SIMD + b of bank p holds inputs b*SIMD .. b*SIMD + SIMD - 1 of channel f*PE + p
    // (docs/mvu.md, "Memories"). Stored word-major ([word][bank][lane]) so that one MAC step reads one
    // contiguous block in C simulation; partitioned by bank and reshaped by lane it is PE RAMs of SIMD x 9-bit words.
    typename T::weight_t weights[T::weight_words][T::pe][T::simd];
    // Parameters: each channel's record exactly as its kMvuChannelWords configuration words arrived (bias,
    // multiplier, shift/rounding/zero point, clamp); the serializer decodes the fields as it reads them.
    std::uint32_t params[CONFIG::max_n][hw::kMvuChannelWords];
    // Input buffer: fold 0 writes the vector through; folds 1 .. N/PE - 1 read it back.
    std::uint8_t in_buf[T::in_words][T::simd];

    // --- The loaded layer ---------------------------------------------------------------------------------
    bool configured;
    bool act_signed;
    std::uint16_t k_steps;  // K / SIMD: MAC steps per fold, beats per vector
    std::uint16_t n_folds;  // N / PE: folds per vector, output beats per vector

    // --- Configuration parser -------------------------------------------------------------------------------
    std::uint8_t load_phase;  // qmac_mvu_load_phase
    std::uint16_t load_channel;  // channel record being written, and its word
    std::uint8_t load_word;
    // The next weight's place: bank p, fold f (base word f * K/SIMD), step b, lane s.
    std::uint16_t load_p, load_f, load_b, load_s;
    std::uint32_t load_base;
    // A configuration word that arrived on the same edge as an input beat (both readies were high): held
    // here until the engine is idle again, so that neither is lost (s_cfg_tready low while it is held).
    bool cfg_held;
    std::uint32_t cfg_held_data;
    bool cfg_held_last;

    // --- Fold schedule --------------------------------------------------------------------------------------
    std::uint16_t fold;      // f in [0, N/PE)
    std::uint16_t step;      // b in [0, K/SIMD)
    std::uint32_t w_word;    // f * K/SIMD + b: the weight word of this step
    bool dropping;           // after a missing TLAST: input beats dropped up to the next TLAST
    std::int32_t acc[T::pe];  // the fold's running sums (wrapping)

    // --- Requantizer serializer: one shared requantizer, one channel per cycle ------------------------------
    bool ser_busy;
    std::uint8_t ser_index;     // the next channel of the fold to requantize, [0, PE)
    std::uint16_t ser_channel;  // its channel number, f * PE + ser_index
    bool ser_last;              // the fold is its vector's last: the output beat carries TLAST
    std::int32_t ser_acc[T::pe];
    std::uint8_t ser_y[T::pe];

    // --- Output queue: two beats (an output register and its skid entry) ---------------------------------
    std::uint8_t out_count;  // 0, 1 or 2
    std::uint8_t out_head;   // the entry m_axis shows
    std::uint8_t out_data[2][T::pe];
    bool out_last[2];

    // --- Sticky error flags ---------------------------------------------------------------------------------
    bool err_cfg;
    bool err_tlast;
};

// The synchronous reset: empties the engine, forgets the layer, clears the error flags. The memories keep
// their contents (RAMs have no reset); nothing reads them before a good load has rewritten them.
template <class CONFIG> void qmac_mvu_reset(qmac_mvu_state<CONFIG>& st) {
#pragma HLS INLINE
    st.configured = false;
    st.act_signed = false;
    st.k_steps = 1;
    st.n_folds = 1;
    st.load_phase = kMvuLoadHeader;
    st.load_channel = 0;
    st.load_word = 0;
    st.load_p = st.load_f = st.load_b = st.load_s = 0;
    st.load_base = 0;
    st.cfg_held = false;
    st.cfg_held_data = 0;
    st.cfg_held_last = false;
    st.fold = 0;
    st.step = 0;
    st.w_word = 0;
    st.dropping = false;
    st.ser_busy = false;
    st.ser_index = 0;
    st.ser_channel = 0;
    st.ser_last = false;
    st.out_count = 0;
    st.out_head = 0;
    st.out_last[0] = st.out_last[1] = false;
ResetPe:
    for (int p = 0; p < CONFIG::pe; ++p) {
#pragma HLS UNROLL
        st.acc[p] = 0;
        st.ser_acc[p] = 0;
        st.ser_y[p] = 0;
        st.out_data[0][p] = 0;
        st.out_data[1][p] = 0;
    }
    st.err_cfg = false;
    st.err_tlast = false;
}

// --- The engine's ready and valid outputs: functions of the state alone (register outputs) ---------------

// No vector in progress (nor one being dropped), the serializer empty, every output delivered.
template <class CONFIG> bool qmac_mvu_idle(const qmac_mvu_state<CONFIG>& st) {
    return st.fold == 0 && st.step == 0 && !st.dropping && !st.ser_busy && st.out_count == 0;
}

// The serializer can take a fold's accumulators on this edge: it is empty, or it requantizes its last
// channel on this edge and the output queue has room for the beat.
template <class CONFIG> bool qmac_mvu_serializer_frees(const qmac_mvu_state<CONFIG>& st) {
    return !st.ser_busy || (st.ser_index == CONFIG::pe - 1 && st.out_count < 2);
}

// s_cfg_tready.
template <class CONFIG> bool qmac_mvu_cfg_ready(const qmac_mvu_state<CONFIG>& st) {
    return !st.cfg_held && qmac_mvu_idle(st);
}

// s_axis_tready: a layer is loaded, no load is in progress or waiting, and the schedule is in fold 0 (or
// dropping a bad vector); a fold's last beat also needs the serializer.
template <class CONFIG> bool qmac_mvu_in_ready(const qmac_mvu_state<CONFIG>& st) {
    if (!st.configured || st.cfg_held || st.load_phase != kMvuLoadHeader) return false;
    if (st.dropping) return true;
    return st.fold == 0 && (st.step + 1 != st.k_steps || qmac_mvu_serializer_frees(st));
}

// m_axis_tvalid.
template <class CONFIG> bool qmac_mvu_out_valid(const qmac_mvu_state<CONFIG>& st) { return st.out_count != 0; }

}  // namespace hls
}  // namespace qmac
