#include "hls_cycle_model.hpp"
#include "prebuilt_configs.hpp"

namespace qmac::tb {

// The same configurations as the RTL models, so that every RTL configuration has its HLS twin.
std::unique_ptr<Dut> make_hls_dut(int lanes, bool act_signed, int latency) {
    if (latency < 1) return nullptr;
#define QMAC_HLS_CONFIG(L)                                                                    \
    if (lanes == L) {                                                                         \
        if (act_signed) return std::unique_ptr<Dut>(new HlsCycleModel<L, true>(latency));     \
        return std::unique_ptr<Dut>(new HlsCycleModel<L, false>(latency));                    \
    }
    QMAC_FOR_EACH_PREBUILT_LANES(QMAC_HLS_CONFIG)
#undef QMAC_HLS_CONFIG
    return nullptr;
}

}  // namespace qmac::tb
