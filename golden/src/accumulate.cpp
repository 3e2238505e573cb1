#include "qmac/golden/accumulate.hpp"

#include <stdexcept>
#include <string>

#include "qmac/golden/integer.hpp"

namespace qmac::golden {

std::int32_t accumulate_wrapping(const std::int32_t* x, const std::int32_t* w, std::size_t n, std::int32_t bias) {
    // Unsigned arithmetic is the modular arithmetic of a hardware adder, without signed-overflow UB.
    std::uint32_t acc = static_cast<std::uint32_t>(bias);
    for (std::size_t i = 0; i < n; ++i) {
        acc += static_cast<std::uint32_t>(static_cast<std::int64_t>(x[i]) * w[i]);
    }
    return wrap_int32(acc);
}

CheckedAccumulation accumulate_checked(const std::int32_t* x, const std::int32_t* w, std::size_t n,
                                       std::int32_t bias) {
    if (n >= (std::size_t{1} << 31)) throw std::invalid_argument("accumulate_checked: length must be below 2^31");
    std::int64_t exact = bias;
    for (std::size_t i = 0; i < n; ++i) exact += static_cast<std::int64_t>(x[i]) * w[i];
    const bool overflow = exact < INT32_MIN || exact > INT32_MAX;
    return {wrap_int32(exact), exact, overflow};
}

std::int32_t accumulate_with_zero_points(const std::int32_t* x, const std::int32_t* w, std::size_t n,
                                         std::int32_t bias, std::int32_t input_zero_point,
                                         std::int32_t weight_zero_point) {
    // The sum wraps mod 2^32 (the hardware adder), so only each product's low 32 bits count, and those are
    // the product of the offsets' low 32 bits: all of it in uint32 (no signed-overflow UB), a loop the
    // compiler vectorizes (the golden check of every `qmac run` goes through here).
    const std::uint32_t zx = static_cast<std::uint32_t>(input_zero_point);
    const std::uint32_t zw = static_cast<std::uint32_t>(weight_zero_point);
    std::uint32_t acc = static_cast<std::uint32_t>(bias);
    for (std::size_t i = 0; i < n; ++i) {
        acc += (static_cast<std::uint32_t>(x[i]) - zx) * (static_cast<std::uint32_t>(w[i]) - zw);
    }
    return wrap_int32(acc);
}

std::int32_t fold_input_zero_point(const std::int32_t* w, std::size_t n, std::int32_t bias,
                                   std::int32_t input_zero_point) {
    std::int64_t weight_sum = 0;
    for (std::size_t i = 0; i < n; ++i) weight_sum += w[i];
    const std::int64_t folded = std::int64_t{bias} - std::int64_t{input_zero_point} * weight_sum;
    if (folded < INT32_MIN || folded > INT32_MAX) {
        throw std::overflow_error("folding input zero point " + std::to_string(input_zero_point) +
                                  " into bias " + std::to_string(bias) + " gives " + std::to_string(folded) +
                                  ", outside int32");
    }
    return static_cast<std::int32_t>(folded);
}

namespace {
void require_same_length(std::size_t a, std::size_t b) {
    if (a != b) {
        throw std::invalid_argument("dot product of vectors of different lengths (" + std::to_string(a) + " and " +
                                    std::to_string(b) + ")");
    }
}
}  // namespace

std::int32_t accumulate_wrapping(const std::vector<std::int32_t>& x, const std::vector<std::int32_t>& w,
                                 std::int32_t bias) {
    require_same_length(x.size(), w.size());
    return accumulate_wrapping(x.data(), w.data(), x.size(), bias);
}

CheckedAccumulation accumulate_checked(const std::vector<std::int32_t>& x, const std::vector<std::int32_t>& w,
                                       std::int32_t bias) {
    require_same_length(x.size(), w.size());
    return accumulate_checked(x.data(), w.data(), x.size(), bias);
}

}  // namespace qmac::golden
