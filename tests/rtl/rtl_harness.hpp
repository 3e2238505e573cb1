// Small helpers for driving Verilator --cc models of rtl/ from Catch2 tests.
#pragma once

#include <cstdint>
#include <memory>
#include <random>

#include "verilated.h"

#include "qmac/golden/requantize.hpp"

namespace qmac::rtl_test {

// A Verilated model with its own context; uninitialised state (data registers without reset) starts
// random (--x-initial unique + randReset(2)), so that a test cannot pass on zero-initialised registers.
template <class Model>
struct Harness {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Model> m;
    explicit Harness(std::uint64_t seed) : ctx(new VerilatedContext) {
        ctx->randReset(2);
        ctx->randSeed(static_cast<int>(seed & 0x7fffffff));
        m.reset(new Model(ctx.get()));
        m->clk_i = 0;
        m->eval();
    }
    ~Harness() { m->final(); }
    // One rising edge; inputs set before the call are sampled at it.
    void step() {
        m->clk_i = 1;
        m->eval();
        m->clk_i = 0;
        m->eval();
    }
};

// Port writers: value v of `bits` bits at bit offset `lsb`, for every Verilator port representation.
template <class T>
inline void put_bits(T& port, int lsb, int bits, std::uint64_t v) {
    const T mask = static_cast<T>(((bits >= 64) ? ~0ull : ((1ull << bits) - 1)) << lsb);
    port = static_cast<T>((port & ~mask) | ((static_cast<T>(v) << lsb) & mask));
}
template <std::size_t N>
inline void put_bits(VlWide<N>& port, int lsb, int bits, std::uint64_t v) {
    for (int i = 0; i < bits; ++i) {
        const int b = lsb + i;
        const std::uint32_t bit = 1u << (b % 32);
        if ((v >> i) & 1u) port[b / 32] |= bit;
        else port[b / 32] &= ~bit;
    }
}

// Two's complement value of the low `bits` bits.
inline std::int64_t sign_extend(std::uint64_t v, int bits) {
    const std::uint64_t m = 1ull << (bits - 1);
    v &= (bits >= 64) ? ~0ull : ((1ull << bits) - 1);
    return static_cast<std::int64_t>((v ^ m) - m);
}

inline golden::FixedPointRounding rounding_of(unsigned code) {
    switch (code & 3u) {
    case 1: return golden::FixedPointRounding::Single;
    case 2: return golden::FixedPointRounding::TruncateTowardZero;
    default: return golden::FixedPointRounding::Double;  // 0, and 3 (reserved) behaves as 0
    }
}

// The per-output parameters of the contract.
struct OutParams {
    std::int32_t bias = 0;
    std::int32_t multiplier = 0;
    int shift = 0;
    unsigned rounding = 0;
    std::int32_t zero_point = 0;
    std::int32_t min = -128;
    std::int32_t max = 127;
};

inline std::int32_t golden_requant(std::int32_t acc, const OutParams& p) {
    return golden::requantize_fixed(acc, golden::QuantizedMultiplier{p.multiplier, p.shift}, rounding_of(p.rounding),
                                    golden::OutputStage{p.zero_point, p.min, p.max});
}

// Random legal per-output parameters. The multiplier/shift mix keeps a good share of outputs off the
// clamp bounds for accumulators of about acc_bits bits, and also covers the whole legal range.
inline OutParams random_params(std::mt19937_64& rng, bool out_signed, int acc_bits) {
    OutParams p;
    auto u = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    p.rounding = static_cast<unsigned>(u(0, 3));
    const int kind = static_cast<int>(u(0, 9));
    if (kind < 7) {
        // real multiplier around 2^-(acc_bits - 8): outputs spread over the 8-bit range
        p.multiplier = static_cast<std::int32_t>(u(std::int64_t{1} << 30, (std::int64_t{1} << 31) - 1));
        p.shift = static_cast<int>(std::max<std::int64_t>(-31, std::min<std::int64_t>(30, 8 - acc_bits + u(-3, 3))));
    } else if (kind < 9) {
        p.multiplier = static_cast<std::int32_t>(u(0, (std::int64_t{1} << 31) - 1));
        p.shift = static_cast<int>(u(-31, 30));
    } else {
        static const std::int32_t edges[] = {0, 1, 1 << 30, 0x7fffffff};
        p.multiplier = edges[u(0, 3)];
        p.shift = static_cast<int>(u(-31, 30));
    }
    const std::int64_t lo = out_signed ? -128 : 0;
    const std::int64_t hi = out_signed ? 127 : 255;
    p.zero_point = static_cast<std::int32_t>(u(0, 3) == 0 ? u(-128, 255) : u(lo, hi));
    if (u(0, 2) == 0) {
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

}  // namespace qmac::rtl_test
