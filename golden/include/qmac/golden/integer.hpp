// Integer ranges, saturation and two's-complement wrapping: the only places qmac narrows an integer.
#pragma once

#include <cstdint>

namespace qmac::golden {

// The closed interval an integer type holds.
struct IntRange {
    std::int64_t min;
    std::int64_t max;
    bool contains(std::int64_t v) const { return v >= min && v <= max; }
};

// [-2^(bits-1), 2^(bits-1) - 1], bits in [1, 63].
IntRange signed_range(int bits);
// [0, 2^bits - 1], bits in [1, 62].
IntRange unsigned_range(int bits);
// The seed's symmetric range [-(2^(bits-1) - 1), 2^(bits-1) - 1]: the most negative code is unused.
IntRange symmetric_range(int bits);

// saturate(v, r) = min(max(v, r.min), r.max).
constexpr std::int64_t saturate(std::int64_t v, IntRange r) { return v < r.min ? r.min : (v > r.max ? r.max : v); }

// wrap_int32(v) = v mod 2^32 read as two's complement: what a 32-bit hardware adder keeps.
constexpr std::int32_t wrap_int32(std::int64_t v) {
    const std::uint32_t low = static_cast<std::uint32_t>(static_cast<std::uint64_t>(v));
    return low >= 0x80000000u ? static_cast<std::int32_t>(static_cast<std::int64_t>(low) - 0x100000000LL)
                              : static_cast<std::int32_t>(low);
}

// saturate_int32(v) = saturate(v, signed_range(32)).
constexpr std::int32_t saturate_int32(std::int64_t v) {
    return static_cast<std::int32_t>(v < INT32_MIN ? INT32_MIN : (v > INT32_MAX ? INT32_MAX : v));
}

}  // namespace qmac::golden
