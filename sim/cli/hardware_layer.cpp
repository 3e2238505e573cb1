#include "hardware_layer.hpp"

#include <memory>
#include <stdexcept>

#include "accumulator_readback.hpp"
#include "contract.hpp"
#include "stream_groups.hpp"
#include "hardware_params.hpp"
#include "hls_beat.hpp"

namespace qmac::cli {

namespace {

constexpr int lanes = hw::kDefaultLanes;

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
        for (std::size_t c = 0; c < L.n; ++c) params.push_back(hardware_out_params(L, channels[c]));
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

std::vector<std::string> hardware_kernels() { return {"mvu", "dot"}; }

HardwareLayerRunner::HardwareLayerRunner(HardwareKernel kernel) : kernel_(std::move(kernel)) {}
HardwareLayerRunner::~HardwareLayerRunner() = default;

std::string HardwareLayerRunner::description() const {
    return kernel_.kernel == "mvu" ? kernel_.backend + " mvu " + mvu_name(kernel_.mvu) : kernel_.backend + " dot";
}

layer::LayerResult HardwareLayerRunner::run(const layer::LayerSpec& L, const std::vector<layer::HardwareChannel>& channels,
                                            const std::vector<std::int32_t>& x, std::size_t batch, bool want_accumulators,
                                            const std::function<void(std::size_t, std::size_t)>& progress) {
    if (L.output_dtype == layer::Dtype::Int32) {
        // A layer without requantization (ONNX MatMulInteger / ConvInteger): its outputs are the accumulators,
        // read back from qmac_dot (the MVU outputs codes only; the placeholder stage's codes are not used).
        layer::LayerResult r = run_requantized(kernel_.backend, L, channels, x, batch, true);
        r.outputs = r.accumulators;
        return r;
    }
    if (kernel_.kernel == "dot") return run_requantized(kernel_.backend, L, channels, x, batch, want_accumulators);
    if (!mvu_) mvu_ = std::make_unique<MvuEngine>(kernel_.backend, kernel_.mvu);
    layer::LayerResult r;
    r.batch = batch;
    r.outputs = mvu_->run(L, channels, x, batch, progress);
    // The engine has no accumulator port: what --trace and --accumulators show on it is the golden model's.
    if (want_accumulators) r.accumulators = layer::run_golden(L, x, batch).accumulators;
    return r;
}

}  // namespace qmac::cli
