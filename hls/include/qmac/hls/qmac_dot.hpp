// The qmac_dot kernel (docs/interface.md) as a function template over a CONFIG struct, hls4ml style:
// a stream of beats, each with LANES activations and weights; products summed into a 32-bit accumulator
// that wraps modulo 2^32; on the beat flagged `last`, bias + sum is requantized with that beat's
// per-output parameters and one output beat is written.
//
// A CONFIG struct carries (qmac_dot_config below is the one the project instantiates):
//   static const int lanes;        // activations/weights per beat, [1, hw::kMaxLanes]
//   static const bool act_signed;  // int8 (true) or uint8 (false) activations
//   static const int act_bits, weight_bits, acc_bits, out_bits;  // the contract's widths (checked)
#pragma once

#include <cstdint>

#include "qmac/hls/interface.hpp"
#include "qmac/hls/requantize.hpp"
#include "qmac/hls/types.hpp"

namespace qmac {
namespace hls {

// The CONFIG of a kernel instance at the contract's widths: LANES lanes, int8 (ACT_SIGNED) or uint8
// activations. The project's one config type (the top, the testbenches and the host all use it).
template <int LANES, bool ACT_SIGNED> struct qmac_dot_config {
    static const int lanes = LANES;
    static const bool act_signed = ACT_SIGNED;
    static const int act_bits = hw::kActBits;
    static const int weight_bits = hw::kWeightBits;
    static const int acc_bits = hw::kAccBits;
    static const int out_bits = hw::kOutBits;
};

// The types a CONFIG implies; a CONFIG asking for widths the contract does not have fails to compile.
template <class CONFIG> struct qmac_dot_types {
    static_assert(CONFIG::lanes >= 1 && CONFIG::lanes <= hw::kMaxLanes, "CONFIG::lanes outside [1, kMaxLanes]");
    static_assert(CONFIG::act_bits == hw::kActBits, "only 8-bit activations are implemented");
    static_assert(CONFIG::weight_bits == hw::kWeightBits, "only the contract's weight width is implemented");
    static_assert(CONFIG::acc_bits == hw::kAccBits, "only the 32-bit wrapping accumulator is implemented");
    static_assert(CONFIG::out_bits == hw::kOutBits, "only the contract's output width is implemented");
    typedef int_t<hw::kActBits, CONFIG::act_signed> act_t;  // int8 or uint8
    typedef int_t<hw::kWeightBits, true> weight_t;          // the kWeightBits-bit field w - zw, read by sign_field
    typedef std::int32_t product_t;                         // |act * (w - zw)| <= 255 * 256
    typedef std::int32_t acc_t;                             // wraps modulo 2^32
    typedef int_t<hw::kOutBits, true> out_t;                // y in [out_min, out_max]: int8 or uint8 codes
    // The largest |lane sum| (LANES * 255 * 256 < 2^24) is far inside int32: the per-beat sum is exact and
    // only the accumulation across beats wraps.
    static_assert(static_cast<std::int64_t>(CONFIG::lanes) * 255 * (1 << (hw::kWeightBits - 1)) < INT32_MAX,
                  "lane sum must fit int32");
};

// One input beat: the lanes, the `last` flag, and the per-output parameters (read on `last` beats only).
template <class CONFIG> struct qmac_dot_in_beat {
    typename qmac_dot_types<CONFIG>::act_t act[CONFIG::lanes];
    typename qmac_dot_types<CONFIG>::weight_t wgt[CONFIG::lanes];
    bool last;
    std::int32_t bias;
    requant_params params;
};

// One output beat.
template <class CONFIG> struct qmac_dot_out_beat {
    typename qmac_dot_types<CONFIG>::out_t y;
};

// What a `last` beat produces: the group's wrapped accumulator (bias included) and the output code.
template <class CONFIG> struct qmac_dot_result {
    std::int32_t acc;
    typename qmac_dot_types<CONFIG>::out_t y;
};

// The elements of qmac_dot's streams, and the kernel's beats they carry (a CODEC, hls4ml style: chosen per
// kernel instance). beat_codec, the portable build's, is the identity on the beat structs and counts in
// std::uint32_t; axis_codec (qmac/hls/axis_codec.hpp) carries the same beats in AXI4-Stream words of ap_uint.
template <class CONFIG> struct beat_codec {
    typedef qmac_dot_in_beat<CONFIG> in_word;
    typedef qmac_dot_out_beat<CONFIG> out_word;
    typedef std::uint32_t count_t;  // the n_beats port
    static std::uint32_t count(count_t n) { return n; }
    static qmac_dot_in_beat<CONFIG> decode(const in_word& w) { return w; }
    static out_word encode(typename qmac_dot_types<CONFIG>::out_t y) {
        out_word o;
        o.y = y;
        return o;
    }
};

// lane_dot(beat) = sum_i act[i] * wgt[i], exact (|sum| < 2^22).
template <class CONFIG> std::int32_t lane_dot(const qmac_dot_in_beat<CONFIG>& beat) {
    typedef qmac_dot_types<CONFIG> T;
    typename T::act_t act[CONFIG::lanes];
#pragma HLS ARRAY_PARTITION variable=act complete dim=1
    typename T::weight_t wgt[CONFIG::lanes];
#pragma HLS ARRAY_PARTITION variable=wgt complete dim=1
    typename T::product_t prod[CONFIG::lanes];
#pragma HLS ARRAY_PARTITION variable=prod complete dim=1
LoadLanes:
    for (int i = 0; i < CONFIG::lanes; ++i) {
#pragma HLS UNROLL
        act[i] = beat.act[i];
        wgt[i] = sign_field<hw::kWeightBits>(beat.wgt[i]);
    }
Product:
    for (int i = 0; i < CONFIG::lanes; ++i) {
#pragma HLS UNROLL
        // |act * wgt| <= 255 * 256: exact in int32.
        prod[i] = widen<std::int32_t>(act[i]) * widen<std::int32_t>(wgt[i]);
    }
    std::int32_t sum = 0;
Accum:
    for (int i = 0; i < CONFIG::lanes; ++i) {
#pragma HLS UNROLL
        sum += prod[i];  // exact: see qmac_dot_types' static_assert
    }
    return sum;
}

// qmac_dot_step: one beat through the datapath. `running` is the wrapped sum of the current group's
// earlier beats (0 at the start of a group). On a `last` beat it returns true and fills `r`; `running`
// is then 0 again. This is the C++ entry point for callers that want the accumulator too.
template <class CONFIG>
bool qmac_dot_step(const qmac_dot_in_beat<CONFIG>& beat, std::int32_t& running, qmac_dot_result<CONFIG>& r) {
#pragma HLS INLINE
    const std::int32_t group = add_wrap32(running, lane_dot<CONFIG>(beat));
    if (!beat.last) {
        running = group;
        return false;
    }
    running = 0;
    r.acc = add_wrap32(beat.bias, group);
    // requantize clamps to [out_min, out_max], which the contract keeps inside out_t's range.
    r.y = narrow_to<typename qmac_dot_types<CONFIG>::out_t>(requantize(r.acc, beat.params));
    return true;
}

// qmac_dot: reads n_beats beats from `in`, writes one output beat per `last` beat to `out`, one beat per
// clock (II = 1). Each call starts with an empty accumulator (the RTL's reset); beats after the call's last
// `last` beat belong to no output and are dropped. IN and OUT are qmac::hls::stream (or ::hls::stream)
// of CODEC::in_word and CODEC::out_word (by default the beat structs), of any depth.
template <class CONFIG, class CODEC = beat_codec<CONFIG>, class IN_STREAM, class OUT_STREAM>
void qmac_dot(IN_STREAM& in, OUT_STREAM& out, std::uint32_t n_beats) {
    std::int32_t running = 0;
Beats:
    for (std::uint32_t i = 0; i < n_beats; ++i) {
#pragma HLS PIPELINE II=1
#pragma HLS LOOP_TRIPCOUNT min=1 max=QMAC_HW_STREAM_DEPTH avg=64
        const qmac_dot_in_beat<CONFIG> beat = CODEC::decode(in.read());
        qmac_dot_result<CONFIG> r;
        if (qmac_dot_step<CONFIG>(beat, running, r)) out.write(CODEC::encode(r.y));
    }
}

}  // namespace hls
}  // namespace qmac
