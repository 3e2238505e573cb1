// The Verilated qmac_mvu (--cc models of the prebuilt shapes, rtl/CMakeLists.txt) behind the MvuDut
// interface: make_rtl_mvu.
#define QMAC_PREBUILT_INCLUDE_MODELS
#include "prebuilt_mvu_models.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "mvu_dut.hpp"
#include "verilated.h"
#include "verilated_fst_c.h"

namespace qmac::tb {
namespace {

// Byte i of a port of any Verilator representation (CData .. QData, VlWide), read and written.
template <class T>
std::uint8_t get_byte(const T& p, int i) {
    return static_cast<std::uint8_t>(static_cast<std::uint64_t>(p) >> (8 * i));
}
template <std::size_t N>
std::uint8_t get_byte(const VlWide<N>& p, int i) {
    return static_cast<std::uint8_t>(p[static_cast<std::size_t>(i / 4)] >> (8 * (i % 4)));
}
template <class T>
void set_bytes(T& p, const std::uint8_t* bytes, int n) {
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= std::uint64_t{bytes[i]} << (8 * i);
    p = static_cast<T>(v);
}
template <std::size_t N>
void set_bytes(VlWide<N>& p, const std::uint8_t* bytes, int n) {
    for (std::size_t w = 0; w < N; ++w) p[w] = 0;
    for (int i = 0; i < n; ++i) p[static_cast<std::size_t>(i / 4)] |= std::uint32_t{bytes[i]} << (8 * (i % 4));
}

// Model: a Verilated class (e.g. Vqmac_mvu_p4s8k4096n1024); Latency: its exported LATENCY.
template <class Model, int Pe, int Simd, int MaxK, int MaxN, int Latency>
class RtlMvuDut final : public MvuDut {
public:
    RtlMvuDut(bool x_random, std::uint64_t seed) : ctx_(new VerilatedContext) {
        // Registers without reset (and the memories) start random when asked (--x-initial unique), else zero.
        ctx_->randReset(x_random ? 2 : 0);
        ctx_->randSeed(static_cast<int>(seed & 0x7fffffff));
        ctx_->traceEverOn(true);
        m_.reset(new Model(ctx_.get()));
        m_->clk_i = 0;
        m_->rst_i = 0;
        m_->eval();
    }
    ~RtlMvuDut() override {
        close_trace();
        m_->final();
    }
    const char* name() const override { return "rtl"; }
    hw::MvuShape shape() const override { return {Pe, Simd, MaxK, MaxN}; }
    int latency() const override { return Latency; }

    MvuOutputs outputs() const override {
        MvuOutputs o;
        o.cfg_ready = m_->s_cfg_tready != 0;
        o.s_ready = m_->s_axis_tready != 0;
        o.m_valid = m_->m_axis_tvalid != 0;
        for (int p = 0; p < Pe; ++p) o.m_data[static_cast<std::size_t>(p)] = get_byte(m_->m_axis_tdata, p);
        o.m_last = m_->m_axis_tlast != 0;
        o.configured = m_->configured_o != 0;
        o.err_cfg = m_->err_cfg_o != 0;
        o.err_tlast = m_->err_tlast_o != 0;
        return o;
    }

    void edge(const MvuInputs& in) override {
        m_->rst_i = in.rst;
        m_->s_cfg_tvalid = in.cfg_valid;
        m_->s_cfg_tdata = in.cfg_data;
        m_->s_cfg_tlast = in.cfg_last;
        m_->s_axis_tvalid = in.s_valid;
        set_bytes(m_->s_axis_tdata, in.s_data.data(), Simd);
        m_->s_axis_tlast = in.s_last;
        m_->m_axis_tready = in.m_ready;
        m_->clk_i = 1;
        m_->eval();
        if (trace_) trace_->dump(2 * cycle_ + 1);
        m_->clk_i = 0;
        m_->eval();
        if (trace_) trace_->dump(2 * cycle_ + 2);
        ++cycle_;
    }

    bool open_trace(const std::string& path) override {
        close_trace();
        trace_.reset(new VerilatedFstC);
        m_->trace(trace_.get(), 99);
        trace_->open(path.c_str());
        return trace_->isOpen();
    }
    void close_trace() override {
        if (trace_) {
            trace_->close();
            trace_.reset();
        }
    }

private:
    std::unique_ptr<VerilatedContext> ctx_;
    std::unique_ptr<Model> m_;
    std::unique_ptr<VerilatedFstC> trace_;
    std::uint64_t cycle_ = 0;
};

}  // namespace

std::unique_ptr<MvuDut> make_rtl_mvu(const hw::MvuShape& shape, bool x_random, std::uint64_t seed) {
#define QMAC_RTL_MVU(PE, SIMD, MK, MN)                                                                              \
    if (shape.pe == PE && shape.simd == SIMD && shape.max_k == MK && shape.max_n == MN) {                          \
        using Model = Vqmac_mvu_p##PE##s##SIMD##k##MK##n##MN;                                                      \
        return std::make_unique<RtlMvuDut<Model, PE, SIMD, MK, MN, Vqmac_mvu_p##PE##s##SIMD##k##MK##n##MN##_qmac_mvu::LATENCY>>( \
            x_random, seed);                                                                                        \
    }
    QMAC_FOR_EACH_PREBUILT_MVU(QMAC_RTL_MVU)
#undef QMAC_RTL_MVU
    return nullptr;
}

}  // namespace qmac::tb
