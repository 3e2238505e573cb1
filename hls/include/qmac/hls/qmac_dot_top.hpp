// The synthesis top qmac_dot_top: qmac::hls::qmac_dot for one CONFIG, with AXI4-Stream data and an
// AXI4-Lite control port. LANES and the activation signedness are chosen at compile time with
// -DQMAC_HLS_LANES=<n> (default hw::kDefaultLanes) and -DQMAC_HLS_ACT_SIGNED=<0|1> (default 1).
//
// Its ports depend on the build (qmac/hls/stream.hpp chooses): with AMD's headers (Vitis, or the open-source
// ap_types/) they are AXI4-Stream words of ap_uint with TLAST (axis_codec) and an ap_uint<32> n_beats;
// in the portable build, portable FIFOs of the beat structs and a std::uint32_t n_beats (beat_codec).
#pragma once

#include <cstdint>

#include "qmac/hls/interface.hpp"
#include "qmac/hls/qmac_dot.hpp"
#include "qmac/hls/stream.hpp"
#if QMAC_HLS_VENDOR_STREAM
#include "qmac/hls/axis_codec.hpp"
#endif

#ifndef QMAC_HLS_LANES
#define QMAC_HLS_LANES ::qmac::hw::kDefaultLanes
#endif
#ifndef QMAC_HLS_ACT_SIGNED
#define QMAC_HLS_ACT_SIGNED 1
#endif

namespace qmac {
namespace hls {

typedef qmac_dot_config<QMAC_HLS_LANES, QMAC_HLS_ACT_SIGNED != 0> qmac_dot_top_config;
#if QMAC_HLS_VENDOR_STREAM
typedef axis_codec<qmac_dot_top_config> top_codec;
#else
typedef beat_codec<qmac_dot_top_config> top_codec;
#endif

typedef qmac_dot_in_beat<qmac_dot_top_config> top_in_beat;
typedef qmac_dot_out_beat<qmac_dot_top_config> top_out_beat;
typedef top_codec::in_word top_in_word;    // top_in_beat itself in the portable build
typedef top_codec::out_word top_out_word;  // top_out_beat itself in the portable build
typedef top_codec::count_t top_count_t;
typedef stream<top_in_word, kTopStreamDepth> top_in_stream;
typedef stream<top_out_word, kTopStreamDepth> top_out_stream;

}  // namespace hls
}  // namespace qmac

// Reads n_beats beats from s_axis and writes one beat to m_axis per `last` beat (see qmac::hls::qmac_dot).
void qmac_dot_top(qmac::hls::top_in_stream& s_axis, qmac::hls::top_out_stream& m_axis, qmac::hls::top_count_t n_beats);
