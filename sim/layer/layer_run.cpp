#include "layer_run.hpp"

#include <string>
#include <utility>

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
            // an int32 layer (no requant) outputs the accumulator itself
            r.outputs[b * L.n + c] = L.output_dtype == Dtype::Int32 ? acc : golden::requantize(acc, L.requant[c], L.output);
        }
    }
    return r;
}

std::vector<HardwareChannel> hardware_channels(const LayerSpec& L) {
    std::vector<HardwareChannel> channels;
    channels.reserve(L.n);
    for (std::size_t c = 0; c < L.n; ++c) {
        HardwareChannel h;
        const std::int32_t* w = L.weight_row(c);
        h.weights.resize(L.k);
        for (std::size_t i = 0; i < L.k; ++i) h.weights[i] = w[i] - L.weight_zero_point[c];  // in [-255, 255]
        try {
            h.bias = golden::fold_input_zero_point(h.weights.data(), L.k, L.bias[c], L.input_zero_point);
        } catch (const std::overflow_error& e) {
            throw LayerError(L.source + ": channel " + std::to_string(c) + ": " + e.what());
        }
        const AccumulatorRange acc = reachable_accumulators(L, c);
        h.requant = golden::map_to_fixed_point(L.requant[c], L.output, acc.min, acc.max);
        channels.push_back(std::move(h));
    }
    return channels;
}

}  // namespace qmac::layer
