// Each op kind's fields and its checks against the tensors it reads and writes (docs/network-format.md).
#include "op_reader.hpp"

#include <filesystem>

#include "qmac/golden/integer.hpp"

namespace qmac::network {

namespace {

constexpr std::int64_t kMaxWindow = 65535;  // kernel, stride, dilation, pads, groups

std::string shape_text(const std::vector<std::size_t>& s) {
    std::string out = "[";
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

golden::IntRange codes_of(Dtype d) { return d == Dtype::UInt8 ? golden::unsigned_range(8) : golden::signed_range(8); }

void arity(const OpSpec& op, const Fields& f, std::size_t inputs, std::size_t outputs) {
    if (op.inputs.size() != inputs || op.outputs.size() != outputs) {
        f.fail("takes " + std::to_string(inputs) + " input(s) and " + std::to_string(outputs) + " output(s), has " +
               std::to_string(op.inputs.size()) + " and " + std::to_string(op.outputs.size()));
    }
}

void require_quantized(const TensorSpec& t, const Fields& f, const char* role) {
    if (!t.quantized) f.fail(std::string(role) + " '" + t.name + "' must be int8 or uint8, is " + layer::to_string(t.dtype));
}

void require_same_quantization(const TensorSpec& a, const TensorSpec& b, const Fields& f) {
    if (a.dtype != b.dtype || a.scale != b.scale || a.zero_point != b.zero_point) {
        f.fail("input '" + a.name + "' and output '" + b.name + "' must have the same dtype, scale and zero point");
    }
}

void require_4d(const TensorSpec& t, const Fields& f) {
    if (t.shape.size() != 4) f.fail("tensor '" + t.name + "' must be 4-D, has shape " + shape_text(t.shape));
}

Window read_window(const Fields& f, bool with_dilation) {
    Window w;
    const std::string layout = f.string("layout");
    if (layout != "nhwc" && layout != "nchw") f.fail("'layout' must be nhwc or nchw, got '" + layout + "'");
    w.nchw = layout == "nchw";
    const auto pair = [&](const char* field) {
        const std::vector<std::size_t> v = f.sizes(field, 2, 1, kMaxWindow);
        return std::array<std::size_t, 2>{v[0], v[1]};
    };
    w.kernel = pair("kernel");
    w.stride = pair("stride");
    if (with_dilation) w.dilation = pair("dilation");
    const std::vector<std::size_t> p = f.sizes("pads", 4, 0, kMaxWindow);
    w.pads = {p[0], p[1], p[2], p[3]};
    return w;
}

// The output height and width of a window over an input image, floor((in + pads - extent) / stride) + 1,
// checked against the output tensor's.
void check_window_output(const Window& w, const Image& in, const Image& out, const Fields& f) {
    const std::size_t in_hw[2] = {in.height, in.width};
    const std::size_t out_hw[2] = {out.height, out.width};
    const char* axis[2] = {"height", "width"};
    for (int a = 0; a < 2; ++a) {
        const std::size_t extent = w.dilation[a] * (w.kernel[a] - 1) + 1;
        const std::size_t padded = in_hw[a] + w.pads[a] + w.pads[a + 2];
        if (extent > padded) {
            f.fail(std::string("the window's ") + axis[a] + " " + std::to_string(extent) + " exceeds the padded input's " +
                   std::to_string(padded));
        }
        const std::size_t expected = (padded - extent) / w.stride[a] + 1;
        if (expected != out_hw[a]) {
            f.fail(std::string("output ") + axis[a] + " is " + std::to_string(out_hw[a]) + ", the window gives " +
                   std::to_string(expected));
        }
    }
    if (in.batch != out.batch) f.fail("the output's batch " + std::to_string(out.batch) + " differs from the input's " + std::to_string(in.batch));
}

void read_clamp(OpSpec& op, const Fields& f, Dtype d) {
    const golden::IntRange codes = codes_of(d);
    op.output_min = static_cast<std::int32_t>(f.has("output_min") ? f.integer("output_min", codes.min, codes.max) : codes.min);
    op.output_max = static_cast<std::int32_t>(f.has("output_max") ? f.integer("output_max", codes.min, codes.max) : codes.max);
    if (op.output_min > op.output_max) {
        f.fail("output_min " + std::to_string(op.output_min) + " is above output_max " + std::to_string(op.output_max));
    }
}

// The layer's output channels [first, first + count) as a layer of their own.
layer::LayerSpec channels_of(const layer::LayerSpec& L, std::size_t first, std::size_t count) {
    layer::LayerSpec g = L;
    g.n = count;
    g.weights.assign(L.weights.begin() + static_cast<std::ptrdiff_t>(first * L.k),
                     L.weights.begin() + static_cast<std::ptrdiff_t>((first + count) * L.k));
    const auto slice = [&](auto& v, const auto& from) {
        v.assign(from.begin() + static_cast<std::ptrdiff_t>(first), from.begin() + static_cast<std::ptrdiff_t>(first + count));
    };
    slice(g.bias, L.bias);
    slice(g.weight_zero_point, L.weight_zero_point);
    slice(g.requant, L.requant);
    return g;
}

// The layer file of a MAC op, loaded for its input's type and checked against both tensors' quantization.
void read_layer(OpSpec& op, const Fields& f, const OpContext& ctx, const TensorSpec& in, const TensorSpec& out) {
    require_quantized(in, f, "input");
    // an int32 output is the accumulator of a layer without requant (MatMulInteger / ConvInteger)
    if (out.dtype != Dtype::Int32) require_quantized(out, f, "output");
    const std::string path = f.string("layer");
    if (path.empty() || path.find('\0') != std::string::npos) f.fail("'layer' must be a file name (not empty, no NUL character)");
    op.layer_path = (std::filesystem::path(ctx.base_dir) / path).string();
    try {
        op.layer = ctx.load_layer_file(op.layer_path, in.dtype);
    } catch (const std::exception& e) {  // LayerError, NpyError: they name the layer or .npy file
        f.fail(e.what());
    }
    const layer::LayerSpec& L = op.layer;
    if (L.input_zero_point != in.zero_point) {
        f.fail("the layer's input_zero_point " + std::to_string(L.input_zero_point) + " differs from input '" + in.name +
               "''s zero point " + std::to_string(in.zero_point));
    }
    if (L.output_dtype != out.dtype) {
        f.fail(std::string("the layer's output is ") + layer::to_string(L.output_dtype) + ", output '" + out.name + "' is " +
               layer::to_string(out.dtype));
    }
    if (out.dtype != Dtype::Int32 && L.output.zero_point != out.zero_point) {
        f.fail("the layer's output_zero_point " + std::to_string(L.output.zero_point) + " differs from output '" + out.name +
               "''s zero point " + std::to_string(out.zero_point));
    }
}

void read_fully_connected(OpSpec& op, const Fields& f, const OpContext& ctx) {
    f.only({"op", "name", "inputs", "outputs", "layer"});
    arity(op, f, 1, 1);
    const TensorSpec& in = ctx.tensors[op.inputs[0]];
    const TensorSpec& out = ctx.tensors[op.outputs[0]];
    read_layer(op, f, ctx, in, out);
    const layer::LayerSpec& L = op.layer;
    if (in.elements() % L.k != 0) {
        f.fail("input '" + in.name + "' " + shape_text(in.shape) + " is not rows of the layer's K = " + std::to_string(L.k));
    }
    const std::size_t rows = in.elements() / L.k;
    if (out.shape.back() != L.n || out.elements() != rows * L.n) {
        f.fail("output '" + out.name + "' " + shape_text(out.shape) + " must hold " + std::to_string(rows) +
               " rows of the layer's N = " + std::to_string(L.n));
    }
    op.groups = 1;
    op.group_layers = {L};
}

void read_conv_2d(OpSpec& op, const Fields& f, const OpContext& ctx) {
    f.only({"op", "name", "inputs", "outputs", "layer", "layout", "kernel", "stride", "dilation", "pads", "groups"});
    arity(op, f, 1, 1);
    const TensorSpec& in = ctx.tensors[op.inputs[0]];
    const TensorSpec& out = ctx.tensors[op.outputs[0]];
    require_4d(in, f);
    require_4d(out, f);
    op.window = read_window(f, true);
    op.groups = static_cast<std::size_t>(f.integer("groups", 1, kMaxWindow));
    read_layer(op, f, ctx, in, out);
    const layer::LayerSpec& L = op.layer;
    const Image xi = image_of(in.shape, op.window.nchw), yi = image_of(out.shape, op.window.nchw);
    const std::size_t G = op.groups;
    if (xi.channels % G != 0) f.fail("groups " + std::to_string(G) + " do not divide the input's " + std::to_string(xi.channels) + " channels");
    if (L.n % G != 0) f.fail("groups " + std::to_string(G) + " do not divide the layer's " + std::to_string(L.n) + " output channels");
    const std::size_t k = op.window.kernel[0] * op.window.kernel[1] * (xi.channels / G);
    if (L.k != k) {
        f.fail("the layer's K = " + std::to_string(L.k) + ", the window needs KH * KW * C / G = " + std::to_string(k));
    }
    if (yi.channels != L.n) {
        f.fail("output '" + out.name + "' has " + std::to_string(yi.channels) + " channels, the layer " + std::to_string(L.n));
    }
    check_window_output(op.window, xi, yi, f);
    const std::size_t per_group = L.n / G;
    for (std::size_t g = 0; g < G; ++g) op.group_layers.push_back(G == 1 ? L : channels_of(L, g * per_group, per_group));
}

void read_pool(OpSpec& op, const Fields& f, const OpContext& ctx, bool average) {
    if (average) f.only({"op", "name", "inputs", "outputs", "layout", "kernel", "stride", "pads", "rounding", "output_min", "output_max"});
    else f.only({"op", "name", "inputs", "outputs", "layout", "kernel", "stride", "pads", "output_min", "output_max"});
    arity(op, f, 1, 1);
    const TensorSpec& in = ctx.tensors[op.inputs[0]];
    const TensorSpec& out = ctx.tensors[op.outputs[0]];
    require_quantized(in, f, "input");
    require_same_quantization(in, out, f);
    require_4d(in, f);
    require_4d(out, f);
    op.window = read_window(f, false);
    for (int a = 0; a < 2; ++a) {  // every window then holds an input position (TFLite and ONNX require it too)
        if (op.window.pads[a] >= op.window.kernel[a] || op.window.pads[a + 2] >= op.window.kernel[a]) {
            f.fail("'pads' must be smaller than the kernel");
        }
    }
    const Image xi = image_of(in.shape, op.window.nchw), yi = image_of(out.shape, op.window.nchw);
    if (xi.channels != yi.channels) f.fail("the output's channels differ from the input's");
    check_window_output(op.window, xi, yi, f);
    if (average) {
        if (op.window.kernel[0] * op.window.kernel[1] > (std::size_t{1} << 23)) {  // 2^23 codes of 255 fit int32
            f.fail("the kernel has more than 2^23 positions: its sum of codes could leave int32");
        }
        try {
            op.pool_rounding = golden::parse_average_pool_rounding(f.string("rounding"));
        } catch (const std::invalid_argument& e) {
            f.fail(e.what());
        }
    }
    read_clamp(op, f, out.dtype);
}

void read_add(OpSpec& op, const Fields& f, const OpContext& ctx) {
    f.only({"op", "name", "inputs", "outputs", "rounding", "output_min", "output_max"});
    arity(op, f, 2, 1);
    const TensorSpec& a = ctx.tensors[op.inputs[0]];
    const TensorSpec& b = ctx.tensors[op.inputs[1]];
    const TensorSpec& out = ctx.tensors[op.outputs[0]];
    for (const TensorSpec* t : {&a, &b, &out}) require_quantized(*t, f, t == &out ? "output" : "input");
    if (a.dtype != out.dtype || b.dtype != out.dtype) f.fail("both inputs and the output must have one dtype");
    if (a.shape != out.shape || b.shape != out.shape) {
        f.fail("inputs " + shape_text(a.shape) + " and " + shape_text(b.shape) + " and output " + shape_text(out.shape) +
               " must have one shape (no broadcasting in version 1)");
    }
    try {
        const golden::AddRounding r = golden::parse_add_rounding(f.string("rounding"));
        op.add = golden::make_add_params(r, {a.scale, a.zero_point}, {b.scale, b.zero_point}, {out.scale, out.zero_point});
    } catch (const std::invalid_argument& e) {
        f.fail(e.what());
    }
    read_clamp(op, f, out.dtype);
}

void read_reshape(OpSpec& op, const Fields& f, const OpContext& ctx) {
    f.only({"op", "name", "inputs", "outputs"});
    arity(op, f, 1, 1);
    const TensorSpec& in = ctx.tensors[op.inputs[0]];
    const TensorSpec& out = ctx.tensors[op.outputs[0]];
    if (in.dtype != out.dtype || in.quantized != out.quantized) f.fail("input and output must have one dtype");
    if (in.quantized) require_same_quantization(in, out, f);
    if (in.elements() != out.elements()) {
        f.fail("input " + shape_text(in.shape) + " and output " + shape_text(out.shape) + " differ in their number of elements");
    }
}

void read_quantize(OpSpec& op, const Fields& f, const OpContext& ctx) {
    f.only({"op", "name", "inputs", "outputs", "rounding"});
    arity(op, f, 1, 1);
    const TensorSpec& in = ctx.tensors[op.inputs[0]];
    const TensorSpec& out = ctx.tensors[op.outputs[0]];
    require_quantized(out, f, "output");
    if (in.shape != out.shape) f.fail("input " + shape_text(in.shape) + " and output " + shape_text(out.shape) + " differ");
    const std::string rounding = f.string("rounding");
    if (in.dtype == Dtype::Float32) {
        try {
            op.quantize_rounding = golden::parse_quantize_rounding(rounding);
        } catch (const std::invalid_argument& e) {
            f.fail(e.what());
        }
    } else if (in.quantized) {
        if (rounding != "tflite" && rounding != "xnnpack") {
            f.fail("a requantization (int8/uint8 input) has rounding tflite or xnnpack, got '" + rounding + "'");
        }
        op.quantize_rounding = golden::parse_quantize_rounding(rounding);
        try {
            if (op.quantize_rounding == golden::QuantizeRounding::TFLite) {
                op.requantize = golden::tflite_requantize_multiplier(in.scale, out.scale);
            } else {
                op.requantize_xnnpack = golden::xnnpack_requantize_multiplier(in.scale, out.scale);
            }
        } catch (const std::invalid_argument& e) {
            f.fail(std::string("the scale ratio: ") + e.what());
        }
    } else {
        f.fail(std::string("input '") + in.name + "' must be float32, int8 or uint8, is " + layer::to_string(in.dtype));
    }
}

void read_dequantize(OpSpec& op, const Fields& f, const OpContext& ctx) {
    f.only({"op", "name", "inputs", "outputs", "rounding"});
    arity(op, f, 1, 1);
    const TensorSpec& in = ctx.tensors[op.inputs[0]];
    const TensorSpec& out = ctx.tensors[op.outputs[0]];
    require_quantized(in, f, "input");
    if (out.dtype != Dtype::Float32) f.fail("output '" + out.name + "' must be float32");
    if (f.has("rounding")) {  // optional: absent is the single rounding of most runtimes
        try {
            op.dequantize_rounding = golden::parse_dequantize_rounding(f.string("rounding"));
        } catch (const std::invalid_argument& e) {
            f.fail(e.what());
        }
    }
    if (in.shape != out.shape) f.fail("input " + shape_text(in.shape) + " and output " + shape_text(out.shape) + " differ");
}

}  // namespace

void read_op_fields(OpSpec& op, const Fields& f, const OpContext& ctx) {
    switch (op.kind) {
    case OpKind::FullyConnected: read_fully_connected(op, f, ctx); break;
    case OpKind::Conv2d: read_conv_2d(op, f, ctx); break;
    case OpKind::MaxPool2d: read_pool(op, f, ctx, false); break;
    case OpKind::AveragePool2d: read_pool(op, f, ctx, true); break;
    case OpKind::Add: read_add(op, f, ctx); break;
    case OpKind::Reshape: read_reshape(op, f, ctx); break;
    case OpKind::Quantize: read_quantize(op, f, ctx); break;
    case OpKind::Dequantize: read_dequantize(op, f, ctx); break;
    }
}

}  // namespace qmac::network
