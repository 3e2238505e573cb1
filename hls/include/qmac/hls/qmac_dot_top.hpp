// The synthesis top qmac_dot_top: qmac::hls::qmac_dot for one CONFIG, with AXI4-Stream data and an
// AXI4-Lite control port. LANES and the activation signedness are chosen at compile time with
// -DQMAC_HLS_LANES=<n> (default hw::kDefaultLanes) and -DQMAC_HLS_ACT_SIGNED=<0|1> (default 1).
#pragma once

#include <cstdint>

#include "qmac/hls/interface.hpp"
#include "qmac/hls/qmac_dot.hpp"
#include "qmac/hls/stream.hpp"

#ifndef QMAC_HLS_LANES
#define QMAC_HLS_LANES ::qmac::hw::kDefaultLanes
#endif
#ifndef QMAC_HLS_ACT_SIGNED
#define QMAC_HLS_ACT_SIGNED 1
#endif

namespace qmac {
namespace hls {

typedef qmac_dot_config<QMAC_HLS_LANES, QMAC_HLS_ACT_SIGNED != 0> qmac_dot_top_config;

typedef qmac_dot_in_beat<qmac_dot_top_config> top_in_beat;
typedef qmac_dot_out_beat<qmac_dot_top_config> top_out_beat;
typedef stream<top_in_beat, kTopStreamDepth> top_in_stream;
typedef stream<top_out_beat, kTopStreamDepth> top_out_stream;

}  // namespace hls
}  // namespace qmac

// Reads n_beats beats from s_axis and writes one beat to m_axis per `last` beat (see qmac::hls::qmac_dot).
void qmac_dot_top(qmac::hls::top_in_stream& s_axis, qmac::hls::top_out_stream& m_axis, std::uint32_t n_beats);
