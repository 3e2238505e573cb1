// Synthesis top of the qmac layer engine (docs/mvu.md): free running, three AXI4-Stream ports with TLAST,
// the flags as ap_none wires. One call is one clock of qmac_mvu_step on the engine's static state.
#include "qmac/hls/qmac_mvu_top.hpp"

namespace {

typedef qmac::hls::mvu_top_config C;
typedef qmac::hls::mvu_top_codec Codec;

// The engine. Static storage starts zeroed, which is the reset state (qmac_mvu_reset's registers; RAM
// contents are never read before a good load); under Vitis ap_rst_n restores it.
qmac::hls::qmac_mvu_state<C> engine;

}  // namespace

void qmac_mvu_top(qmac::hls::mvu_top_cfg_stream& s_cfg, qmac::hls::mvu_top_in_stream& s_axis,
                  qmac::hls::mvu_top_out_stream& m_axis, Codec::flag_t& configured, Codec::flag_t& err_cfg,
                  Codec::flag_t& err_tlast) {
#pragma HLS INTERFACE axis port=s_cfg
#pragma HLS INTERFACE axis port=s_axis
#pragma HLS INTERFACE axis port=m_axis
#pragma HLS INTERFACE ap_none port=configured
#pragma HLS INTERFACE ap_none port=err_cfg
#pragma HLS INTERFACE ap_none port=err_tlast
#pragma HLS INTERFACE ap_ctrl_none port=return
#pragma HLS PIPELINE II=1 style=flp
    // The memories (docs/mvu.md, "Memories"): PE weight banks of SIMD x 9-bit words, the parameter records,
    // the input buffer; each a simple dual-port block RAM (one write port for the load or the
    // write-through, one read port for the MAC step or the serializer).
#pragma HLS ARRAY_PARTITION variable=engine.weights complete dim=2
#pragma HLS ARRAY_RESHAPE variable=engine.weights complete dim=3
#pragma HLS BIND_STORAGE variable=engine.weights type=ram_2p impl=bram
#pragma HLS ARRAY_RESHAPE variable=engine.params complete dim=2
#pragma HLS BIND_STORAGE variable=engine.params type=ram_2p impl=bram
#pragma HLS ARRAY_RESHAPE variable=engine.in_buf complete dim=2
#pragma HLS BIND_STORAGE variable=engine.in_buf type=ram_2p impl=bram
#pragma HLS ARRAY_PARTITION variable=engine.acc complete dim=1
#pragma HLS ARRAY_PARTITION variable=engine.ser_acc complete dim=1
#pragma HLS ARRAY_PARTITION variable=engine.ser_y complete dim=1
#pragma HLS ARRAY_PARTITION variable=engine.out_data complete dim=0
    qmac::hls::qmac_mvu_inputs<C> in = qmac::hls::qmac_mvu_inputs<C>();  // all zero: nothing offered
    in.m_ready = !m_axis.full();
    // A stream is read only when the engine takes its word on this clock (its ready is a register output).
    Codec::cfg_word cw;
    if (qmac::hls::qmac_mvu_cfg_ready(engine) && s_cfg.read_nb(cw)) {
        in.cfg_valid = true;
        in.cfg_data = Codec::cfg_data(cw);
        in.cfg_last = Codec::cfg_last(cw);
    }
    Codec::in_word iw;
    if (qmac::hls::qmac_mvu_in_ready(engine) && s_axis.read_nb(iw)) {
        in.s_valid = true;
        in.s_beat = Codec::decode(iw);
    }
    qmac::hls::qmac_mvu_fired<C> fired = qmac::hls::qmac_mvu_fired<C>();
    qmac::hls::qmac_mvu_step(engine, in, fired);
    if (fired.m) m_axis.write(Codec::encode(fired.m_beat));
    configured = engine.configured;
    err_cfg = engine.err_cfg;
    err_tlast = engine.err_tlast;
}
