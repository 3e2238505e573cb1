// The prebuilt Verilated configurations (QMAC_PREBUILT_LANES in sim/CMakeLists.txt, verilated once each
// into qmac_rtl_models; prebuilt_configs.hpp is generated from the same list).
#define QMAC_PREBUILT_INCLUDE_MODELS
#include "prebuilt_configs.hpp"
#include "rtl_dut.hpp"

namespace qmac::tb {

std::unique_ptr<Dut> make_rtl_dut(int lanes, bool act_signed, bool x_random, std::uint64_t seed) {
#define QMAC_RTL_CONFIG(L)                                                                                   \
    if (lanes == L) {                                                                                        \
        if (act_signed) {                                                                                    \
            return std::make_unique<RtlDut<Vqmac_dot_l##L##s, L, true, Vqmac_dot_l##L##s_qmac_dot::LATENCY>>( \
                x_random, seed);                                                                             \
        }                                                                                                    \
        return std::make_unique<RtlDut<Vqmac_dot_l##L##u, L, false, Vqmac_dot_l##L##u_qmac_dot::LATENCY>>(  \
            x_random, seed);                                                                                 \
    }
    QMAC_FOR_EACH_PREBUILT_LANES(QMAC_RTL_CONFIG)
#undef QMAC_RTL_CONFIG
    return nullptr;
}

}  // namespace qmac::tb
