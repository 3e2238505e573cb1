// Exact-width integers for the qmac HLS kernel, with every narrowing and every wrap written out.
//
// The kernel computes in the C++ fixed-width types (std::int8_t .. std::int64_t), which every HLS tool
// synthesizes at their width, and never relies on undefined or implementation-defined behaviour:
// - no signed overflow: sums that may leave their type are done in the unsigned type of the same width
//   (modulo 2^N by the standard) and converted back with wrap_to, which does not use the
//   implementation-defined unsigned -> signed conversion;
// - no shift by a negative amount or by >= the width: shift amounts are range-checked by the caller's
//   static bounds and documented at each function; arithmetic right shifts of negative numbers are written
//   as shifts of non-negative numbers (asr);
// - every narrowing conversion goes through narrow_to / wrap_to / field functions, whose static_asserts
//   refuse a conversion that is not narrowing in the direction the name says.
// AMD's ap_int.h is not used: the kernel's values are 8, 16, 32 and 64 bits wide except for the contract's
// 6- and 9-bit fields, which are held in int8/int16 and read through sign_field (the bits an RTL port has).
#pragma once

#include <cstdint>

namespace qmac {
namespace hls {

// --- Type properties (C++14, usable in constant expressions) ----------------------------------------------

template <typename T> struct int_traits;  // only the fixed-width types below are supported
#define QMAC_HLS_INT_TRAITS(T, BITS, SIGNED, UNSIGNED_T)                                                        \
    template <> struct int_traits<T> {                                                                       \
        static const int bits = BITS;                                                                        \
        static const bool is_signed = SIGNED;                                                                \
        typedef UNSIGNED_T unsigned_type;                                                                    \
    };
QMAC_HLS_INT_TRAITS(std::int8_t, 8, true, std::uint8_t)
QMAC_HLS_INT_TRAITS(std::uint8_t, 8, false, std::uint8_t)
QMAC_HLS_INT_TRAITS(std::int16_t, 16, true, std::uint16_t)
QMAC_HLS_INT_TRAITS(std::uint16_t, 16, false, std::uint16_t)
QMAC_HLS_INT_TRAITS(std::int32_t, 32, true, std::uint32_t)
QMAC_HLS_INT_TRAITS(std::uint32_t, 32, false, std::uint32_t)
QMAC_HLS_INT_TRAITS(std::int64_t, 64, true, std::uint64_t)
QMAC_HLS_INT_TRAITS(std::uint64_t, 64, false, std::uint64_t)
#undef QMAC_HLS_INT_TRAITS

// The smallest fixed-width type holding BITS bits of the given signedness: int_t<9, true> is std::int16_t.
template <int BITS, bool SIGNED> struct int_for_bits {
    static_assert(BITS >= 1 && BITS <= 64, "int_for_bits: BITS must be in [1, 64]");
    typedef typename int_for_bits<(BITS <= 8 ? 8 : BITS <= 16 ? 16 : BITS <= 32 ? 32 : 64), SIGNED>::type type;
};
template <> struct int_for_bits<8, true> { typedef std::int8_t type; };
template <> struct int_for_bits<8, false> { typedef std::uint8_t type; };
template <> struct int_for_bits<16, true> { typedef std::int16_t type; };
template <> struct int_for_bits<16, false> { typedef std::uint16_t type; };
template <> struct int_for_bits<32, true> { typedef std::int32_t type; };
template <> struct int_for_bits<32, false> { typedef std::uint32_t type; };
template <> struct int_for_bits<64, true> { typedef std::int64_t type; };
template <> struct int_for_bits<64, false> { typedef std::uint64_t type; };
template <int BITS, bool SIGNED> using int_t = typename int_for_bits<BITS, SIGNED>::type;

// True when every value of From is a value of To (a conversion From -> To is widening).
template <typename From, typename To> struct holds_all {
    static const bool value =
        int_traits<From>::is_signed == int_traits<To>::is_signed
            ? int_traits<To>::bits >= int_traits<From>::bits
            : (!int_traits<From>::is_signed && int_traits<To>::bits > int_traits<From>::bits);
};

// --- Conversions ----------------------------------------------------------------------------------------

// widen<To>(x) = x. Refuses at compile time any conversion that could change a value.
template <typename To, typename From> constexpr To widen(From x) {
    static_assert(holds_all<From, To>::value, "widen: the target type does not hold every source value");
    return static_cast<To>(x);
}

// wrap_to<To>(x) = x mod 2^bits(To), as a two's-complement value of To: what an RTL bit slice does.
// Written without the implementation-defined unsigned -> signed conversion: the low bits, read as a
// signed number, are u - 2^N when the top bit is set, computed as -(~u) - 1 (both fit To).
template <typename To, typename From> constexpr To wrap_to(From x) {
    static_assert(!holds_all<From, To>::value, "wrap_to: the conversion cannot wrap, use widen");
    typedef typename int_traits<To>::unsigned_type U;
    // static_cast<U>(x) is x mod 2^bits(To) by the standard, for any integer x.
    return !int_traits<To>::is_signed ? static_cast<To>(static_cast<U>(x))
           : ((static_cast<U>(x) >> (int_traits<To>::bits - 1)) & 1U) != 0
               ? static_cast<To>(-static_cast<To>(static_cast<U>(~static_cast<U>(x))) - 1)
               : static_cast<To>(static_cast<U>(x));
}

// narrow_to<To>(x) = x for an x the caller has already bounded to To's range (by a clamp or by a
// saturation just before); out of range it wraps (wrap_to), never undefined. The name records the proof
// obligation at the call site.
template <typename To, typename From> constexpr To narrow_to(From x) {
    static_assert(!holds_all<From, To>::value, "narrow_to: not a narrowing conversion, use widen");
    return wrap_to<To>(x);
}

// sign_field<BITS>(x): the low BITS bits of x read as a BITS-bit two's-complement number, sign-extended.
// The contract's int6 and int9 fields are held in int8 / int16; this is the value their BITS wires carry.
template <int BITS, typename T> constexpr T sign_field(T x) {
    static_assert(BITS >= 1 && BITS <= int_traits<T>::bits, "sign_field: BITS outside the holding type");
    typedef typename int_traits<T>::unsigned_type U;
    // Mask to BITS bits, then subtract 2^BITS when bit BITS-1 is set (in the unsigned type: no overflow).
    return wrap_to<T>(static_cast<U>(
        (static_cast<U>(x) & static_cast<U>((static_cast<std::uint64_t>(1) << BITS) - 1U)) ^
        static_cast<U>(static_cast<std::uint64_t>(1) << (BITS - 1))) -
                      static_cast<U>(static_cast<std::uint64_t>(1) << (BITS - 1)));
}

// unsigned_field<BITS>(x): the low BITS bits of x as an unsigned number.
template <int BITS, typename T> constexpr T unsigned_field(T x) {
    static_assert(BITS >= 1 && BITS < int_traits<T>::bits, "unsigned_field: BITS outside the holding type");
    return static_cast<T>(x & static_cast<T>((1U << BITS) - 1U));
}

// --- Wrapping 32-bit arithmetic (the accumulator) -------------------------------------------------------

// add_wrap32(a, b) = (a + b) mod 2^32, two's complement: the accumulator's adder.
constexpr std::int32_t add_wrap32(std::int32_t a, std::int32_t b) {
    return wrap_to<std::int32_t>(static_cast<std::uint32_t>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b)));
}

// shl_wrap32(x, s) = x * 2^s mod 2^32, s in [0, 31]: TFLite's `x * (1 << left_shift)` with its wrap made
// explicit (the shift happens on the unsigned image, where it is defined).
constexpr std::int32_t shl_wrap32(std::int32_t x, int s) {
    return wrap_to<std::int32_t>(static_cast<std::uint32_t>(static_cast<std::uint32_t>(x) << s));
}

// --- 64-bit helpers of the requantizer -------------------------------------------------------------------

// asr64(x, s) = floor(x / 2^s), s in [0, 63]: an arithmetic shift right, written on non-negative values
// (x >= 0: x >> s; x < 0: ~((~x) >> s), since ~x = -x - 1 >= 0) so that it does not rely on the
// implementation-defined shift of negative numbers before C++20.
constexpr std::int64_t asr64(std::int64_t x, int s) { return x >= 0 ? (x >> s) : ~((~x) >> s); }

// pow2_64(s) = 2^s, s in [0, 62].
constexpr std::int64_t pow2_64(int s) { return static_cast<std::int64_t>(static_cast<std::uint64_t>(1) << s); }

// mul_32x32(a, b) = a * b exactly (|a * b| <= 2^62 fits int64): the requantizer's DSP multiply.
constexpr std::int64_t mul_32x32(std::int32_t a, std::int32_t b) { return widen<std::int64_t>(a) * widen<std::int64_t>(b); }

// saturate_int32(x) = clamp(x, INT32_MIN, INT32_MAX).
constexpr std::int32_t saturate_int32(std::int64_t x) {
    return x > INT32_MAX ? INT32_MAX : x < INT32_MIN ? INT32_MIN : narrow_to<std::int32_t>(x);
}

}  // namespace hls
}  // namespace qmac
