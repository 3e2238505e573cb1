// A quantized fully connected layer as `qmac run` reads it: LAYER.json plus its .npy weights and bias.
// The JSON format is documented in docs/layer-format.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "npy.hpp"
#include "qmac/golden/requantize.hpp"

namespace qmac::layer {

// A bad layer description: the message names the JSON (or npy) file and the problem.
struct LayerError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct LayerSpec {
    std::string source;                       // the JSON path, for messages
    std::size_t n = 0;                        // output channels
    std::size_t k = 0;                        // dot-product length
    std::vector<std::int32_t> weights;        // [n * k], int8 or uint8 codes, row per output channel
    Dtype weight_dtype = Dtype::Int8;         // int8 or uint8
    std::vector<std::int32_t> bias;           // [n], int32 (zeros when absent)
    Dtype input_dtype = Dtype::Int8;          // int8 or uint8
    std::int32_t input_zero_point = 0;
    std::vector<std::int32_t> weight_zero_point;  // [n]: one per channel (a per-tensor value repeated)
    // [n]: one per channel (a per-tensor value repeated), each with its own mode (requant.mode may name one
    // per channel); an int32 layer holds a placeholder fp32 stage with multiplier 1.
    std::vector<golden::RequantParams> requant;
    golden::OutputStage output{0, -128, 127};
    Dtype output_dtype = Dtype::Int8;

    const std::int32_t* weight_row(std::size_t c) const { return weights.data() + c * k; }
};

// Reads and validates LAYER.json for inputs of input_dtype (int8 or uint8). Paths inside the JSON are
// relative to the JSON file. Throws LayerError or NpyError with a one-line message.
LayerSpec load_layer(const std::string& json_path, Dtype input_dtype);

// The same reader over JSON text already open, its .npy files read through read_npy_file (given the path
// the JSON names, relative to json_path's folder): load_layer passes read_npy; the fuzz target
// fuzz/layer_reader.cpp passes arrays held in memory. json_path names the text in messages.
using NpyFileReader = std::function<NpyArray(const std::string& path)>;
LayerSpec parse_layer(std::istream& json_text, const std::string& json_path, Dtype input_dtype,
                      const NpyFileReader& read_npy_file);

// The layer's mode for messages: its name when every channel has the same one, else "per-channel (a, b)".
std::string mode_name(const LayerSpec& layer);

// The accumulator range channel c can reach over every input of the layer's input type: exact, from the
// weights, the zero points and the bias. Used for the overflow check and for fixed-point proofs.
struct AccumulatorRange {
    std::int64_t min;
    std::int64_t max;
};
AccumulatorRange reachable_accumulators(const LayerSpec& layer, std::size_t channel);

}  // namespace qmac::layer
