// The Verilated qmac_mvu (--cc models of the prebuilt shapes, rtl/CMakeLists.txt) behind the MvuDut
// interface; make_rtl_mvu (rtl_mvu_dut.cpp) instantiates it for every prebuilt shape. Include the models'
// headers first (QMAC_PREBUILT_INCLUDE_MODELS + prebuilt_mvu_models.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "mvu_dut.hpp"
#include "verilated.h"
#include "verilated_model.hpp"

namespace qmac::tb {

namespace detail {

// Byte i of a port of any Verilator representation (CData .. QData, VlWide), read and written.
template <class T>
inline std::uint8_t get_byte(const T& p, int i) {
    return static_cast<std::uint8_t>(static_cast<std::uint64_t>(p) >> (8 * i));
}
template <std::size_t N>
inline std::uint8_t get_byte(const VlWide<N>& p, int i) {
    return static_cast<std::uint8_t>(p[static_cast<std::size_t>(i / 4)] >> (8 * (i % 4)));
}
template <class T>
inline void set_bytes(T& p, const std::uint8_t* bytes, int n) {
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= std::uint64_t{bytes[i]} << (8 * i);
    p = static_cast<T>(v);
}
template <std::size_t N>
inline void set_bytes(VlWide<N>& p, const std::uint8_t* bytes, int n) {
    for (std::size_t w = 0; w < N; ++w) p[w] = 0;
    for (int i = 0; i < n; ++i) p[static_cast<std::size_t>(i / 4)] |= std::uint32_t{bytes[i]} << (8 * (i % 4));
}

}  // namespace detail

// Model: a Verilated class (e.g. Vqmac_mvu_p4s8k4096n1024); Latency: its exported LATENCY.
template <class Model, int Pe, int Simd, int MaxK, int MaxN, int Latency>
class RtlMvuDut final : public MvuDut {
public:
    RtlMvuDut(bool x_random, std::uint64_t seed) : m_(x_random, seed) {}
    // The model's own context: e.g. fatalOnError(false) and gotFinish() for a test of the assertions.
    VerilatedContext& context() { return m_.context(); }
    const char* name() const override { return "rtl"; }
    hw::MvuShape shape() const override { return {Pe, Simd, MaxK, MaxN}; }
    int latency() const override { return Latency; }

    MvuOutputs outputs() const override {
        MvuOutputs o;
        o.cfg_ready = m_->s_cfg_tready != 0;
        o.s_ready = m_->s_axis_tready != 0;
        o.m_valid = m_->m_axis_tvalid != 0;
        for (int p = 0; p < Pe; ++p) o.m_data[static_cast<std::size_t>(p)] = detail::get_byte(m_->m_axis_tdata, p);
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
        detail::set_bytes(m_->s_axis_tdata, in.s_data.data(), Simd);
        m_->s_axis_tlast = in.s_last;
        m_->m_axis_tready = in.m_ready;
        m_.edge();
    }

    bool open_trace(const std::string& path) override {
        const bool open = m_.open_trace(path);
        return open;
    }
    void close_trace() override { m_.close_trace(); }

private:
    VerilatedModel<Model> m_;
};

}  // namespace qmac::tb
