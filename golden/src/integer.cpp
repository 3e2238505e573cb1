#include "qmac/golden/integer.hpp"

#include <stdexcept>
#include <string>

namespace qmac::golden {

IntRange signed_range(int bits) {
    if (bits < 1 || bits > 63) throw std::invalid_argument("signed_range: bits must be in [1, 63], got " + std::to_string(bits));
    return {-(std::int64_t{1} << (bits - 1)), (std::int64_t{1} << (bits - 1)) - 1};
}

IntRange unsigned_range(int bits) {
    if (bits < 1 || bits > 62) throw std::invalid_argument("unsigned_range: bits must be in [1, 62], got " + std::to_string(bits));
    return {0, (std::int64_t{1} << bits) - 1};
}

IntRange symmetric_range(int bits) {
    if (bits < 2 || bits > 63) throw std::invalid_argument("symmetric_range: bits must be in [2, 63], got " + std::to_string(bits));
    const std::int64_t m = (std::int64_t{1} << (bits - 1)) - 1;
    return {-m, m};
}

}  // namespace qmac::golden
