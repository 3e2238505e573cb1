// Small helpers for driving Verilator --cc models of rtl/ from Catch2 tests.
#pragma once

#include <cstdint>
#include <memory>

#include "verilated.h"

#include "contract.hpp"

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

}  // namespace qmac::rtl_test
