// make_hls_mvu: the HLS layer engine (qmac::hls::qmac_mvu_step, the code users synthesize) as an MvuDut,
// one qmac_mvu_step per clock edge. Its ready and valid outputs are functions of the kernel's state (register
// outputs, as the RTL's), so the two run in lockstep in the SystemC testbench. One instantiation per prebuilt
// configuration of the contract (hw::kMvuPrebuilt).
#include <cstddef>
#include <memory>
#include <utility>

#include "mvu_dut.hpp"
#include "qmac/hls/qmac_mvu.hpp"

namespace qmac::tb {
namespace {

// LATENCY of this model (docs/mvu.md: from the edge of a fold's last MAC step to the edge after which its
// beat is valid): the shared requantizer's serializer takes one channel per edge and its last edge puts
// the beat into the output queue. The RTL's figure comes from its own pipeline (rtl/qmac_mvu.sv).
constexpr int hls_mvu_latency(int pe) { return pe; }

template <std::size_t I>
class HlsMvuDut final : public MvuDut {
public:
    static constexpr hw::MvuShape kShape = hw::kMvuPrebuilt[I];
    using Config = hls::qmac_mvu_config<kShape.pe, kShape.simd, kShape.max_k, kShape.max_n>;

    // The state holds the weight memory (MAX_K x MAX_N 16-bit words): on the heap, allocated once.
    HlsMvuDut() : st_(std::make_unique<hls::qmac_mvu_state<Config>>()) { hls::qmac_mvu_reset(*st_); }
    const char* name() const override { return "hls"; }
    hw::MvuShape shape() const override { return kShape; }
    int latency() const override { return hls_mvu_latency(kShape.pe); }

    MvuOutputs outputs() const override {
        const hls::qmac_mvu_state<Config>& st = *st_;
        MvuOutputs o;
        o.cfg_ready = hls::qmac_mvu_cfg_ready(st);
        o.s_ready = hls::qmac_mvu_in_ready(st);
        o.m_valid = hls::qmac_mvu_out_valid(st);
        for (int p = 0; p < kShape.pe; ++p) o.m_data[static_cast<std::size_t>(p)] = st.out_data[st.out_head][p];
        o.m_last = st.out_last[st.out_head];
        o.configured = st.configured;
        o.err_cfg = st.err_cfg;
        o.err_tlast = st.err_tlast;
        return o;
    }

    void edge(const MvuInputs& in) override {
        if (in.rst) {
            hls::qmac_mvu_reset(*st_);
            return;
        }
        in_.cfg_valid = in.cfg_valid;
        in_.cfg_data = in.cfg_data;
        in_.cfg_last = in.cfg_last;
        in_.s_valid = in.s_valid;
        for (int s = 0; s < kShape.simd; ++s) in_.s_beat.data[s] = in.s_data[static_cast<std::size_t>(s)];
        in_.s_beat.last = in.s_last;
        in_.m_ready = in.m_ready;
        hls::qmac_mvu_step(*st_, in_, fired_);
    }

private:
    std::unique_ptr<hls::qmac_mvu_state<Config>> st_;
    hls::qmac_mvu_inputs<Config> in_{};
    hls::qmac_mvu_fired<Config> fired_{};
};

template <std::size_t... I>
std::unique_ptr<MvuDut> make_prebuilt(const hw::MvuShape& s, std::index_sequence<I...>) {
    std::unique_ptr<MvuDut> dut;
    const auto match = [&](auto made, const hw::MvuShape& p) {
        if (!dut && p.pe == s.pe && p.simd == s.simd && p.max_k == s.max_k && p.max_n == s.max_n) dut = made();
    };
    (match([] { return std::unique_ptr<MvuDut>(new HlsMvuDut<I>()); }, hw::kMvuPrebuilt[I]), ...);
    return dut;
}

}  // namespace

std::unique_ptr<MvuDut> make_hls_mvu(const hw::MvuShape& shape) {
    return make_prebuilt(shape, std::make_index_sequence<hw::kMvuPrebuiltCount>());
}

}  // namespace qmac::tb
