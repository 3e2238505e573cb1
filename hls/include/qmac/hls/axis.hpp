// qmac::hls::axis_word<W>: one AXI4-Stream transfer with a W-bit TDATA, as Vitis HLS emits it from a port
// with an axis INTERFACE pragma: the members data, keep, strb and last become TDATA, TKEEP, TSTRB and
// TLAST (TVALID/TREADY come from the stream itself).
// - Under Vitis (its <ap_axi_sdata.h> exists) it IS ::hls::axis<ap_uint<W>, 0, 0, 0>: no TUSER, TID, TDEST.
// - Elsewhere (AMD's open-source ap_types/, which has no ap_axi_sdata.h) it is the project's own struct
//   below, with the same members and widths as that specialization, so that the kernel and its test bench
//   are the same source in both.
#pragma once

#include <ap_int.h>

#if defined(__has_include) && __has_include(<ap_axi_sdata.h>)
#include <ap_axi_sdata.h>
#define QMAC_HLS_AXI_SDATA 1
#else
#define QMAC_HLS_AXI_SDATA 0
#endif

namespace qmac {
namespace hls {

#if QMAC_HLS_AXI_SDATA

template <int W> using axis_word = ::hls::axis<ap_uint<W>, 0, 0, 0>;

#else

template <int W> struct axis_word {
    ap_uint<W> data;
    ap_uint<(W + 7) / 8> keep;  // TKEEP: one bit per TDATA byte
    ap_uint<(W + 7) / 8> strb;  // TSTRB: one bit per TDATA byte
    ap_uint<1> last;            // TLAST
};

#endif

}  // namespace hls
}  // namespace qmac
