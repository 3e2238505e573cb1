#include "contract.hpp"

#include <algorithm>

namespace qmac::tb {

std::int32_t golden_output(std::int32_t acc, const OutParams& p) {
    return golden::requantize_fixed(acc, golden::QuantizedMultiplier{p.multiplier, p.shift}, hls_tb::golden_rounding(p.rounding),
                                    golden::OutputStage{p.zero_point, p.min, p.max});
}

OutParams random_params(std::mt19937_64& rng, bool out_signed, int acc_bits) {
    OutParams p;
    const auto u = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    p.rounding = static_cast<unsigned>(u(0, 3));
    const int kind = static_cast<int>(u(0, 9));
    if (kind < 7) {  // real multiplier near 2^-(acc_bits - 8): outputs spread over the 8-bit range
        p.multiplier = static_cast<std::int32_t>(u(std::int64_t{1} << 30, (std::int64_t{1} << 31) - 1));
        p.shift = static_cast<int>(std::clamp<std::int64_t>(8 - acc_bits + u(-4, 1), hw::kShiftMin, hw::kShiftMax));
    } else if (kind < 9) {
        p.multiplier = static_cast<std::int32_t>(u(0, (std::int64_t{1} << 31) - 1));
        p.shift = static_cast<int>(u(hw::kShiftMin, hw::kShiftMax));
    } else {
        static const std::int32_t edges[] = {0, 1, 1 << 30, 0x7fffffff};
        p.multiplier = edges[u(0, 3)];
        p.shift = static_cast<int>(u(hw::kShiftMin, hw::kShiftMax));
    }
    const std::int64_t lo = out_signed ? -128 : 0;
    const std::int64_t hi = out_signed ? 127 : 255;
    p.zero_point = static_cast<std::int32_t>(u(0, 3) == 0 ? u(-128, 255) : u(lo + 32, hi - 32));
    if (u(0, 1) == 0) {
        p.min = static_cast<std::int32_t>(lo);
        p.max = static_cast<std::int32_t>(hi);
    } else {
        std::int64_t a = u(lo, hi), b = u(lo, hi);
        if (a > b) std::swap(a, b);
        p.min = static_cast<std::int32_t>(a);
        p.max = static_cast<std::int32_t>(b);
    }
    return p;
}

}  // namespace qmac::tb
