#include "layer_commands.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "layer_run.hpp"
#include "layer_spec.hpp"
#include "npy.hpp"
#include "args.hpp"
#include "hardware_layer.hpp"
#include "qmac/golden/quantize.hpp"

namespace qmac::cli {

namespace {

using layer::Dtype;

std::string required(const Options& opt, const std::string& name) {
    if (!opt.has(name)) throw UsageError("--" + name + " is required");
    return opt.text(name, "");
}

Dtype parse_input_dtype(const std::string& s) {
    if (s == "int8") return Dtype::Int8;
    if (s == "uint8") return Dtype::UInt8;
    throw UsageError("--input-dtype must be int8 or uint8, got '" + s + "'");
}

// Prints one line per channel that the integer path does not reproduce; returns how many there are.
std::size_t report_inexact(const layer::LayerSpec& L, const std::vector<layer::HardwareChannel>& hw, std::ostream& out) {
    std::size_t inexact = 0;
    for (std::size_t c = 0; c < hw.size(); ++c) {
        const golden::MonotonicComparison& k = hw[c].requant.check;
        if (k.differing == 0) continue;
        ++inexact;
        out << L.source << ": channel " << c << ": the integer requantizer differs from " << golden::to_string(L.mode)
            << " on " << k.differing << " accumulator values, first at " << k.first << " (expected "
            << k.expected_at_first << ", integer path gives " << k.actual_at_first << ")\n";
    }
    return inexact;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
    const Options opt(args, {"layer", "input", "output", "backend", "accumulators"}, {"allow-inexact"});
    const std::string layer_path = required(opt, "layer");
    const std::string input_path = required(opt, "input");
    const std::string output_path = required(opt, "output");
    const std::string backend = opt.text("backend", "golden");
    const std::vector<std::string> hw_backends = hardware_backends();
    if (backend != "golden" && std::find(hw_backends.begin(), hw_backends.end(), backend) == hw_backends.end()) {
        std::string names = "golden";
        for (const auto& b : hw_backends) names += "|" + b;
        throw UsageError("--backend must be one of " + names + ", got '" + backend + "'");
    }
    const auto t0 = std::chrono::steady_clock::now();

    const layer::NpyArray x = layer::read_npy(input_path);
    if (x.dtype != Dtype::Int8 && x.dtype != Dtype::UInt8) {
        throw layer::NpyError(input_path + ": input must be int8 or uint8, got " + layer::to_string(x.dtype));
    }
    if (x.shape.empty() || x.shape.size() > 2) throw layer::NpyError(input_path + ": input must have shape [B, K] or [K]");
    const layer::LayerSpec L = layer::load_layer(layer_path, x.dtype);
    const std::size_t k = x.shape.back();
    const std::size_t batch = x.shape.size() == 2 ? x.shape[0] : 1;
    if (k != L.k) {
        throw layer::NpyError(input_path + ": input has K = " + std::to_string(k) + ", the layer's weights have K = " +
                              std::to_string(L.k));
    }
    const std::vector<std::int32_t> codes(x.values.begin(), x.values.end());
    const std::string acc_path = opt.text("accumulators", "");
    layer::LayerResult r = layer::run_golden(L, codes, batch);

    if (backend != "golden") {
        // The kernels requantize in integers: prove each channel's integer path exact before running.
        const std::vector<layer::HardwareChannel> hw = layer::hardware_channels(L, backend);
        const std::size_t inexact = report_inexact(L, hw, std::cerr);
        if (inexact != 0 && !opt.has("allow-inexact")) {
            throw std::runtime_error(std::to_string(inexact) + " channel(s) of " + L.source + " are not exact on the " +
                                     backend + " backend (see above); --allow-inexact runs them anyway");
        }
        const layer::LayerResult h = run_layer_on_hardware(backend, L, hw, codes, batch, !acc_path.empty());
        if (h.outputs.size() != r.outputs.size()) {
            throw std::runtime_error("the " + backend + " backend produced " + std::to_string(h.outputs.size()) + " of " +
                                     std::to_string(r.outputs.size()) + " outputs");
        }
        std::size_t differ = 0, first = 0;
        for (std::size_t i = 0; i < h.outputs.size(); ++i) {
            if (h.outputs[i] != r.outputs[i] && differ++ == 0) first = i;
        }
        if (differ != 0) {
            const std::string where = "output [" + std::to_string(first / L.n) + ", " + std::to_string(first % L.n) +
                                      "]: golden " + std::to_string(r.outputs[first]) + ", " + backend + " " +
                                      std::to_string(h.outputs[first]);
            if (inexact == 0) {
                throw std::runtime_error("the " + backend + " backend disagrees with the golden model on " +
                                         std::to_string(differ) + " outputs, first " + where);
            }
            std::cerr << "qmac run: " << differ << " outputs differ from the golden " << golden::to_string(L.mode)
                      << " mode (allowed by --allow-inexact), first " << where << '\n';
        }
        r = h;
    }

    std::vector<std::size_t> shape = {batch, L.n};
    if (x.shape.size() == 1) shape = {L.n};
    if (!acc_path.empty()) {
        layer::write_npy(acc_path, Dtype::Int32, shape, std::vector<std::int64_t>(r.accumulators.begin(), r.accumulators.end()));
    }
    try {
        layer::write_npy(output_path, L.output_dtype, shape, std::vector<std::int64_t>(r.outputs.begin(), r.outputs.end()));
    } catch (...) {
        if (!acc_path.empty()) std::filesystem::remove(acc_path);
        throw;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << "qmac run: " << batch << " x " << L.n << " outputs (K = " << L.k << ", mode " << golden::to_string(L.mode)
              << ", backend " << backend << ") -> " << output_path << " in " << secs << " s\n";
    return 0;
}

int quantize_command(const std::vector<std::string>& args) {
    const Options opt(args, {"input", "bits", "range", "output"});
    const std::string input_path = required(opt, "input");
    const std::string output_path = required(opt, "output");
    if (!opt.has("bits")) throw UsageError("--bits is required");
    const int bits = static_cast<int>(opt.integer("bits", 8, 2, 16));
    const layer::NpyArray f = layer::read_npy(input_path);
    if (f.dtype != Dtype::Float32 && f.dtype != Dtype::Float64) {
        throw layer::NpyError(input_path + ": input must be float32 or float64, got " + layer::to_string(f.dtype));
    }
    for (std::size_t i = 0; i < f.values.size(); ++i) {
        if (!std::isfinite(f.values[i])) throw layer::NpyError(input_path + ": element " + std::to_string(i) + " is not finite");
    }
    const golden::SymmetricQuant p = opt.has("range") ? golden::make_symmetric(bits, opt.positive_real("range", 1.0))
                                                      : golden::make_symmetric_from_tensor(bits, f.values);
    const std::vector<std::int32_t> q = golden::quantize(f.values, p, golden::Rounding::HalfEven);
    layer::write_npy(output_path, bits <= 8 ? Dtype::Int8 : Dtype::Int32, f.shape,
                     std::vector<std::int64_t>(q.begin(), q.end()));
    char line[160];
    std::snprintf(line, sizeof line, "k = %d a = %.6f s = %.6f", bits, p.range, p.scale);
    std::cout << line << '\n';
    return 0;
}

int params_command(const std::vector<std::string>& args) {
    const Options opt(args, {"layer", "input-dtype"});
    const layer::LayerSpec L = layer::load_layer(required(opt, "layer"), parse_input_dtype(opt.text("input-dtype", "int8")));
    const std::vector<layer::HardwareChannel> hw = layer::hardware_channels(L, "hls or rtl");
    std::cout << "channel  bias        multiplier  shift  rounding     accumulators                exact\n";
    for (std::size_t c = 0; c < hw.size(); ++c) {
        const layer::AccumulatorRange acc = layer::reachable_accumulators(L, c);
        char line[200];
        std::snprintf(line, sizeof line, "%7zu  %10d  %10d  %5d  %-11s  [%11lld, %11lld]  %s", c, hw[c].bias,
                      hw[c].requant.multiplier.multiplier, hw[c].requant.multiplier.shift,
                      std::string(golden::to_string(hw[c].requant.rounding)).c_str(), static_cast<long long>(acc.min),
                      static_cast<long long>(acc.max), hw[c].requant.exact() ? "yes" : "NO");
        std::cout << line << '\n';
    }
    const std::size_t inexact = report_inexact(L, hw, std::cerr);
    std::cout << (inexact == 0 ? "all channels exact on integer hardware\n"
                               : std::to_string(inexact) + " channel(s) NOT exact on integer hardware\n");
    return inexact == 0 ? 0 : 1;
}

}  // namespace qmac::cli
