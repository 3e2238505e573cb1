// A quantized network as `qmac run --network` reads it: network.json (docs/network-format.md), its tensors
// and its ops in execution order, each MAC op with its layer file (docs/layer-format.md) loaded and checked
// against the tensors it reads and writes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "layer_spec.hpp"
#include "npy.hpp"
#include "qmac/golden/average_pool.hpp"
#include "qmac/golden/quantized_add.hpp"
#include "qmac/golden/tensor_quantize.hpp"

namespace qmac::network {

// A bad network description: one line naming network.json, the op (or tensor) and the problem.
struct NetworkError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using layer::Dtype;

struct TensorSpec {
    std::string name;                 // the model's own name
    std::vector<std::size_t> shape;   // each dimension >= 1
    Dtype dtype = Dtype::Int8;        // int8, uint8, int32 or float32
    bool quantized = false;           // int8 / uint8: scale and zero point given
    float scale = 0.0f;               // the model's float32 scale
    std::int32_t zero_point = 0;
    std::string trace;                // the file name under --trace TDIR
    std::size_t elements() const;
};

enum class OpKind { FullyConnected, Conv2d, MaxPool2d, AveragePool2d, Add, Reshape, Quantize, Dequantize };
const char* to_string(OpKind k);  // the names of network.json: "fully_connected", ...

// The sliding window of conv_2d and the pools over a 4-D image.
struct Window {
    bool nchw = false;                  // layout: nhwc (false) or nchw
    std::array<std::size_t, 2> kernel{1, 1}, stride{1, 1}, dilation{1, 1};
    std::array<std::size_t, 4> pads{0, 0, 0, 0};  // top, left, bottom, right
};

// A 4-D image's dimensions read in its layout.
struct Image {
    std::size_t batch, channels, height, width;
    bool nchw;
    std::size_t index(std::size_t b, std::size_t c, std::size_t y, std::size_t x) const {
        return nchw ? ((b * channels + c) * height + y) * width + x : ((b * height + y) * width + x) * channels + c;
    }
};
Image image_of(const std::vector<std::size_t>& shape, bool nchw);

struct OpSpec {
    OpKind kind = OpKind::Reshape;
    std::string name;                        // the model's node or op name, for messages
    std::vector<std::size_t> inputs, outputs;  // indices into NetworkSpec::tensors
    // fully_connected, conv_2d: the layer file and one layer per group (its output channels of that group;
    // fully_connected and groups = 1: the whole layer).
    std::string layer_path;
    layer::LayerSpec layer;
    std::size_t groups = 1;
    std::vector<layer::LayerSpec> group_layers;
    Window window;                           // conv_2d, max_pool_2d, average_pool_2d
    std::int32_t output_min = 0, output_max = 0;  // the pools and add: the clamp
    golden::AveragePoolRounding pool_rounding = golden::AveragePoolRounding::TFLite;
    golden::AddParams add;                   // add: the rounding's parameters, prepared once
    // quantize: from float32 (tflite, onnxruntime, xnnpack) or from int8/uint8 (tflite, xnnpack)
    golden::QuantizeRounding quantize_rounding = golden::QuantizeRounding::TFLite;
    golden::QuantizedMultiplier requantize{0, 0};  // int8/uint8 -> int8/uint8, tflite
    std::int32_t requantize_xnnpack = 0;           // int8/uint8 -> int8/uint8, xnnpack
    golden::DequantizeRounding dequantize_rounding = golden::DequantizeRounding::Single;  // dequantize
    bool is_mac() const { return kind == OpKind::FullyConnected || kind == OpKind::Conv2d; }
};

struct NetworkSpec {
    std::string source;  // network.json's path, for messages
    std::string model, runtime, match;
    std::vector<TensorSpec> tensors;
    std::size_t input = 0, output = 0;  // the network's input and output tensors
    std::vector<OpSpec> ops;
    // The rounding a float32 input is quantized with when the network input is int8/uint8: the network's own
    // quantize op's, else the runtime path's (litert-xnnpack, litert-xnnpack-vnni: xnnpack; litert-builtin, litert-reference:
    // tflite; onnxruntime: onnxruntime).
    golden::QuantizeRounding input_rounding = golden::QuantizeRounding::TFLite;
    const TensorSpec& tensor(std::size_t i) const { return tensors.at(i); }
};

// How the network's input is quantized: the input tensor's own quantization, or for a float32 input the
// output quantization and rounding of the quantize op that reads it (`qmac quantize --network`). Throws
// NetworkError when there is none.
struct InputQuantization {
    float scale;
    std::int32_t zero_point;
    Dtype dtype;
    golden::QuantizeRounding rounding;
};
InputQuantization input_quantization(const NetworkSpec& net);

// Reads and checks network.json and every layer file it names (paths relative to network.json). Throws
// NetworkError with one line "network.json: op 'name': problem".
NetworkSpec load_network(const std::string& json_path);

// The same reader over JSON text already open; each layer file is loaded through load_layer_file (given the
// path relative to json_path's folder and the input type): load_network passes layer::load_layer, a fuzz
// target can pass layers held in memory. json_path names the text in messages.
using LayerLoader = std::function<layer::LayerSpec(const std::string& path, Dtype input_dtype)>;
NetworkSpec parse_network(std::istream& json_text, const std::string& json_path, const LayerLoader& load_layer_file);

}  // namespace qmac::network
