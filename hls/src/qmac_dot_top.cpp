// Synthesis top of the qmac HLS kernel: AXI4-Stream in and out, AXI4-Lite for n_beats and ap_ctrl_hs.
#include "qmac/hls/qmac_dot_top.hpp"

void qmac_dot_top(qmac::hls::top_in_stream& s_axis, qmac::hls::top_out_stream& m_axis, std::uint32_t n_beats) {
#pragma HLS INTERFACE axis port=s_axis
#pragma HLS INTERFACE axis port=m_axis
#pragma HLS INTERFACE s_axilite port=n_beats bundle=control
#pragma HLS INTERFACE s_axilite port=return bundle=control
    qmac::hls::qmac_dot<qmac::hls::qmac_dot_top_config>(s_axis, m_axis, n_beats);
}
