// The synthesis top qmac_mvu_top: the layer engine (qmac_mvu.hpp) for one CONFIG, free running (no start
// register, ap_ctrl_none), three AXI4-Stream ports with TLAST and the flags as plain wires. The shape is
// chosen at compile time: -DQMAC_HLS_MVU_PE, _SIMD, _MAX_K, _MAX_N (default: the first prebuilt
// configuration of docs/contract.toml, hw::kMvuPrebuilt[0]).
//
// Its ports depend on the build (qmac/hls/stream.hpp chooses): with AMD's headers (Vitis, or the open-source
// ap_types/) AXI4-Stream words of ap_uint (mvu_axis_codec: TDATA lane i at [8i +: 8], TLAST); in the
// portable build, portable FIFOs of the kernel's own beat structs (mvu_beat_codec).
#pragma once

#include <cstdint>

#include "qmac/hls/mvu_interface.hpp"
#include "qmac/hls/qmac_mvu.hpp"
#include "qmac/hls/stream.hpp"
#if QMAC_HLS_VENDOR_STREAM
#include "qmac/hls/mvu_axis_codec.hpp"
#endif

#ifndef QMAC_HLS_MVU_PE
#define QMAC_HLS_MVU_PE ::qmac::hw::kMvuPrebuilt[0].pe
#define QMAC_HLS_MVU_SIMD ::qmac::hw::kMvuPrebuilt[0].simd
#define QMAC_HLS_MVU_MAX_K ::qmac::hw::kMvuPrebuilt[0].max_k
#define QMAC_HLS_MVU_MAX_N ::qmac::hw::kMvuPrebuilt[0].max_n
#endif

namespace qmac {
namespace hls {

// One configuration word of the portable build's s_cfg (the AMD build's is an axis_word<32>).
struct qmac_mvu_cfg_word {
    std::uint32_t data;
    bool last;
};

// The portable build's ports: the kernel's beat structs themselves.
template <class CONFIG> struct mvu_beat_codec {
    typedef qmac_mvu_cfg_word cfg_word;
    typedef qmac_mvu_in_beat<CONFIG> in_word;
    typedef qmac_mvu_out_beat<CONFIG> out_word;
    typedef bool flag_t;
    static std::uint32_t cfg_data(const cfg_word& w) { return w.data; }
    static bool cfg_last(const cfg_word& w) { return w.last; }
    static in_word decode(const in_word& w) { return w; }
    static out_word encode(const out_word& b) { return b; }
};

typedef qmac_mvu_config<QMAC_HLS_MVU_PE, QMAC_HLS_MVU_SIMD, QMAC_HLS_MVU_MAX_K, QMAC_HLS_MVU_MAX_N> mvu_top_config;
#if QMAC_HLS_VENDOR_STREAM
typedef mvu_axis_codec<mvu_top_config> mvu_top_codec;
#else
typedef mvu_beat_codec<mvu_top_config> mvu_top_codec;
#endif
// Streams of depth 2: the ports are wires; a C test bench feeds and drains them one clock at a time.
typedef stream<mvu_top_codec::cfg_word, 2> mvu_top_cfg_stream;
typedef stream<mvu_top_codec::in_word, 2> mvu_top_in_stream;
typedef stream<mvu_top_codec::out_word, 2> mvu_top_out_stream;

}  // namespace hls
}  // namespace qmac

// One clock of the free-running engine: takes at most one word from s_cfg and one beat from s_axis (when
// the engine is ready for them), writes at most one beat to m_axis (when it is not full), and shows the
// flags. The engine's state lives in the function (static): under Vitis a free-running pipeline (II = 1)
// with ap_ctrl_none; in C simulation each call is one clock edge.
void qmac_mvu_top(qmac::hls::mvu_top_cfg_stream& s_cfg, qmac::hls::mvu_top_in_stream& s_axis,
                  qmac::hls::mvu_top_out_stream& m_axis, qmac::hls::mvu_top_codec::flag_t& configured,
                  qmac::hls::mvu_top_codec::flag_t& err_cfg, qmac::hls::mvu_top_codec::flag_t& err_tlast);
