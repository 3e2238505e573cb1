// Small networks for the unit tests: network.json text parsed by the real reader, its layers built in memory
// (random weights, given zero points) instead of loaded from files.
#pragma once

#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "network_run.hpp"
#include "network_spec.hpp"
#include "qmac/golden/requantize.hpp"

namespace qmac::test {

// A layer of n x k random weights, random bias, tflite requantization by `real` per channel.
inline layer::LayerSpec random_layer(std::size_t n, std::size_t k, std::int32_t in_zp, std::int32_t out_zp,
                                     unsigned seed, layer::Dtype in_dtype = layer::Dtype::Int8) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> w(-128, 127), zw(-3, 3), b(-2000, 2000);
    layer::LayerSpec L;
    L.source = "layer-" + std::to_string(seed);
    L.n = n;
    L.k = k;
    L.input_dtype = in_dtype;
    L.input_zero_point = in_zp;
    for (std::size_t i = 0; i < n * k; ++i) L.weights.push_back(w(rng));
    for (std::size_t c = 0; c < n; ++c) {
        L.bias.push_back(b(rng));
        L.weight_zero_point.push_back(zw(rng));
        L.requant.push_back(golden::make_requant_params(golden::RequantMode::TFLite, 0.0005 + 0.0001 * c));
    }
    L.output = golden::OutputStage{out_zp, -128, 127};
    L.output_dtype = layer::Dtype::Int8;
    return L;
}

// Parses network.json text whose ops name layers by key of `layers`.
inline network::NetworkSpec parse(const std::string& text, const std::map<std::string, layer::LayerSpec>& layers) {
    std::istringstream in(text);
    return network::parse_network(in, "test/network.json", [&](const std::string& path, layer::Dtype) {
        const std::string name = path.substr(path.find_last_of('/') + 1);
        if (layers.count(name) == 0) throw layer::LayerError(path + ": cannot open");
        return layers.at(name);
    });
}

inline std::vector<std::int32_t> random_codes(std::size_t n, unsigned seed, int lo = -128, int hi = 127) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> d(lo, hi);
    std::vector<std::int32_t> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

// The JSON of a network: header, tensors (name -> JSON) and ops (JSON objects).
inline std::string network_json(const std::string& input, const std::string& output,
                                const std::vector<std::pair<std::string, std::string>>& tensors,
                                const std::vector<std::string>& ops) {
    std::string t, o;
    for (const auto& [name, spec] : tensors) t += (t.empty() ? "" : ",") + ("\"" + name + "\": " + spec);
    for (const std::string& op : ops) o += (o.empty() ? "" : ",") + op;
    return "{\"format\": \"qmac-network\", \"version\": 1, \"model\": \"m\", \"runtime\": \"litert\", "
           "\"match\": \"litert-builtin\", \"inputs\": [\"" + input + "\"], \"outputs\": [\"" + output +
           "\"], \"tensors\": {" + t + "}, \"ops\": [" + o + "]}";
}

inline std::string int8_tensor(const std::string& shape, double scale, int zp, const std::string& trace) {
    return "{\"shape\": " + shape + ", \"dtype\": \"int8\", \"scale\": " + std::to_string(scale) +
           ", \"zero_point\": " + std::to_string(zp) + ", \"trace\": \"" + trace + ".npy\"}";
}

}  // namespace qmac::test
