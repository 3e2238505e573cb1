// The one conversion of a contract beat (tb::InBeat) into the kernel's beat (hls::qmac_dot_in_beat<CONFIG>,
// CONFIG an hls::qmac_dot_config), used by the HLS cycle model and the qmac hls backend.
#pragma once

#include "contract.hpp"
#include "stimulus.hpp"  // hls/tb: set_beat_params
#include "qmac/hls/qmac_dot.hpp"

namespace qmac::tb {

// b's lanes, `last` flag and per-output parameters as the kernel's beat of CONFIG (lanes past b's are 0).
template <class CONFIG>
hls::qmac_dot_in_beat<CONFIG> to_hls_beat(const InBeat& b) {
    hls::qmac_dot_in_beat<CONFIG> h{};
    for (int i = 0; i < CONFIG::lanes; ++i) {
        h.act[i] = static_cast<typename hls::qmac_dot_types<CONFIG>::act_t>(b.act[i]);
        h.wgt[i] = b.wgt[i];
    }
    h.last = b.last;
    hls_tb::set_beat_params<CONFIG>(b.params, h);
    return h;
}

}  // namespace qmac::tb
