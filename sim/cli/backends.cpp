#include "backends.hpp"

#include "args.hpp"
#include "hardware_seed.hpp"
#include "qmac/golden/accumulate.hpp"
#include "qmac/golden/requantize.hpp"

namespace qmac::cli {

namespace {

// The golden model run from the quantized integers alone, as any other backend is.
DotResult golden_seed(const golden::SeedResult& s) {
    const std::int32_t acc = golden::accumulate_wrapping(s.weights_q, s.activations_q, s.bias_q);
    return {acc, golden::requantize_seed(acc, s.requant_coefficient, s.output_stage)};
}

}  // namespace

const std::vector<Backend>& available_backends() {
    static const std::vector<Backend> backends = {
        {"golden", "golden C++ model (float64 seed requantization)", golden_seed},
        {"hls", "HLS C++ kernel qmac_dot_top, C-simulated (integer truncation, proven exact)", hls_seed},
#ifdef QMAC_WITH_RTL
        {"rtl", "SystemVerilog qmac_dot, Verilated (integer truncation, proven exact)", rtl_seed},
#endif
    };
    return backends;
}

std::vector<Backend> select_backends(const std::string& choice) {
    const auto& all = available_backends();
    if (choice == "all") return all;
    std::string names;
    for (const Backend& b : all) {
        if (b.name == choice) return {b};
        names += b.name + "|";
    }
    throw UsageError("--backend must be one of " + names + "all, got '" + choice + "'");
}

}  // namespace qmac::cli
