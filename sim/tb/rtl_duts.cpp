// The prebuilt Verilated configurations (sim/CMakeLists.txt verilates each once into qmac_rtl_models).
#include "Vqmac_dot_l16s.h"
#include "Vqmac_dot_l16s_qmac_dot.h"
#include "Vqmac_dot_l16u.h"
#include "Vqmac_dot_l16u_qmac_dot.h"
#include "Vqmac_dot_l1s.h"
#include "Vqmac_dot_l1s_qmac_dot.h"
#include "Vqmac_dot_l1u.h"
#include "Vqmac_dot_l1u_qmac_dot.h"
#include "Vqmac_dot_l4s.h"
#include "Vqmac_dot_l4s_qmac_dot.h"
#include "Vqmac_dot_l4u.h"
#include "Vqmac_dot_l4u_qmac_dot.h"
#include "Vqmac_dot_l8s.h"
#include "Vqmac_dot_l8s_qmac_dot.h"
#include "Vqmac_dot_l8u.h"
#include "Vqmac_dot_l8u_qmac_dot.h"
#include "rtl_dut.hpp"

namespace qmac::tb {

#define QMAC_RTL_CONFIG(L, S, SIGNED)                                                                     \
    if (lanes == L && act_signed == SIGNED) {                                                            \
        return std::make_unique<RtlDut<Vqmac_dot_l##L##S, L, SIGNED, Vqmac_dot_l##L##S##_qmac_dot::LATENCY>>( \
            x_random, seed);                                                                             \
    }

std::unique_ptr<Dut> make_rtl_dut(int lanes, bool act_signed, bool x_random, std::uint64_t seed) {
    QMAC_RTL_CONFIG(1, s, true)
    QMAC_RTL_CONFIG(1, u, false)
    QMAC_RTL_CONFIG(4, s, true)
    QMAC_RTL_CONFIG(4, u, false)
    QMAC_RTL_CONFIG(8, s, true)
    QMAC_RTL_CONFIG(8, u, false)
    QMAC_RTL_CONFIG(16, s, true)
    QMAC_RTL_CONFIG(16, u, false)
    return nullptr;
}

#undef QMAC_RTL_CONFIG

}  // namespace qmac::tb
