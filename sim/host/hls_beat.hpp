// The one conversion of a contract beat (tb::InBeat) into the kernel's beat (hls::qmac_dot_in_beat<CONFIG>,
// CONFIG an hls::qmac_dot_config), used by the HLS cycle model and the qmac hls backend.
#pragma once

#include "contract.hpp"
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
    h.bias = b.params.bias;
    h.params.multiplier = b.params.multiplier;
    h.params.shift = static_cast<std::int8_t>(b.params.shift);
    h.params.rounding = static_cast<std::uint8_t>(b.params.rounding);
    h.params.out_zero_point = static_cast<std::int16_t>(b.params.zero_point);
    h.params.out_min = static_cast<std::int16_t>(b.params.min);
    h.params.out_max = static_cast<std::int16_t>(b.params.max);
    return h;
}

}  // namespace qmac::tb
