// network.json's top level, its tensors and the order of its ops; each op's own fields: op_reader.cpp.
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "json_fields.hpp"
#include "network_spec.hpp"
#include "op_reader.hpp"

namespace qmac::network {

namespace {

using nlohmann::json;

constexpr std::int64_t kMaxDimension = INT32_MAX;
constexpr std::size_t kMaxElements = std::size_t{1} << 31;  // a tensor qmac holds in memory, several times

const std::map<std::string, OpKind>& op_kinds() {
    static const std::map<std::string, OpKind> kinds = {
        {"fully_connected", OpKind::FullyConnected}, {"conv_2d", OpKind::Conv2d},
        {"max_pool_2d", OpKind::MaxPool2d},          {"average_pool_2d", OpKind::AveragePool2d},
        {"add", OpKind::Add},                        {"reshape", OpKind::Reshape},
        {"quantize", OpKind::Quantize},              {"dequantize", OpKind::Dequantize}};
    return kinds;
}

// The characters --trace may put in a file name (docs/network-format.md).
bool is_trace_name(const std::string& s) {
    if (s.size() <= 4 || s.compare(s.size() - 4, 4, ".npy") != 0) return false;
    if (s.size() >= 8 && s.compare(s.size() - 8, 8, ".acc.npy") == 0) return false;  // the accumulators' suffix
    for (char c : s) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
    }
    return true;
}

TensorSpec read_tensor(const std::string& name, const json& t, const std::string& source) {
    const std::string where = source + ": tensor '" + name + "': ";
    if (!t.is_object()) throw NetworkError(where + "must be a JSON object");
    const Fields f(t, where);
    f.only({"shape", "dtype", "scale", "zero_point", "trace"});
    TensorSpec s;
    s.name = name;
    s.shape = f.sizes("shape", 0, 1, kMaxDimension);
    std::size_t n = 1;
    for (std::size_t d : s.shape) {
        if (n > kMaxElements / d) f.fail("more than 2^31 elements");
        n *= d;
    }
    const std::string dtype = f.string("dtype");
    if (dtype == "int8") s.dtype = Dtype::Int8;
    else if (dtype == "uint8") s.dtype = Dtype::UInt8;
    else if (dtype == "int32") s.dtype = Dtype::Int32;
    else if (dtype == "float32") s.dtype = Dtype::Float32;
    else f.fail("'dtype' must be int8, uint8, int32 or float32, got '" + dtype + "'");
    s.quantized = s.dtype == Dtype::Int8 || s.dtype == Dtype::UInt8;
    if (s.quantized) {
        const json& scale = f.at("scale");
        if (!scale.is_number()) f.fail("'scale' must be a number");
        const double real = scale.get<double>();
        s.scale = static_cast<float>(real);  // the models hold float32 scales
        if (!(std::isfinite(real) && real > 0.0 && std::isfinite(s.scale) && s.scale > 0.0f)) {
            f.fail("'scale' = " + scale.dump() + " must be a positive finite float32");
        }
        const bool u8 = s.dtype == Dtype::UInt8;
        s.zero_point = static_cast<std::int32_t>(f.integer("zero_point", u8 ? 0 : -128, u8 ? 255 : 127));
    } else if (f.has("scale") || f.has("zero_point")) {
        f.fail("a " + dtype + " tensor has no 'scale' or 'zero_point'");
    }
    s.trace = f.string("trace");
    if (!is_trace_name(s.trace)) {
        f.fail("'trace' = '" + s.trace + "' must be a file name of [A-Za-z0-9._-] ending in .npy (not .acc.npy)");
    }
    return s;
}

}  // namespace

std::size_t TensorSpec::elements() const {
    std::size_t n = 1;
    for (std::size_t d : shape) n *= d;
    return n;
}

const char* to_string(OpKind k) {
    for (const auto& [name, kind] : op_kinds()) {
        if (kind == k) return name.c_str();
    }
    return "?";
}

Image image_of(const std::vector<std::size_t>& s, bool nchw) {
    return nchw ? Image{s[0], s[1], s[2], s[3], true} : Image{s[0], s[3], s[1], s[2], false};
}

NetworkSpec load_network(const std::string& json_path) {
    std::ifstream in(json_path);
    if (!in) throw NetworkError(json_path + ": cannot open");
    return parse_network(in, json_path, [](const std::string& path, Dtype d) { return layer::load_layer(path, d); });
}

NetworkSpec parse_network(std::istream& in, const std::string& source, const LayerLoader& load_layer_file) {
    json j;
    try {
        j = layer::parse_json_strict(in, source);
    } catch (const layer::LayerError& e) {
        throw NetworkError(e.what());
    }
    if (!j.is_object()) throw NetworkError(source + ": must hold a JSON object");
    const Fields top(j, source + ": ");
    top.only({"format", "version", "model", "runtime", "match", "inputs", "outputs", "tensors", "ops"});
    if (top.string("format") != "qmac-network") top.fail("'format' must be \"qmac-network\"");
    if (!top.at("version").is_number_integer() || layer::saturating_int64(top.at("version")) != 1) {
        top.fail("'version' " + top.at("version").dump() + " is not supported (this qmac reads version 1)");
    }
    NetworkSpec net;
    net.source = source;
    net.model = top.string("model");
    net.runtime = top.string("runtime");
    net.match = top.string("match");
    if (net.runtime != "litert" && net.runtime != "onnxruntime") {
        top.fail("'runtime' must be litert or onnxruntime, got '" + net.runtime + "'");
    }
    static const std::set<std::string> litert_paths = {"litert-xnnpack", "litert-xnnpack-vnni", "litert-builtin",
                                                       "litert-reference"};
    if (net.runtime == "litert" ? litert_paths.count(net.match) == 0 : net.match != "onnxruntime") {
        top.fail("'match' = '" + net.match + "' is not a path of runtime " + net.runtime + " (" +
                 (net.runtime == "litert" ? "litert-xnnpack, litert-xnnpack-vnni, litert-builtin or litert-reference"
                                          : "onnxruntime") + ")");
    }
    // A float32 input of an int8/uint8 network is quantized as the runtime path does it (unless the network
    // has its own quantize op, below): LiteRT's default path delegates QUANTIZE to XNNPACK.
    const bool xnnpack = net.match == "litert-xnnpack" || net.match == "litert-xnnpack-vnni";
    net.input_rounding = net.match == "onnxruntime" ? golden::QuantizeRounding::OnnxRuntime
                         : xnnpack                  ? golden::QuantizeRounding::Xnnpack
                                                    : golden::QuantizeRounding::TFLite;

    const json& tensors = top.at("tensors");
    if (!tensors.is_object() || tensors.empty()) top.fail("'tensors' must be a non-empty object of tensors by name");
    std::map<std::string, std::size_t> index;
    std::map<std::string, std::string> traces;  // trace file -> tensor
    for (const auto& item : tensors.items()) {
        TensorSpec t = read_tensor(item.key(), item.value(), source);
        if (!traces.emplace(t.trace, t.name).second) {
            top.fail("tensor '" + t.name + "': 'trace' " + t.trace + " is also tensor '" + traces[t.trace] + "''s");
        }
        index[t.name] = net.tensors.size();
        net.tensors.push_back(std::move(t));
    }
    const auto one_tensor = [&](const char* field) {
        const std::vector<std::string> names = top.names(field);
        if (names.size() != 1) top.fail(std::string("'") + field + "' must name exactly one tensor (version 1)");
        if (index.count(names[0]) == 0) top.fail(std::string("'") + field + "' names tensor '" + names[0] + "', which 'tensors' lacks");
        return index.at(names[0]);
    };
    net.input = one_tensor("inputs");
    net.output = one_tensor("outputs");

    const json& ops = top.at("ops");
    if (!ops.is_array() || ops.empty()) top.fail("'ops' must be a non-empty array");
    std::vector<std::string> writer(net.tensors.size());  // who wrote each tensor so far
    std::vector<bool> used(net.tensors.size(), false);
    writer[net.input] = "the network input";
    used[net.input] = true;
    const OpContext ctx{net.tensors, std::filesystem::path(source).parent_path().string(), load_layer_file};
    std::set<std::string> op_names;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const json& o = ops[i];
        const std::string anonymous = source + ": op " + std::to_string(i) + ": ";
        if (!o.is_object()) throw NetworkError(anonymous + "must be a JSON object");
        if (!o.contains("name") || !o.at("name").is_string() || o.at("name").get<std::string>().empty()) {
            throw NetworkError(anonymous + "'name' must be a non-empty string");
        }
        OpSpec op;
        op.name = o.at("name").get<std::string>();
        const Fields f(o, source + ": op '" + op.name + "': ");
        if (!op_names.insert(op.name).second) f.fail("another op has the same name");
        const std::string kind = f.string("op");
        if (op_kinds().count(kind) == 0) f.fail("unknown op '" + kind + "'");
        op.kind = op_kinds().at(kind);
        for (const std::string& name : f.names("inputs")) {
            if (index.count(name) == 0) f.fail("input '" + name + "' is not in 'tensors'");
            const std::size_t t = index.at(name);
            if (writer[t].empty()) f.fail("reads tensor '" + name + "' before any op writes it");
            op.inputs.push_back(t);
            used[t] = true;
        }
        for (const std::string& name : f.names("outputs")) {
            if (index.count(name) == 0) f.fail("output '" + name + "' is not in 'tensors'");
            const std::size_t t = index.at(name);
            if (!writer[t].empty()) f.fail("writes tensor '" + name + "', already written by " + writer[t]);
            writer[t] = "op '" + op.name + "'";
            op.outputs.push_back(t);
            used[t] = true;
        }
        read_op_fields(op, f, ctx);
        net.ops.push_back(std::move(op));
    }
    if (net.output == net.input) top.fail("the output tensor is the input: no op computes it");
    if (writer[net.output].empty()) top.fail("no op writes the output tensor '" + net.tensors[net.output].name + "'");
    for (std::size_t t = 0; t < net.tensors.size(); ++t) {
        if (!used[t]) top.fail("tensor '" + net.tensors[t].name + "' is neither read nor written by any op");
    }
    for (const OpSpec& op : net.ops) {  // a float32 input is quantized as the network's own quantize does it
        if (op.kind == OpKind::Quantize && net.tensors[op.inputs[0]].dtype == Dtype::Float32) {
            net.input_rounding = op.quantize_rounding;
            break;
        }
    }
    return net;
}

InputQuantization input_quantization(const NetworkSpec& net) {
    const TensorSpec& in = net.tensor(net.input);
    if (in.quantized) return {in.scale, in.zero_point, in.dtype, net.input_rounding};
    for (const OpSpec& op : net.ops) {
        if (op.kind == OpKind::Quantize && op.inputs[0] == net.input) {
            const TensorSpec& q = net.tensor(op.outputs[0]);
            return {q.scale, q.zero_point, q.dtype, op.quantize_rounding};
        }
    }
    throw NetworkError(net.source + ": the input '" + in.name + "' is " + layer::to_string(in.dtype) +
                       " and no quantize op reads it: the network has no input quantization");
}

}  // namespace qmac::network
