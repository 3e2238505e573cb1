// libFuzzer target: the layer JSON reader (parse_layer, sim/layer/layer_spec.cpp; docs/layer-format.md) over
// arbitrary text, for int8 and for uint8 inputs. The .npy files a layer names come from memory: the names
// the project's own layers use (examples/fc_tflite, tests/layer/make_cases.py), with shapes and dtypes that
// reach each check; any other name is a missing file. LayerError and NpyError are the reader's documented
// answers to bad input; anything else is a finding, and so is a layer that breaks what load_layer promises.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>

#include "layer_spec.hpp"

namespace {

using qmac::layer::Dtype;
using qmac::layer::NpyArray;
using qmac::golden::RequantMode;

NpyArray filled(Dtype d, std::vector<std::size_t> shape, std::vector<double> pattern) {
    std::size_t count = 1;
    for (std::size_t s : shape) count *= s;
    NpyArray a{d, std::move(shape), std::vector<double>(count)};
    for (std::size_t i = 0; i < count; ++i) a.values[i] = pattern[i % pattern.size()];
    return a;
}

const std::map<std::string, NpyArray>& files() {
    static const std::map<std::string, NpyArray> f = {
        {"weights.npy", filled(Dtype::Int8, {4, 10}, {-128, 127, 0, 1, -1, 64, -7})},
        {"bias.npy", filled(Dtype::Int32, {4}, {-2147483648.0, 2147483647.0, 0, -5000})},
        {"w.npy", filled(Dtype::Int8, {4, 10}, {3, -128, 127, 0, -1})},
        {"wu.npy", filled(Dtype::UInt8, {4, 10}, {0, 255, 128, 1})},
        {"b.npy", filled(Dtype::Int32, {4}, {100, -100, 4999, -5000})},
        {"w1.npy", filled(Dtype::Int8, {1, 1}, {-128})},
        {"b1.npy", filled(Dtype::Int32, {1}, {2147483647.0})},
        {"w_big.npy", filled(Dtype::Int8, {2, 1100}, {127})},
        {"w_long.npy", filled(Dtype::Int8, {1, 140000}, {127})},
        {"w_int32.npy", filled(Dtype::Int32, {4, 10}, {1})},
        {"w_3d.npy", filled(Dtype::Int8, {1, 4, 10}, {1})},
        {"w_empty.npy", filled(Dtype::Int8, {0, 10}, {1})},
        {"b_short.npy", filled(Dtype::Int32, {3}, {1})},
        {"f.npy", filled(Dtype::Float64, {4}, {0.5, -1.25, 3.0, 5.9})},
    };
    return f;
}

NpyArray read_from_memory(const std::string& path) {
    const auto it = files().find(path);
    if (it == files().end()) throw qmac::layer::NpyError(path + ": cannot open (no such file)");
    return it->second;
}

// What load_layer promises of a layer it accepts (layer_spec.hpp).
void check(const qmac::layer::LayerSpec& L) {
    const auto in_type = [](Dtype d) { return d == Dtype::Int8 || d == Dtype::UInt8; };
    if (L.n == 0 || L.k == 0 || L.weights.size() != L.n * L.k || L.bias.size() != L.n ||
        L.weight_zero_point.size() != L.n || L.requant.size() != L.n || !in_type(L.weight_dtype) ||
        !(in_type(L.output_dtype) || L.output_dtype == Dtype::Int32)) {
        std::abort();
    }
    // An int32 layer (no requant: its output is the accumulator) holds a placeholder fp32 stage with
    // multiplier 1 per channel, and no clamp of a code range.
    if (L.output_dtype == Dtype::Int32) {
        for (const qmac::golden::RequantParams& p : L.requant) {
            if (p.mode != RequantMode::Fp32 || p.scale != 1.0f) std::abort();
        }
        for (std::size_t c = 0; c < L.n; ++c) {
            const qmac::layer::AccumulatorRange acc = qmac::layer::reachable_accumulators(L, c);
            if (acc.min < INT32_MIN || acc.max > INT32_MAX) std::abort();
        }
        return;
    }
    const std::int32_t lo = L.output_dtype == Dtype::UInt8 ? 0 : -128, hi = lo + 255;
    if (L.output.zero_point < lo || L.output.zero_point > hi || L.output.min < lo || L.output.max > hi ||
        L.output.min > L.output.max) {
        std::abort();
    }
    for (std::size_t c = 0; c < L.n; ++c) {
        const qmac::layer::AccumulatorRange acc = qmac::layer::reachable_accumulators(L, c);
        if (acc.min < INT32_MIN || acc.max > INT32_MAX) std::abort();
        // Each channel has a mode of its own (requant.mode may be an array): whatever it is, its
        // parameters must be the kind that mode runs on.
        const qmac::golden::RequantParams& p = L.requant[c];
        const bool float32_mode =
            p.mode == RequantMode::Fp32 || p.mode == RequantMode::PytorchQnnpack || p.mode == RequantMode::XnnpackVnni;
        const bool float64_mode = p.mode == RequantMode::Seed || p.mode == RequantMode::LiteRtReference;  // seed: unchecked
        if (float32_mode && !(std::isfinite(p.scale) && p.scale > 0.0f)) std::abort();
        if (p.mode == RequantMode::LiteRtReference && !std::isfinite(p.coefficient)) std::abort();
        if (!float32_mode && !float64_mode && (p.fixed.multiplier < 0 || p.fixed.shift < -31 || p.fixed.shift > 31)) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    for (Dtype input : {Dtype::Int8, Dtype::UInt8}) {
        std::istringstream in(text);
        try {
            check(qmac::layer::parse_layer(in, "layer.json", input, read_from_memory));
        } catch (const qmac::layer::LayerError&) {
        } catch (const qmac::layer::NpyError&) {
        }
    }
    return 0;
}
