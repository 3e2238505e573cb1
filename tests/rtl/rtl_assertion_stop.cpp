// A violated assertion of rtl/qmac_dot_assertions.sv stops a Verilated simulation with a message naming it.
//
//   rtl_assertion_stop CASE
//
// Drives a prebuilt Verilated qmac_dot (LANES=4, int8; uint8 for the *_u cases) through a reset and a few
// hundred legal groups with random output back-pressure, then (unless CASE is "legal") one last beat whose
// parameters break one rule of the contract, and keeps clocking. The models are built with --assert, so
// Verilator prints "Assertion failed in ...<label>: qmac_dot: <label>: ..." and sets gotFinish(), as $stop
// does; fatalOnError is off so that this program, rather than abort(), reports where the simulation stopped:
//   "stopped by an assertion on the edge that accepted the violating beat (cycle C)"   exit 1
//   "ran N cycles, M outputs, no assertion failed"                                      exit 0
// ctest checks the message and the label for each case (tests/rtl/CMakeLists.txt).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "Vqmac_dot_l4s.h"
#include "Vqmac_dot_l4u.h"
#include "contract.hpp"
#include "rtl_harness.hpp"
#include "verilated.h"

namespace {

using qmac::tb::OutParams;
namespace hw = qmac::hw;

struct Case {
    const char* name;
    bool act_signed;
    OutParams p;  // the violating last beat's parameters (ignored for "legal")
};

OutParams legal(unsigned rounding, int shift) {
    OutParams p;
    p.bias = 1000;
    p.multiplier = 1 << 30;
    p.shift = shift;
    p.rounding = rounding;
    return p;
}

Case make_case(const std::string& name) {
    if (name == "legal") return {"legal", true, legal(hw::kRoundDouble, 0)};
    if (name == "legal_u") return {"legal_u", false, legal(hw::kRoundDouble, 0)};
    OutParams p = legal(hw::kRoundSingle, -3);
    bool act_signed = true;
    if (name == "shift_31_single") {
        p.shift = 31;  // legal for double rounding only
    } else if (name == "shift_31_single_away") {
        p.rounding = hw::kRoundSingleAway;
        p.shift = 31;  // single_away stops at 30
    } else if (name == "shift_minus_32") {
        p.rounding = hw::kRoundDouble;
        p.shift = -32;
    } else if (name == "fp32_shift_1") {
        p.rounding = hw::kRoundFp32;
        p.multiplier = 0x3F800000;  // 1.0f
        p.shift = 1;                // fp32 takes shift 0 only
    } else if (name == "negative_multiplier") {
        p.multiplier = -5;
    } else if (name == "fp32_multiplier_inf") {
        p.rounding = hw::kRoundFp32;
        p.shift = 0;
        p.multiplier = 0x7F800000;  // +inf: above the largest finite float32
    } else if (name == "min_above_max") {
        p.min = 10;
        p.max = -10;
    } else if (name == "clamp_outside_int8") {
        p.max = 200;  // [-128, 200] lies in neither int8 nor uint8
    } else if (name == "clamp_mixed_types") {
        p.min = -1;
        p.max = 128;
    } else if (name == "clamp_above_range") {
        p.min = 0;
        p.max = 256;
    } else if (name == "clamp_outside_uint8_u") {
        act_signed = false;
        p.min = -1;
        p.max = 255;
    } else if (name == "zero_point_below_range") {
        p.zero_point = -129;
    } else {
        std::fprintf(stderr, "rtl_assertion_stop: unknown case '%s'\n", name.c_str());
        std::exit(2);
    }
    return {"violation", act_signed, p};
}

template <class Model>
int run(const Case& c, bool violate) {
    qmac::rtl_test::Harness<Model> h(7);
    h.ctx->fatalOnError(false);  // $error -> gotFinish(), reported below instead of abort()
    auto& m = *h.m;
    qmac::hls_tb::SplitMix64 rng(7);

    m.rst_i = 1;
    m.s_valid_i = 0;
    m.m_ready_i = 0;
    for (int i = 0; i < 3; ++i) h.step();
    m.rst_i = 0;

    constexpr int kLegalGroups = 300;
    int groups = 0, left = 0;
    std::uint64_t cycle = 0, outputs = 0;
    std::int64_t violating_cycle = -1;
    bool valid = false;
    OutParams p;
    for (; cycle < 20000 && !h.ctx->gotFinish(); ++cycle) {
        if (!valid && groups <= kLegalGroups && (rng() & 3) != 0) {  // a new beat, with input bubbles
            if (left == 0) left = 1 + static_cast<int>(rng() % 4);
            valid = true;
            --left;
            const bool last = left == 0;
            // Legal parameters at the corners of the contract, on every beat (don't-care unless last).
            // The output type (int8 or uint8 codes) is independent of the activations' signedness.
            const auto r = static_cast<unsigned>(rng() % hw::kRoundingCodes);
            p = legal(r, (rng() & 1) ? hw::shift_min(r) : hw::shift_max(r));
            if (rng() & 1) p.multiplier = hw::multiplier_max(r);
            const bool out_signed = (rng() & 1) != 0;
            p.zero_point = (rng() & 1) ? hw::kOutParamMin : hw::kOutParamMax;
            p.min = out_signed ? -128 : 0;
            p.max = (rng() & 1) ? p.min : (out_signed ? 127 : 255);
            if (last && ++groups > kLegalGroups && violate) p = c.p;
            for (int i = 0; i < 4; ++i) {
                qmac::rtl_test::put_bits(m.s_act_i, hw::kActBits * i, hw::kActBits, rng());
                qmac::rtl_test::put_bits(m.s_wgt_i, hw::kWeightBits * i, hw::kWeightBits, rng());
            }
            m.s_last_i = last;
            qmac::tb::drive_dot_params(m, p);
        }
        m.s_valid_i = valid;
        m.m_ready_i = (rng() % 3) != 0;  // back-pressure: the output must hold
        m.eval();
        if (m.m_valid_o && m.m_ready_i) ++outputs;
        const bool accepted = valid && m.s_ready_o;
        if (accepted && m.s_last_i && groups > kLegalGroups && violate) violating_cycle = static_cast<std::int64_t>(cycle);
        if (accepted) valid = false;
        h.step();
    }
    if (h.ctx->gotFinish()) {
        const std::int64_t stop = static_cast<std::int64_t>(cycle) - 1;
        if (stop == violating_cycle) {
            std::printf("rtl_assertion_stop: stopped by an assertion on the edge that accepted the violating beat (cycle %lld)\n",
                        static_cast<long long>(stop));
        } else {
            std::printf("rtl_assertion_stop: stopped by an assertion at cycle %lld, the violating beat was accepted at cycle %lld\n",
                        static_cast<long long>(stop), static_cast<long long>(violating_cycle));
        }
        std::fflush(stdout);
        return 1;
    }
    std::printf("rtl_assertion_stop: ran %llu cycles, %llu outputs, no assertion failed%s\n",
                static_cast<unsigned long long>(cycle), static_cast<unsigned long long>(outputs),
                violate ? " (the violating beat went unnoticed)" : "");
    return violate ? 3 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: rtl_assertion_stop CASE\n");
        return 2;
    }
    const std::string name = argv[1];
    const Case c = make_case(name);
    const bool violate = std::strcmp(c.name, "violation") == 0;
    return c.act_signed ? run<Vqmac_dot_l4s>(c, violate) : run<Vqmac_dot_l4u>(c, violate);
}
