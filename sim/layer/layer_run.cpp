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
                x.data() + b * L.k, L.weight_row(c), L.k, L.bias[c], L.input_zero_point, L.weight_zero_point);
            r.accumulators[b * L.n + c] = acc;
            r.outputs[b * L.n + c] = golden::requantize(acc, L.requant[c], L.output);
        }
    }
    return r;
}

std::vector<HardwareChannel> hardware_channels(const LayerSpec& L) {
    if (L.weight_zero_point != 0) {
        throw LayerError(L.source + ": weight_zero_point " + std::to_string(L.weight_zero_point) +
                         " is not supported by the hardware kernels (they multiply raw int8 weights)");
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
