#include "hls_cycle_model.hpp"

namespace qmac::tb {

std::unique_ptr<Dut> make_hls_dut(int lanes, bool act_signed, int latency) {
    if (latency < 1) return nullptr;
    switch (lanes) {
    case 1: return act_signed ? std::unique_ptr<Dut>(new HlsCycleModel<1, true>(latency)) : std::unique_ptr<Dut>(new HlsCycleModel<1, false>(latency));
    case 4: return act_signed ? std::unique_ptr<Dut>(new HlsCycleModel<4, true>(latency)) : std::unique_ptr<Dut>(new HlsCycleModel<4, false>(latency));
    case 8: return act_signed ? std::unique_ptr<Dut>(new HlsCycleModel<8, true>(latency)) : std::unique_ptr<Dut>(new HlsCycleModel<8, false>(latency));
    case 16: return act_signed ? std::unique_ptr<Dut>(new HlsCycleModel<16, true>(latency)) : std::unique_ptr<Dut>(new HlsCycleModel<16, false>(latency));
    default: return nullptr;
    }
}

}  // namespace qmac::tb
