#include "layer_spec.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/integer.hpp"
#include "strict_json.hpp"

namespace qmac::layer {

namespace {

using nlohmann::json;
using golden::RequantMode;

class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}
    [[noreturn]] void fail(const std::string& what) const { throw LayerError(source_ + ": " + what); }

    std::int64_t integer(const json& j, const std::string& field, std::int64_t fallback, std::int64_t lo,
                         std::int64_t hi) const {
        if (!j.contains(field)) return fallback;
        const json& v = j.at(field);
        if (!v.is_number_integer()) fail("'" + field + "' must be an integer");
        const std::int64_t x = saturating_int64(v);
        if (x < lo || x > hi) {
            fail("'" + field + "' = " + v.dump() + " outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        }
        return x;
    }

    // An integer or an array of n integers in [lo, hi], as n values (JSON integers only: a float such as
    // 2147483647.0000001 would round to an integer on parsing and pass).
    std::vector<std::int64_t> integer_per_channel(const json& j, const std::string& field, std::size_t n,
                                                  std::int64_t lo, std::int64_t hi) const {
        const json& v = j.at(field);
        std::vector<const json*> items;
        if (v.is_array()) {
            if (v.size() != n) {
                fail("'" + field + "' has " + std::to_string(v.size()) + " entries, the layer has " +
                     std::to_string(n) + " output channels");
            }
            for (const json& e : v) items.push_back(&e);
        } else {
            items.assign(n, &v);
        }
        std::vector<std::int64_t> out;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const json& e = *items[i];
            const std::string name = "'" + field + "'" + (v.is_array() ? "[" + std::to_string(i) + "]" : "");
            if (!e.is_number_integer()) fail(name + " must be an integer or an array of integers");
            const std::int64_t x = saturating_int64(e);
            if (x < lo || x > hi) {
                fail(name + " = " + e.dump() + " outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
            }
            out.push_back(x);
        }
        return out;
    }

    // A number or an array of n numbers, as n values; `what` names it in messages.
    std::vector<double> per_channel(const json& j, const std::string& field, std::size_t n) const {
        const json& v = j.at(field);
        std::vector<double> out;
        if (v.is_number()) {
            out.assign(n, v.get<double>());
        } else if (v.is_array()) {
            if (v.size() != n) {
                fail("'" + field + "' has " + std::to_string(v.size()) + " entries, the layer has " +
                     std::to_string(n) + " output channels");
            }
            for (const json& e : v) {
                if (!e.is_number()) fail("'" + field + "' must hold numbers only");
                out.push_back(e.get<double>());
            }
        } else {
            fail("'" + field + "' must be a number or an array of numbers");
        }
        return out;
    }

    std::vector<double> positive_per_channel(const json& j, const std::string& field, std::size_t n) const {
        std::vector<double> v = per_channel(j, field, n);
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!std::isfinite(v[i]) || !(v[i] > 0.0)) {
                fail("'" + field + "'[" + std::to_string(i) + "] = " + std::to_string(v[i]) + " must be finite and > 0");
            }
        }
        return v;
    }

private:
    std::string source_;
};

golden::IntRange range_of(Dtype d) {
    return d == Dtype::UInt8 ? golden::unsigned_range(8) : golden::signed_range(8);
}

bool integer_mode(RequantMode m) {
    return m == RequantMode::TFLite || m == RequantMode::TFLiteSingle || m == RequantMode::LiteRtRuy;
}

// requant.mode: one name for every channel, or an array of N names, one per output channel (LiteRT's
// builtin DEPTHWISE_CONV_2D rounds its channels in two arithmetics: docs/numerics.md, section 6).
std::vector<RequantMode> requant_modes(const Reader& r, const json& q, std::size_t n) {
    if (!q.contains("mode")) r.fail("requant: 'mode' is missing");
    const json& v = q.at("mode");
    if (!v.is_string() && !v.is_array()) r.fail("requant: 'mode' must be a mode name or an array of mode names");
    if (v.is_array() && v.size() != n) {
        r.fail("requant: 'mode' has " + std::to_string(v.size()) + " entries, the layer has " + std::to_string(n) +
               " output channels");
    }
    std::vector<RequantMode> modes;
    for (std::size_t c = 0; c < n; ++c) {
        const json& e = v.is_array() ? v.at(c) : v;
        const std::string name = v.is_array() ? "'mode'[" + std::to_string(c) + "]" : "'mode'";
        if (!e.is_string()) r.fail("requant: " + name + " must be a mode name");
        try {
            modes.push_back(golden::parse_requant_mode(e.get<std::string>()));
        } catch (const std::invalid_argument& err) {
            r.fail("requant: " + (v.is_array() ? name + ": " : std::string()) + err.what());
        }
    }
    return modes;
}

// Channel c's multiplier from the framework's scales, derived as mode's reference derives it.
golden::RequantParams framework_params(RequantMode mode, double in, double w, double out) {
    golden::RequantParams p;
    p.mode = mode;
    switch (mode) {
    case RequantMode::Seed: p.coefficient = golden::seed_coefficient(w, in, out); break;
    case RequantMode::TFLite: p.fixed = golden::quantize_multiplier(golden::tflite_real_multiplier(in, w, out)); break;
    case RequantMode::TFLiteSingle:
        p.fixed = golden::quantize_multiplier_single(golden::tflite_real_multiplier(in, w, out));
        break;
    case RequantMode::Fp32:
        p.scale = golden::fp32_scale(static_cast<float>(in), static_cast<float>(w), static_cast<float>(out));
        break;
    case RequantMode::PytorchQnnpack:
        p.scale = golden::qnnpack_multiplier(static_cast<float>(in), static_cast<float>(w), static_cast<float>(out));
        break;
    case RequantMode::LiteRtRuy:  // LiteRT holds its scales as float32
        p.fixed = golden::quantize_multiplier(golden::litert_real_multiplier(
            static_cast<float>(in), static_cast<float>(w), static_cast<float>(out)));
        break;
    case RequantMode::LiteRtReference:
        p.coefficient = golden::litert_real_multiplier(static_cast<float>(in), static_cast<float>(w),
                                                       static_cast<float>(out));
        if (!std::isfinite(p.coefficient)) throw std::invalid_argument("the real multiplier is not finite");
        break;
    }
    return p;
}

std::vector<golden::RequantParams> requant_params(const Reader& r, const json& q, const std::vector<RequantMode>& modes,
                                                  bool per_channel_modes) {
    const std::size_t n = modes.size();
    const bool has_scale = q.contains("scale");
    const bool has_m = q.contains("multiplier"), has_s = q.contains("shift");
    const bool has_framework = q.contains("input_scale") || q.contains("weight_scale") || q.contains("output_scale");
    // A channel's name in messages, when the layer gives a mode per channel.
    const auto channel = [&](std::size_t c) {
        return per_channel_modes ? " (channel " + std::to_string(c) + " is " + std::string(golden::to_string(modes[c])) + ")"
                                 : std::string();
    };
    if (has_m != has_s) r.fail("requant: 'multiplier' and 'shift' must be given together");
    for (std::size_t c = 0; c < n && has_m; ++c) {
        if (!integer_mode(modes[c])) {
            r.fail("requant: 'multiplier'/'shift' apply to integer modes (tflite, tflite_single, litert_ruy) only" + channel(c));
        }
    }
    if (has_scale && has_framework) r.fail("requant: give 'scale' or the three framework scales, not both");
    if (!has_scale && !has_framework && !has_m) {
        r.fail("requant: needs 'scale', 'multiplier' + 'shift', or 'input_scale' + 'weight_scale' + 'output_scale'");
    }

    std::vector<golden::RequantParams> params(n);
    std::vector<double> real(n, 0.0);
    if (has_scale) real = r.positive_per_channel(q, "scale", n);
    if (has_framework) {
        for (const char* f : {"input_scale", "weight_scale", "output_scale"}) {
            if (!q.contains(f)) r.fail(std::string("requant: '") + f + "' is missing");
        }
        const double in = r.positive_per_channel(q, "input_scale", 1)[0];
        const double out = r.positive_per_channel(q, "output_scale", 1)[0];
        const std::vector<double> w = r.positive_per_channel(q, "weight_scale", n);
        // LiteRT holds float32 scales: one that rounds to 0 or infinity there is no LiteRT layer.
        const auto require_float = [&](double v, const std::string& field) {
            const float f = static_cast<float>(v);
            if (std::isfinite(f) && f > 0.0f) return;
            char shown[32];
            std::snprintf(shown, sizeof shown, "%.17g", v);
            r.fail("requant: '" + field + "' = " + shown + " is not a positive finite float32");
        };
        const auto litert = [](RequantMode m) { return m == RequantMode::LiteRtRuy || m == RequantMode::LiteRtReference; };
        if (std::any_of(modes.begin(), modes.end(), litert)) {
            require_float(in, "input_scale");
            require_float(out, "output_scale");
        }
        for (std::size_t c = 0; c < n; ++c) {
            if (litert(modes[c])) require_float(w[c], "weight_scale[" + std::to_string(c) + "]");
        }
        for (std::size_t c = 0; c < n; ++c) {
            golden::RequantParams& p = params[c];
            try {  // golden's own errors (a real multiplier >= 2^31, an infinite product) name no file
                p = framework_params(modes[c], in, w[c], out);
            } catch (const std::exception& e) {
                r.fail("requant: channel " + std::to_string(c) + ": " + e.what());
            }
            if ((p.mode == RequantMode::Fp32 || p.mode == RequantMode::PytorchQnnpack) &&
                !(std::isfinite(p.scale) && p.scale > 0.0f)) {
                r.fail("requant: channel " + std::to_string(c) + "'s float32 multiplier is not a positive finite float32");
            }
        }
        return params;
    }
    for (std::size_t c = 0; c < n; ++c) {
        if (has_scale) {
            try {
                params[c] = golden::make_requant_params(modes[c], real[c]);
            } catch (const std::exception& e) {
                r.fail("requant: channel " + std::to_string(c) + ": " + e.what());
            }
        } else {
            params[c].mode = modes[c];
        }
    }
    if (has_m) {
        // Double rounding (tflite, litert_ruy) takes TFLite's left shift by 31; single rounding stops at 30.
        const auto single = [](RequantMode m) { return m == RequantMode::TFLiteSingle; };
        const bool all_single = std::all_of(modes.begin(), modes.end(), single);
        const std::vector<std::int64_t> m = r.integer_per_channel(q, "multiplier", n, 0, INT32_MAX);
        const std::vector<std::int64_t> s = r.integer_per_channel(q, "shift", n, -31, all_single ? 30 : 31);
        for (std::size_t c = 0; c < n; ++c) {
            if (single(modes[c]) && s[c] > 30) {
                r.fail("requant: 'shift' of channel " + std::to_string(c) + " = " + std::to_string(s[c]) +
                       " outside [-31, 30]" + channel(c));
            }
            const golden::QuantizedMultiplier given{static_cast<std::int32_t>(m[c]), static_cast<int>(s[c])};
            if (has_scale && !(params[c].fixed == given)) {
                r.fail("requant: multiplier/shift of channel " + std::to_string(c) + " (" +
                       std::to_string(given.multiplier) + ", " + std::to_string(given.shift) +
                       ") are inconsistent with its scale (" + std::to_string(params[c].fixed.multiplier) + ", " +
                       std::to_string(params[c].fixed.shift) + ")");
            }
            params[c].fixed = given;
        }
    }
    return params;
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
