#include "layer_requant.hpp"

#include <cmath>
#include <cstdio>
#include <string>

#include "qmac/golden/fixedpoint.hpp"
#include "qmac/golden/integer.hpp"

namespace qmac::layer::detail {

using golden::RequantMode;

namespace {

bool integer_mode(RequantMode m) {
    return m == RequantMode::TFLite || m == RequantMode::TFLiteSingle || m == RequantMode::LiteRtRuy;
}

// requant.mode: one name for every channel, or an array of N names, one per output channel (LiteRT's
// builtin DEPTHWISE_CONV_2D rounds its channels in two arithmetics: docs/numerics.md, section 6).
}  // namespace

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

namespace {

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
    case RequantMode::XnnpackVnni:  // XNNPACK derives both the same way
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

}  // namespace

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
            if ((p.mode == RequantMode::Fp32 || p.mode == RequantMode::PytorchQnnpack || p.mode == RequantMode::XnnpackVnni) &&
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

}  // namespace qmac::layer::detail
