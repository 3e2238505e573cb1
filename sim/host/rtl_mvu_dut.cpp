// make_rtl_mvu: the Verilated qmac_mvu of every prebuilt shape (rtl/CMakeLists.txt) behind MvuDut.
#define QMAC_PREBUILT_INCLUDE_MODELS
#include "prebuilt_mvu_models.hpp"
#include "rtl_mvu_dut.hpp"

namespace qmac::tb {

std::unique_ptr<MvuDut> make_rtl_mvu(const hw::MvuShape& shape, bool x_random, std::uint64_t seed) {
#define QMAC_RTL_MVU(PE, SIMD, MK, MN)                                                                              \
    if (shape.pe == PE && shape.simd == SIMD && shape.max_k == MK && shape.max_n == MN) {                          \
        using Model = Vqmac_mvu_p##PE##s##SIMD##k##MK##n##MN;                                                      \
        return std::make_unique<RtlMvuDut<Model, PE, SIMD, MK, MN, Vqmac_mvu_p##PE##s##SIMD##k##MK##n##MN##_qmac_mvu::LATENCY>>( \
            x_random, seed);                                                                                        \
    }
    QMAC_FOR_EACH_PREBUILT_MVU(QMAC_RTL_MVU)
#undef QMAC_RTL_MVU
    return nullptr;
}

}  // namespace qmac::tb
