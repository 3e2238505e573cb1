#include "contract.hpp"

#include <algorithm>

namespace qmac::tb {

std::int32_t golden_output(std::int32_t acc, const OutParams& p) {
    return golden::requantize_fixed(acc, golden::QuantizedMultiplier{p.multiplier, p.shift}, hls_tb::golden_rounding(p.rounding),
                                    golden::OutputStage{p.zero_point, p.min, p.max});
}

}  // namespace qmac::tb
