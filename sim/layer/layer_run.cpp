#include "layer_run.hpp"

#include <string>

#include "qmac/golden/accumulate.hpp"

namespace qmac::layer {

LayerResult run_golden(const LayerSpec& L, const std::vector<std::int32_t>& x, std::size_t batch) {
    LayerResult r;
    r.batch = batch;
    r.outputs.resize(batch * L.n);
    r.accumulators.resize(batch * L.n);
    for (std::size_t b = 0; b < batch; ++b) {
        for (std::size_t c = 0; c < L.n; ++c) {
            const std::int32_t acc = golden::accumulate_with_zero_points(
                x.data() + b * L.k, L.weight_row(c), L.k, L.bias[c], L.input_zero_point, L.weight_zero_point[c]);
            r.accumulators[b * L.n + c] = acc;
            r.outputs[b * L.n + c] = golden::requantize(acc, L.requant[c], L.output);
        }
    }
    return r;
}

std::vector<HardwareChannel> hardware_channels(const LayerSpec& L, const std::string& backend) {
    // What the kernels cannot run yet, refused here and nowhere else (issue 10 adds them to the hardware).
    if (L.mode == golden::RequantMode::LiteRtRuy || L.mode == golden::RequantMode::LiteRtReference) {
        throw LayerError(L.source + ": mode " + std::string(golden::to_string(L.mode)) + " is not implemented by the " +
                         backend + " backend yet");
    }
    if (L.weight_dtype != Dtype::Int8) {
        throw LayerError(L.source + ": uint8 weights are not supported by the " + backend +
                         " backend (the kernels multiply int8 weights)");
    }
    for (std::size_t c = 0; c < L.n; ++c) {
        if (L.weight_zero_point[c] != 0) {
            throw LayerError(L.source + ": weight_zero_point " + std::to_string(L.weight_zero_point[c]) + " (channel " +
                             std::to_string(c) + ") is not supported by the " + backend +
                             " backend (the kernels multiply raw int8 weights)");
        }
    }
    std::vector<HardwareChannel> channels;
    channels.reserve(L.n);
    for (std::size_t c = 0; c < L.n; ++c) {
        std::int32_t bias = 0;
        try {
            bias = golden::fold_input_zero_point(L.weight_row(c), L.k, L.bias[c], L.input_zero_point);
        } catch (const std::overflow_error& e) {
            throw LayerError(L.source + ": channel " + std::to_string(c) + ": " + e.what());
        }
        const AccumulatorRange acc = reachable_accumulators(L, c);
        channels.push_back({bias, golden::map_to_fixed_point(L.requant[c], L.output, acc.min, acc.max)});
    }
    return channels;
}

}  // namespace qmac::layer
