#include "layer_commands.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "command_line.hpp"
#include "layer_run.hpp"
#include "layer_spec.hpp"
#include "network_run.hpp"
#include "network_spec.hpp"
#include "npy.hpp"
#include "hardware_layer.hpp"
#include "qmac/golden/tensor_quantize.hpp"
#include "network_command.hpp"
#include "qmac/golden/quantize.hpp"

namespace qmac::cli {

namespace {

using layer::Dtype;

struct RunOptions {
    std::string layer, network, trace, input, output, accumulators, backend = "golden", kernel = "mvu", mvu = "8x8";
    bool allow_inexact = false;
    // The hardware kernel (--kernel, --mvu: checked by the option itself).
    HardwareKernel hardware() const { return {backend, kernel, prebuilt_mvu(mvu).value()}; }
};

struct QuantizeOptions {
    std::string input, output;
    int bits = 0;        // the symmetric form; 0: not given
    double range = 0.0;  // 0: max |x| of the tensor
    // The affine form: a scale, zero point and dtype, or a network's input quantization.
    double scale = 0.0;
    int zero_point = 0;
    std::string dtype = "int8", rounding, network;
};

struct ParamsOptions {
    std::string layer, input_dtype = "int8";
};

// Prints one line per channel that the integer path does not reproduce; returns how many there are.
std::size_t report_inexact(const layer::LayerSpec& L, const std::vector<layer::HardwareChannel>& hw, std::ostream& out) {
    std::size_t inexact = 0;
    for (std::size_t c = 0; c < hw.size(); ++c) {
        const golden::MonotonicComparison& k = hw[c].requant.check;
        if (k.differing == 0) continue;
        ++inexact;
        out << L.source << ": channel " << c << ": the integer requantizer differs from " << golden::to_string(L.requant[c].mode)
            << " on " << k.differing << " accumulator values, first at " << k.first << " (expected "
            << k.expected_at_first << ", integer path gives " << k.actual_at_first << ")\n";
    }
    return inexact;
}

int run_command(const RunOptions& opt) {
    const std::string& layer_path = opt.layer;
    const std::string& input_path = opt.input;
    const std::string& output_path = opt.output;
    const std::string& backend = opt.backend;
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
    const std::string& acc_path = opt.accumulators;
    layer::LayerResult r = layer::run_golden(L, codes, batch);
    std::string backend_used = backend;

    if (backend != "golden") {
        // The kernels requantize in integers: prove each channel's integer path exact before running.
        const std::vector<layer::HardwareChannel> hw = layer::hardware_channels(L);
        const std::size_t inexact = report_inexact(L, hw, std::cerr);
        if (inexact != 0 && !opt.allow_inexact) {
            throw std::runtime_error(std::to_string(inexact) + " channel(s) of " + L.source + " are not exact on the " +
                                     backend + " backend (see above); --allow-inexact runs them anyway");
        }
        HardwareLayerRunner runner(opt.hardware());
        // Progress on long runs (about a second of simulation or more): a line per tenth of the work.
        const bool long_run = static_cast<double>(batch) * static_cast<double>(L.n) * static_cast<double>(L.k) > 2e7;
        int tenths = 0;
        const auto progress = [&](std::size_t done, std::size_t total) {
            if (done * 10 / total == static_cast<std::size_t>(tenths)) return;
            tenths = static_cast<int>(done * 10 / total);
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::cerr << "qmac run: " << 10 * tenths << "% of " << batch << " x " << L.n << " outputs on " << runner.description()
                      << " in " << secs << " s\n";
        };
        const layer::LayerResult h = runner.run(L, hw, codes, batch, !acc_path.empty(),
                                                long_run ? std::function<void(std::size_t, std::size_t)>(progress) : nullptr);
        if (L.output_dtype == Dtype::Int32) {
            backend_used = backend + " dot (an int32 layer: accumulators read back)";
        } else {
            backend_used = runner.description();
            if (opt.kernel == "mvu") {
                backend_used += ", " + std::to_string(runner.layer_loads()) + (runner.layer_loads() == 1 ? " layer load" : " layer loads");
            }
        }
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
            std::cerr << "qmac run: " << differ << " outputs differ from the golden " << layer::mode_name(L)
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
    std::cerr << "qmac run: " << batch << " x " << L.n << " outputs (K = " << L.k << ", mode " << layer::mode_name(L)
              << ", backend " << backend_used << ") -> " << output_path << " in " << secs << " s\n";
    return 0;
}

// The affine form: q = clamp(round(x / scale) + zero_point) in float32, as the quantize op rounds it.
int affine_quantize_command(const QuantizeOptions& opt) {
    network::InputQuantization q{0.0f, 0, Dtype::Int8, golden::QuantizeRounding::OnnxRuntime};
    std::size_t batch = 1;  // --network: the network's inputs in the array, each quantized on its own as the runner does
    const layer::NpyArray f = layer::read_npy(opt.input);
    if (!opt.network.empty()) {
        const network::NetworkSpec net = network::load_network(opt.network);
        q = network::input_quantization(net);
        batch = network::input_batch(net, f.shape, opt.input);
    } else {
        q.scale = static_cast<float>(opt.scale);
        if (!(std::isfinite(q.scale) && q.scale > 0.0f)) throw UsageError("--scale " + std::to_string(opt.scale) + " is not a positive finite float32");
        q.dtype = opt.dtype == "uint8" ? Dtype::UInt8 : Dtype::Int8;
        const golden::IntRange codes = q.dtype == Dtype::UInt8 ? golden::unsigned_range(8) : golden::signed_range(8);
        if (!codes.contains(opt.zero_point)) {
            throw UsageError("--zero-point " + std::to_string(opt.zero_point) + " is outside " + opt.dtype + "'s [" +
                             std::to_string(codes.min) + ", " + std::to_string(codes.max) + "]");
        }
        q.zero_point = opt.zero_point;
    }
    if (!opt.rounding.empty()) q.rounding = golden::parse_quantize_rounding(opt.rounding);
    if (f.dtype != Dtype::Float32) {
        throw layer::NpyError(opt.input + ": affine quantization takes float32 (the models' type), got " + layer::to_string(f.dtype));
    }
    for (std::size_t i = 0; i < f.values.size(); ++i) {
        if (!std::isfinite(f.values[i])) throw layer::NpyError(opt.input + ": element " + std::to_string(i) + " is not finite");
    }
    const golden::IntRange codes = q.dtype == Dtype::UInt8 ? golden::unsigned_range(8) : golden::signed_range(8);
    std::vector<std::int64_t> out;
    const std::size_t per_input = f.values.size() / batch;
    for (std::size_t b = 0; b < batch; ++b) {
        const std::vector<float> reals(f.values.begin() + static_cast<std::ptrdiff_t>(b * per_input),
                                       f.values.begin() + static_cast<std::ptrdiff_t>((b + 1) * per_input));
        const std::vector<std::int32_t> quantized = golden::quantize_tensor(reals, q.scale, q.zero_point, codes, q.rounding);
        out.insert(out.end(), quantized.begin(), quantized.end());
    }
    layer::write_npy(opt.output, q.dtype, f.shape, out);
    char line[200];
    std::snprintf(line, sizeof line, "scale = %.9g zero_point = %d dtype = %s rounding = %s", static_cast<double>(q.scale),
                  q.zero_point, layer::to_string(q.dtype), std::string(golden::to_string(q.rounding)).c_str());
    std::cout << line << '\n';
    return 0;
}

int quantize_command(const QuantizeOptions& opt) {
    const bool affine = opt.scale != 0.0 || !opt.network.empty();
    if (affine == (opt.bits != 0)) {
        throw UsageError("quantize needs --bits (symmetric), or --scale with --zero-point (affine), or --network");
    }
    if (affine) return affine_quantize_command(opt);
    const std::string& input_path = opt.input;
    const std::string& output_path = opt.output;
    const int bits = opt.bits;
    const layer::NpyArray f = layer::read_npy(input_path);
    if (f.dtype != Dtype::Float32 && f.dtype != Dtype::Float64) {
        throw layer::NpyError(input_path + ": input must be float32 or float64, got " + layer::to_string(f.dtype));
    }
    for (std::size_t i = 0; i < f.values.size(); ++i) {
        if (!std::isfinite(f.values[i])) throw layer::NpyError(input_path + ": element " + std::to_string(i) + " is not finite");
    }
    const golden::SymmetricQuant p = opt.range > 0.0 ? golden::make_symmetric(bits, opt.range)
                                                     : golden::make_symmetric_from_tensor(bits, f.values);
    const std::vector<std::int32_t> q = golden::quantize(f.values, p, golden::Rounding::HalfEven);
    layer::write_npy(output_path, bits <= 8 ? Dtype::Int8 : Dtype::Int32, f.shape,
                     std::vector<std::int64_t>(q.begin(), q.end()));
    char line[160];
    std::snprintf(line, sizeof line, "k = %d a = %.6f s = %.6f", bits, p.range, p.scale);
    std::cout << line << '\n';
    return 0;
}

int params_command(const ParamsOptions& opt) {
    const layer::LayerSpec L = layer::load_layer(opt.layer, opt.input_dtype == "uint8" ? Dtype::UInt8 : Dtype::Int8);
    if (L.output_dtype == Dtype::Int32) throw std::runtime_error(opt.layer + ": an int32 layer has no requantization to show");
    const std::vector<layer::HardwareChannel> hw = layer::hardware_channels(L);
    // Per channel: the hardware path (rounding code and its parameters), and why it is exact: the mode's
    // own arithmetic, or a fixed-point stand-in checked over the channel's reachable accumulators.
    std::cout << "channel  bias        multiplier  shift  rounding     accumulators                exact  why\n";
    for (std::size_t c = 0; c < hw.size(); ++c) {
        const layer::AccumulatorRange acc = layer::reachable_accumulators(L, c);
        const golden::FixedPointMapping& m = hw[c].requant;
        // litert_reference's check includes where its x86 int32 cast and zero-point add wrap (single_away's too)
        const bool wraps = L.requant[c].mode == golden::RequantMode::LiteRtReference;
        // the wrap offset runs on the hardware whether the channel is exact or not (--allow-inexact): shown either way
        const std::string offset =
            m.multiplier.wrap_offset > 0 ? " (wrap offset " + std::to_string(m.multiplier.wrap_offset) + ")" : "";
        const std::string why = m.same_arithmetic ? "the " + std::string(golden::to_string(L.requant[c].mode)) + " arithmetic itself"
                                : m.exact()       ? std::string("checked on every reachable accumulator") +
                                                        (wraps ? ", the x86 int32 wrap included" : "") + offset
                                                  : "differs on " + std::to_string(m.check.differing) + " accumulators" + offset;
        char line[240];
        std::snprintf(line, sizeof line, "%7zu  %10d  %10d  %5d  %-11s  [%11lld, %11lld]  %-5s  %s", c, hw[c].bias,
                      m.multiplier.multiplier, m.multiplier.shift, std::string(golden::to_string(m.rounding)).c_str(),
                      static_cast<long long>(acc.min), static_cast<long long>(acc.max), m.exact() ? "yes" : "NO",
                      why.c_str());
        std::cout << line << '\n';
        if (m.rounding == golden::FixedPointRounding::Float32 || m.rounding == golden::FixedPointRounding::Float32Wrap) {
            std::snprintf(line, sizeof line, "         (multiplier = the bits of float32 %.9g)",
                          static_cast<double>(golden::float32_from_bits(m.multiplier.multiplier)));
            std::cout << line << '\n';
        }
    }
    const std::size_t inexact = report_inexact(L, hw, std::cerr);
    std::cout << (inexact == 0 ? "all channels exact on integer hardware\n"
                               : std::to_string(inexact) + " channel(s) NOT exact on integer hardware\n");
    return inexact == 0 ? 0 : 1;
}

}  // namespace

Command add_run_command(CLI::App& qmac) {
    auto o = std::make_shared<RunOptions>();
    CLI::App* c = add_command(qmac, "run", "a quantized fully connected layer, or a whole network, over .npy inputs");
    CLI::Option* layer = c->add_option("--layer", o->layer, "the layer (docs/layer-format.md)")->type_name("L.json");
    CLI::Option* network = c->add_option("--network", o->network, "a network instead (docs/network-format.md)")->type_name("N.json");
    c->add_option("--input", o->input, "--layer: int8 or uint8 activations, shape [B, K] or [K]; --network: the input tensor's shape, in its dtype or float32")->required()->type_name("X.npy");
    c->add_option("--output", o->output, "where the output codes go")->required()->type_name("Y.npy");
    CLI::Option* acc = c->add_option("--accumulators", o->accumulators, "--layer: also write the int32 accumulators")->type_name("ACC.npy");
    CLI::Option* trace = c->add_option("--trace", o->trace, "--network: write every tensor (and MAC accumulators) as .npy into this new folder")->type_name("TDIR");
    layer->excludes(network);
    trace->excludes(layer);
    acc->excludes(network);
    std::vector<std::string> backends = {"golden"};
    for (const std::string& b : hardware_backends()) backends.push_back(b);
    one_of(c->add_option("--backend", o->backend, "the datapath that computes the layer"), backends);
    one_of(c->add_option("--kernel", o->kernel,
                         "hls and rtl: mvu, the layer engine (weights loaded once per layer, docs/mvu.md), or dot, "
                         "qmac_dot, the streaming-weights kernel (any K; its accumulators are read back, not golden's)"),
           hardware_kernels());
    one_of(c->add_option("--mvu", o->mvu, "--kernel mvu: the prebuilt engine, PE x SIMD (N is split into tiles of its MAX_N)"),
           prebuilt_mvu_names());
    c->add_flag("--allow-inexact", o->allow_inexact, "--layer: run a float64 mode on the hardware even where its integer rounding differs")
        ->excludes(network);
    return {c, [o] {
        if (o->layer.empty() == o->network.empty()) throw UsageError("run needs --layer or --network");
        if (!o->network.empty()) return run_network_command({o->network, o->input, o->output, o->trace, o->backend, o->hardware()});
        return run_command(*o);
    }};
}

Command add_quantize_command(CLI::App& qmac) {
    auto o = std::make_shared<QuantizeOptions>();
    CLI::App* c = add_command(qmac, "quantize", "the seed's symmetric quantization of a float .npy tensor, or an affine one");
    c->add_option("--input", o->input, "float32 or float64 tensor (affine: float32)")->required()->type_name("F.npy");
    CLI::Option* bits = integer_in(c->add_option("--bits", o->bits, "symmetric: quantization bits")->type_name("K"), 2, 16);
    c->add_option("--output", o->output, "the codes (symmetric: int8 up to 8 bits, int32 beyond; affine: --dtype)")->required()->type_name("Q.npy");
    CLI::Option* range = positive_finite(c->add_option("--range", o->range, "symmetric: calibration range")->type_name("A"))
        ->default_str("max |x| of the tensor");
    CLI::Option* scale = positive_finite(c->add_option("--scale", o->scale, "affine: q = round(x / S) + Z")->type_name("S"));
    CLI::Option* zp = integer_in(c->add_option("--zero-point", o->zero_point, "affine: the zero point Z")->type_name("Z"), -128, 255);
    CLI::Option* dtype = one_of(c->add_option("--dtype", o->dtype, "affine: the codes' type"), {"int8", "uint8"});
    CLI::Option* rounding = one_of(c->add_option("--rounding", o->rounding, "affine: whose arithmetic (docs/numerics.md)"),
                                   {"tflite", "onnxruntime", "xnnpack"})
        ->default_str("onnxruntime (ties to even), or the network's");
    CLI::Option* network = c->add_option("--network", o->network, "affine, with the network's input quantization and rounding")->type_name("N.json");
    for (CLI::Option* affine : {scale, zp, dtype, rounding, network}) {
        bits->excludes(affine);
        range->excludes(affine);
    }
    network->excludes(scale);
    network->excludes(zp);
    network->excludes(dtype);
    scale->needs(zp);
    zp->needs(scale);
    return {c, [o] { return quantize_command(*o); }};
}

Command add_params_command(CLI::App& qmac) {
    auto o = std::make_shared<ParamsOptions>();
    CLI::App* c = add_command(qmac, "params", "the hardware kernels' integer parameters per channel of a layer, and whether they are exact");
    c->add_option("--layer", o->layer, "the layer (docs/layer-format.md)")->required()->type_name("L.json");
    one_of(c->add_option("--input-dtype", o->input_dtype, "the activations' type"), {"int8", "uint8"});
    return {c, [o] { return params_command(*o); }};
}

}  // namespace qmac::cli
