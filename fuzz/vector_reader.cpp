// libFuzzer target: the qmac-sim vector-file reader (FileGroups, sim/host/group_sources.cpp) over arbitrary
// text, read for every prebuilt lane count with int8 and with uint8 activations (a file names neither).
// VectorFileError is the reader's documented answer to bad input; anything else is a finding, and so is a
// group the contract forbids (a value outside its field's range) or one whose golden output breaks its clamp
// (fp32_wrap's wrapped zero point may give 127 above it: XNNPACK's VNNI kernels do).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "group_sources.hpp"

namespace {

void check(const qmac::tb::Group& g, int lanes, bool act_signed) {
    namespace hw = qmac::hw;
    const qmac::tb::OutParams& p = g.params;
    const std::int32_t act_lo = act_signed ? -128 : 0, act_hi = act_signed ? 127 : 255;
    if (g.act.empty() || g.act.size() != g.wgt.size() || g.act.size() % static_cast<std::size_t>(lanes) != 0) std::abort();
    for (std::size_t i = 0; i < g.act.size(); ++i) {
        if (g.act[i] < act_lo || g.act[i] > act_hi || g.wgt[i] < -128 || g.wgt[i] > 127) std::abort();
    }
    if (p.rounding >= hw::kRoundingCodes || p.shift < hw::shift_min(p.rounding) || p.shift > hw::shift_max(p.rounding) ||
        p.multiplier < 0 || p.multiplier > hw::multiplier_max(p.rounding) || p.zero_point < hw::kOutParamMin ||
        p.zero_point > hw::kOutParamMax || p.min < act_lo || p.max > act_hi || p.min > p.max) {
        std::abort();
    }
    // fp32_wrap's wrapped zero point gives max(127, min), above max under a ReLU6-like bound
    const std::int32_t hi = p.rounding == hw::kRoundFp32Wrap && p.max < 127 ? 127 : p.max;
    if (g.y < p.min || g.y > hi) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    for (int lanes : qmac::hw::kPrebuiltLanes) {
        for (bool act_signed : {true, false}) {
            std::istringstream in(text);
            try {
                qmac::tb::FileGroups groups(in, "fuzz.txt", lanes, act_signed);
                qmac::tb::Group g;
                while (groups.next(g)) check(g, lanes, act_signed);
            } catch (const qmac::tb::VectorFileError&) {
            }
        }
    }
    return 0;
}
