#include "hardware_layer.hpp"

#include <memory>
#include <stdexcept>

#include "accumulator_readback.hpp"
#include "contract.hpp"
#include "stream_groups.hpp"
#include "hls_beat.hpp"

namespace qmac::cli {

namespace {

constexpr int lanes = hw::kDefaultLanes;

tb::OutParams params_of(const layer::LayerSpec& L, const layer::HardwareChannel& h) {
    tb::OutParams p;
    p.bias = h.bias;
    p.multiplier = h.requant.multiplier.multiplier;
    p.shift = h.requant.multiplier.shift;
    p.rounding = hls_tb::rounding_code(h.requant.rounding);
    p.zero_point = L.output.zero_point;
    p.min = L.output.min;
    p.max = L.output.max;
    return p;
}

// The beats of output (b, c): K split into LANES-wide beats, zero-padded, parameters on the last one.
class LayerBeats {
public:
    LayerBeats(const layer::LayerSpec& L, const std::vector<layer::HardwareChannel>& channels,
               const std::vector<std::int32_t>& x, std::size_t batch, const std::vector<tb::OutParams>& params)
        : L_(L), channels_(channels), x_(x), batch_(batch), params_(params) {}
    bool next(tb::InBeat& b) {
        if (group_ >= batch_ * L_.n) return false;
        const std::size_t bi = group_ / L_.n, c = group_ % L_.n;
        b = tb::InBeat{};
        for (std::size_t i = 0; i < static_cast<std::size_t>(lanes) && start_ + i < L_.k; ++i) {
            b.act[i] = static_cast<std::int16_t>(x_[bi * L_.k + start_ + i]);
            b.wgt[i] = static_cast<std::int16_t>(channels_[c].weights[start_ + i]);
        }
        start_ += static_cast<std::size_t>(lanes);
        b.last = start_ >= L_.k;
        b.params = params_[group_];
        if (b.last) {
            start_ = 0;
            ++group_;
        }
        return true;
    }

private:
    const layer::LayerSpec& L_;
    const std::vector<layer::HardwareChannel>& channels_;
    const std::vector<std::int32_t>& x_;
    std::size_t batch_;
    const std::vector<tb::OutParams>& params_;
    std::size_t group_ = 0, start_ = 0;
};

template <bool ActSigned>
layer::LayerResult run_hls(const layer::LayerSpec& L, const std::vector<layer::HardwareChannel>& channels,
                           const std::vector<std::int32_t>& x, std::size_t batch, const std::vector<tb::OutParams>& params) {
    using Config = hls::qmac_dot_config<lanes, ActSigned>;
    layer::LayerResult r;
    r.batch = batch;
    LayerBeats beats(L, channels, x, batch, params);
    tb::InBeat b;
    std::int32_t running = 0;
    while (beats.next(b)) {
        hls::qmac_dot_result<Config> res;
        if (hls::qmac_dot_step<Config>(tb::to_hls_beat<Config>(b), running, res)) {
            r.outputs.push_back(res.y);
            r.accumulators.push_back(res.acc);
        }
    }
    return r;
}

}  // namespace

std::vector<std::string> hardware_backends() {
#ifdef QMAC_WITH_RTL
    return {"hls", "rtl"};
#else
    return {"hls"};
#endif
}

namespace {

layer::LayerResult run_requantized(const std::string& backend, const layer::LayerSpec& L,
                                   const std::vector<layer::HardwareChannel>& channels,
                                   const std::vector<std::int32_t>& x, std::size_t batch, bool want_accumulators) {
    std::vector<tb::OutParams> params;
    params.reserve(batch * L.n);
    for (std::size_t b = 0; b < batch; ++b) {
        for (std::size_t c = 0; c < L.n; ++c) params.push_back(params_of(L, channels[c]));
    }
    const bool act_signed = L.input_dtype == layer::Dtype::Int8;
    if (backend == "hls") {
        return act_signed ? run_hls<true>(L, channels, x, batch, params) : run_hls<false>(L, channels, x, batch, params);
    }
#ifdef QMAC_WITH_RTL
    if (backend == "rtl") {
        const auto run_all = [&](const std::vector<tb::OutParams>& ps) {
            std::unique_ptr<tb::Dut> dut = tb::make_rtl_dut(lanes, act_signed, false, 1);
            if (!dut) throw std::runtime_error("the rtl backend's LANES = 8 model is not built");
            LayerBeats beats(L, channels, x, batch, ps);
            return tb::stream_groups(*dut, [&](tb::InBeat& b) { return beats.next(b); });
        };
        layer::LayerResult r;
        r.batch = batch;
        r.outputs = run_all(params);
        if (want_accumulators) {
            std::vector<std::int32_t> biases;
            for (const tb::OutParams& p : params) biases.push_back(p.bias);
            r.accumulators = tb::read_accumulators(biases, act_signed, run_all);
        }
        return r;
    }
#else
    (void)want_accumulators;
#endif
    throw std::runtime_error("backend '" + backend + "' is not built into this qmac");
}

}  // namespace

layer::LayerResult run_layer_on_hardware(const std::string& backend, const layer::LayerSpec& L,
                                         const std::vector<layer::HardwareChannel>& channels,
                                         const std::vector<std::int32_t>& x, std::size_t batch,
                                         bool want_accumulators) {
    if (L.output_dtype != layer::Dtype::Int32) return run_requantized(backend, L, channels, x, batch, want_accumulators);
    // A layer without requantization (ONNX MatMulInteger / ConvInteger): its outputs are the accumulators,
    // read back from the kernel (the requantized codes of the placeholder stage are not used).
    layer::LayerResult r = run_requantized(backend, L, channels, x, batch, true);
    r.outputs = r.accumulators;
    return r;
}

}  // namespace qmac::cli
