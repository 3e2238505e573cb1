// The exact-width helpers (hls/types.hpp) and the portable stream (hls/stream.hpp) at their edges.
#include <catch2/catch.hpp>

#include <cstdint>

#include "qmac/hls/stream.hpp"
#include "qmac/hls/types.hpp"

using namespace qmac::hls;

TEST_CASE("wrap_to takes the low bits as two's complement without implementation-defined conversions", "[hls][types]") {
    CHECK(wrap_to<std::int8_t>(std::int32_t{127}) == 127);
    CHECK(wrap_to<std::int8_t>(std::int32_t{128}) == -128);
    CHECK(wrap_to<std::int8_t>(std::int32_t{255}) == -1);
    CHECK(wrap_to<std::int8_t>(std::int32_t{-129}) == 127);
    CHECK(wrap_to<std::uint8_t>(std::int32_t{-1}) == 255);
    CHECK(wrap_to<std::int32_t>(std::uint32_t{0x80000000u}) == INT32_MIN);
    CHECK(wrap_to<std::int32_t>(std::uint32_t{0xFFFFFFFFu}) == -1);
    CHECK(wrap_to<std::int32_t>(std::int64_t{0x180000000LL}) == INT32_MIN);
    CHECK(wrap_to<std::int16_t>(std::int64_t{-32769}) == 32767);
    static_assert(wrap_to<std::int8_t>(std::int32_t{-128}) == -128, "usable in constant expressions");
}

TEST_CASE("sign_field reads the contract's int6 and int9 fields as their wires would", "[hls][types]") {
    CHECK(sign_field<6>(std::int8_t{-31}) == -31);
    CHECK(sign_field<6>(std::int8_t{30}) == 30);
    CHECK(sign_field<6>(std::int8_t{31}) == 31);
    CHECK(sign_field<6>(std::int8_t{32}) == -32);   // bit 5 set: negative in 6 bits
    CHECK(sign_field<6>(std::int8_t{-33}) == 31);   // only the low 6 bits reach the kernel
    CHECK(sign_field<9>(std::int16_t{255}) == 255);
    CHECK(sign_field<9>(std::int16_t{-256}) == -256);
    CHECK(sign_field<9>(std::int16_t{256}) == -256);
    CHECK(sign_field<9>(std::int16_t{-128}) == -128);
    CHECK(unsigned_field<2>(std::uint8_t{7}) == 3);
    CHECK(unsigned_field<2>(std::uint8_t{6}) == 2);
}

TEST_CASE("wrapping adds and shifts and floor shifts of negative numbers", "[hls][types]") {
    CHECK(add_wrap32(INT32_MAX, 1) == INT32_MIN);
    CHECK(add_wrap32(INT32_MIN, -1) == INT32_MAX);
    CHECK(add_wrap32(INT32_MIN, INT32_MIN) == 0);
    CHECK(shl_wrap32(1, 31) == INT32_MIN);
    CHECK(shl_wrap32(-1, 31) == INT32_MIN);
    CHECK(shl_wrap32(3, 31) == INT32_MIN);
    CHECK(shl_wrap32(0x40000000, 1) == INT32_MIN);
    CHECK(shl_wrap32(-5, 0) == -5);
    CHECK(asr64(-1, 1) == -1);
    CHECK(asr64(-2, 1) == -1);
    CHECK(asr64(-3, 1) == -2);
    CHECK(asr64(INT64_MIN, 63) == -1);
    CHECK(asr64(INT64_MAX, 62) == 1);
    CHECK(asr64(-7, 0) == -7);
    CHECK(saturate_int32(std::int64_t{INT32_MAX} + 1) == INT32_MAX);
    CHECK(saturate_int32(std::int64_t{INT32_MIN} - 1) == INT32_MIN);
    CHECK(mul_32x32(INT32_MIN, INT32_MIN) == (std::int64_t{1} << 62));
    for (std::int64_t x = -70000; x <= 70000; x += 7) {
        for (int s = 0; s < 20; ++s) REQUIRE(asr64(x, s) == (x >> s));  // g++: arithmetic shift
    }
}

TEST_CASE("portable stream: FIFO order with wrap-around and full/empty/overflow/underflow flags", "[hls][stream]") {
    stream<int, 3> s;
    CHECK(s.empty());
    CHECK_FALSE(s.full());
    for (int round = 0; round < 5; ++round) {  // the ring buffer wraps several times
        s.write(round * 10 + 1);
        s << round * 10 + 2;
        CHECK(s.size() == 2);
        CHECK(s.read() == round * 10 + 1);
        int v = 0;
        s >> v;
        CHECK(v == round * 10 + 2);
    }
    s.write(1);
    s.write(2);
    s.write(3);
    CHECK(s.full());
    CHECK_FALSE(s.write_nb(4));
    CHECK_FALSE(s.overflowed());
    s.write(4);  // hls::stream would block forever here
    CHECK(s.overflowed());
    CHECK(s.read() == 1);
    CHECK(s.read() == 2);
    CHECK(s.read() == 3);
    int v = 7;
    CHECK_FALSE(s.read_nb(v));
    CHECK(v == 7);
    CHECK_FALSE(s.underflowed());
    CHECK(s.read() == 0);
    CHECK(s.underflowed());
    CHECK(QMAC_HLS_VENDOR_STREAM == 0);  // test_hls is the portable build (QMAC_HLS_PORTABLE_STREAM): the portable FIFO is tested
}
