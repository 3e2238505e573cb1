// The Verilated qmac_dot (--cc model) behind the Dut interface, for any prebuilt configuration.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "dut.hpp"
#include "gtkwave_save.hpp"
#include "verilated.h"
#include "verilated_model.hpp"

namespace qmac::tb {

namespace detail {

// Packs 32-bit words into a port of any Verilator representation.
inline void assign_words(CData& p, const std::uint32_t* w) { p = static_cast<CData>(w[0]); }
inline void assign_words(SData& p, const std::uint32_t* w) { p = static_cast<SData>(w[0]); }
inline void assign_words(IData& p, const std::uint32_t* w) { p = w[0]; }
inline void assign_words(QData& p, const std::uint32_t* w) { p = (QData{w[1]} << 32) | w[0]; }
template <std::size_t N>
inline void assign_words(VlWide<N>& p, const std::uint32_t* w) {
    for (std::size_t i = 0; i < N; ++i) p[i] = w[i];
}

}  // namespace detail

// Model: a Verilated class (e.g. Vqmac_dot_l8s); Latency: its exported LATENCY localparam.
template <class Model, int Lanes, bool ActSigned, int Latency>
class RtlDut final : public Dut {
public:
    RtlDut(bool x_random, std::uint64_t seed) : m_(x_random, seed) {}
    const char* name() const override { return "rtl"; }
    int lanes() const override { return Lanes; }
    bool act_signed() const override { return ActSigned; }
    int latency() const override { return Latency; }

    DutOutputs outputs() const override {
        // m_data_o is y itself, kOutBits-bit signed (int8 or uint8 codes, as [out_min, out_max] chooses).
        constexpr std::uint32_t sign = 1u << (hw::kOutBits - 1);
        const std::uint32_t y = static_cast<std::uint32_t>(m_->m_data_o) & ((sign << 1) - 1u);
        return {m_->s_ready_o != 0, m_->m_valid_o != 0, static_cast<std::int32_t>(y ^ sign) - static_cast<std::int32_t>(sign)};
    }

    void edge(bool rst, bool s_valid, const InBeat& beat, bool m_ready) override {
        m_->rst_i = rst;
        m_->s_valid_i = s_valid;
        m_->m_ready_i = m_ready;
        if (s_valid) {
            // Lane i of the activations at bit i * kActBits, of the weights at i * kWeightBits (the weights are
            // w - zw, kWeightBits-bit signed: a lane may straddle two 32-bit words).
            std::uint32_t act[(Lanes * hw::kActBits + 31) / 32] = {}, wgt[(Lanes * hw::kWeightBits + 31) / 32 + 1] = {};
            for (int i = 0; i < Lanes; ++i) {
                put_lane(act, i * hw::kActBits, hw::kActBits, static_cast<std::uint32_t>(beat.act[i]));
                put_lane(wgt, i * hw::kWeightBits, hw::kWeightBits, static_cast<std::uint32_t>(beat.wgt[i]));
            }
            detail::assign_words(m_->s_act_i, act);
            detail::assign_words(m_->s_wgt_i, wgt);
            m_->s_last_i = beat.last;
            drive_dot_params(*m_, beat.params);
        }
        m_.edge();
    }

    bool open_trace(const std::string& path) override {
        const bool open = m_.open_trace(path);
        // GTKWave's view of it (FILE.gtkw): best effort, the waveform is what matters.
        if (open) (void)write_gtkwave_save(path, Lanes);
        return open;
    }
    void close_trace() override { m_.close_trace(); }

private:
    // ORs the low `bits` bits of v into words at bit `lsb` (bits <= 32; the words start zeroed).
    static void put_lane(std::uint32_t* words, int lsb, int bits, std::uint32_t v) {
        const std::uint64_t field = static_cast<std::uint64_t>(v & ((bits >= 32) ? ~0u : ((1u << bits) - 1u)))
                                    << (lsb % 32);
        words[lsb / 32] |= static_cast<std::uint32_t>(field);
        if ((field >> 32) != 0) words[lsb / 32 + 1] |= static_cast<std::uint32_t>(field >> 32);
    }

    VerilatedModel<Model> m_;
};

}  // namespace qmac::tb
