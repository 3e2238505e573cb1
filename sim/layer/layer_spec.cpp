#include "layer_spec.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "layer_requant.hpp"
#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/integer.hpp"
#include "strict_json.hpp"

namespace qmac::layer {

namespace {

using golden::RequantMode;
using detail::json;
using detail::Reader;
using detail::requant_modes;
using detail::requant_params;

golden::IntRange range_of(Dtype d) {
    return d == Dtype::UInt8 ? golden::unsigned_range(8) : golden::signed_range(8);
}

}  // namespace

namespace {

// Refuses a layer whose accumulators can leave int32 (the hardware accumulator would wrap).
void check_accumulator_range(const Reader& r, const LayerSpec& L) {
    for (std::size_t c = 0; c < L.n; ++c) {
        const AccumulatorRange acc = reachable_accumulators(L, c);
        if (acc.min < INT32_MIN || acc.max > INT32_MAX) {
            r.fail("channel " + std::to_string(c) + " can reach accumulator " +
                   std::to_string(acc.min < INT32_MIN ? acc.min : acc.max) + ", beyond int32 (K = " +
                   std::to_string(L.k) + " is too long for these weights, zero points and bias)");
        }
    }
}

}  // namespace

LayerSpec load_layer(const std::string& json_path, Dtype input_dtype) {
    std::ifstream in(json_path);
    if (!in) throw LayerError(json_path + ": cannot open");
    return parse_layer(in, json_path, input_dtype, [](const std::string& path) { return read_npy(path); });
}

LayerSpec parse_layer(std::istream& in, const std::string& json_path, Dtype input_dtype,
                      const NpyFileReader& read_npy_file) {
    const Reader r(json_path);
    // A layer that says 'shift' twice is ambiguous: the strict parser refuses repeated keys.
    const json j = parse_json_strict(in, json_path);
    if (!j.is_object()) r.fail("must hold a JSON object");
    for (const auto& item : j.items()) {
        static const char* known[] = {"weights", "bias", "input_zero_point", "weight_zero_point", "requant",
                                      "output_zero_point", "output_min", "output_max", "output_dtype"};
        if (std::find(std::begin(known), std::end(known), item.key()) == std::end(known)) {
            r.fail("unknown field '" + item.key() + "'");
        }
    }
    if (input_dtype != Dtype::Int8 && input_dtype != Dtype::UInt8) r.fail("input must be int8 or uint8");

    const std::filesystem::path base = std::filesystem::path(json_path).parent_path();
    const auto path_field = [&](const char* field) {
        if (!j.at(field).is_string()) r.fail(std::string("'") + field + "' must be a file name");
        const std::string name = j.at(field).get<std::string>();
        // A NUL ("\u0000" in JSON) would end the name the system opens: "w.npy\u0000x" would read w.npy.
        if (name.empty() || name.find('\0') != std::string::npos) {
            r.fail(std::string("'") + field + "' must be a file name (not empty, no NUL character)");
        }
        return (base / name).string();
    };

    LayerSpec L;
    L.source = json_path;
    L.input_dtype = input_dtype;
    if (!j.contains("weights")) r.fail("'weights' is missing");
    const std::string wpath = path_field("weights");
    const NpyArray w = read_npy_file(wpath);
    if (w.dtype != Dtype::Int8 && w.dtype != Dtype::UInt8) {
        throw LayerError(wpath + ": weights must be int8 or uint8, got " + to_string(w.dtype));
    }
    L.weight_dtype = w.dtype;
    if (w.shape.size() != 2 || w.shape[0] == 0 || w.shape[1] == 0) {
        throw LayerError(wpath + ": weights must have shape [N, K] with N, K > 0");
    }
    L.n = w.shape[0];
    L.k = w.shape[1];
    L.weights.assign(w.values.begin(), w.values.end());

    if (j.contains("bias")) {
        const std::string bpath = path_field("bias");
        const NpyArray b = read_npy_file(bpath);
        if (b.dtype != Dtype::Int32) throw LayerError(bpath + ": bias must be int32, got " + to_string(b.dtype));
        if (b.shape.size() != 1 || b.shape[0] != L.n) {
            throw LayerError(bpath + ": bias must have shape [" + std::to_string(L.n) + "] (one per output channel)");
        }
        L.bias.assign(b.values.begin(), b.values.end());
    } else {
        L.bias.assign(L.n, 0);
    }

    const golden::IntRange in_range = range_of(input_dtype);
    L.input_zero_point = static_cast<std::int32_t>(r.integer(j, "input_zero_point", 0, in_range.min, in_range.max));
    const golden::IntRange w_range = range_of(L.weight_dtype);
    if (j.contains("weight_zero_point")) {
        for (std::int64_t zp : r.integer_per_channel(j, "weight_zero_point", L.n, w_range.min, w_range.max)) {
            L.weight_zero_point.push_back(static_cast<std::int32_t>(zp));
        }
    } else {
        L.weight_zero_point.assign(L.n, 0);
    }

    // An int32 layer (ONNX MatMulInteger / ConvInteger) has no requantization: its output is the accumulator.
    const bool accumulator_output = j.contains("output_dtype") && j.at("output_dtype") == "int32";
    if (accumulator_output) {
        for (const char* field : {"requant", "output_zero_point", "output_min", "output_max"}) {
            if (j.contains(field)) r.fail(std::string("'") + field + "' does not apply to an int32 layer (its output is the accumulator)");
        }
        L.output_dtype = Dtype::Int32;
        // The hardware kernels always requantize: a placeholder stage (fp32, multiplier 1) whose codes are not
        // used; the hardware backends read the accumulators back (run_layer_on_hardware).
        L.requant.assign(L.n, golden::make_requant_params(RequantMode::Fp32, 1.0));
        L.output = golden::OutputStage{0, -128, 127};
        check_accumulator_range(r, L);
        return L;
    }
    if (!j.contains("requant") || !j.at("requant").is_object()) r.fail("'requant' object is missing");
    const json& q = j.at("requant");
    for (const auto& item : q.items()) {
        static const char* known[] = {"mode", "scale", "multiplier", "shift", "input_scale", "weight_scale", "output_scale"};
        if (std::find(std::begin(known), std::end(known), item.key()) == std::end(known)) {
            r.fail("requant: unknown field '" + item.key() + "'");
        }
    }
    L.requant = requant_params(r, q, requant_modes(r, q, L.n), q.at("mode").is_array());

    // Output type: explicit, else what the clamp says (a negative min: int8; a max above 127: uint8),
    // else the input's type.
    L.output_dtype = input_dtype;
    if (j.contains("output_dtype")) {
        const std::string d = j.at("output_dtype").is_string() ? j.at("output_dtype").get<std::string>() : "";
        if (d == "int8") L.output_dtype = Dtype::Int8;
        else if (d == "uint8") L.output_dtype = Dtype::UInt8;
        else r.fail("'output_dtype' must be \"int8\", \"uint8\" or \"int32\" (without requant)");
    } else if (j.contains("output_min") && j.at("output_min").is_number_integer() && saturating_int64(j.at("output_min")) < 0) {
        L.output_dtype = Dtype::Int8;
    } else if (j.contains("output_max") && j.at("output_max").is_number_integer() && saturating_int64(j.at("output_max")) > 127) {
        L.output_dtype = Dtype::UInt8;
    }
    const golden::IntRange out_range = range_of(L.output_dtype);
    const auto zp = r.integer(j, "output_zero_point", 0, out_range.min, out_range.max);
    const auto lo = r.integer(j, "output_min", out_range.min, out_range.min, out_range.max);
    const auto hi = r.integer(j, "output_max", out_range.max, out_range.min, out_range.max);
    if (lo > hi) r.fail("output_min " + std::to_string(lo) + " is above output_max " + std::to_string(hi));
    L.output = golden::OutputStage{static_cast<std::int32_t>(zp), static_cast<std::int32_t>(lo), static_cast<std::int32_t>(hi)};

    check_accumulator_range(r, L);
    return L;
}

std::string mode_name(const LayerSpec& L) {
    const RequantMode first = L.requant.at(0).mode;
    std::vector<RequantMode> seen;
    for (const golden::RequantParams& p : L.requant) {
        if (std::find(seen.begin(), seen.end(), p.mode) == seen.end()) seen.push_back(p.mode);
    }
    if (seen.size() == 1) return std::string(golden::to_string(first));
    std::string names;
    for (RequantMode m : seen) names += (names.empty() ? "" : ", ") + std::string(golden::to_string(m));
    return "per-channel (" + names + ")";
}

AccumulatorRange reachable_accumulators(const LayerSpec& L, std::size_t c) {
    const golden::IntRange x = range_of(L.input_dtype);
    const std::int64_t x_lo = x.min - L.input_zero_point, x_hi = x.max - L.input_zero_point;
    std::int64_t lo = L.bias[c], hi = L.bias[c];
    const std::int32_t* w = L.weight_row(c);
    for (std::size_t i = 0; i < L.k; ++i) {
        const std::int64_t wo = std::int64_t{w[i]} - L.weight_zero_point[c];
        const std::int64_t a = wo * x_lo, b = wo * x_hi;
        lo += std::min(a, b);
        hi += std::max(a, b);
    }
    return {lo, hi};
}

}  // namespace qmac::layer
