#include "backends.hpp"

#include "command_line.hpp"
#include "hardware_seed.hpp"

namespace qmac::cli {

namespace {

// The golden model's own result (golden::run_seed): the reference. Comparing golden with golden would
// prove nothing; ctest compares its printout with the numpy seed's (tests/data/seed).
DotResult golden_seed(const golden::SeedResult& s) { return {s.accumulator, s.output_q}; }

}  // namespace

const std::vector<Backend>& available_backends() {
    static const std::vector<Backend> backends = {
        {"golden", "golden C++ model (float64 seed requantization): the reference", golden_seed, true},
        {"hls", "HLS C++ kernel qmac_dot_top, C-simulated (integer truncation, proven exact)", hls_seed},
#ifdef QMAC_WITH_RTL
        {"rtl", "SystemVerilog qmac_dot, Verilated (integer truncation, proven exact)", rtl_seed},
#endif
    };
    return backends;
}

std::vector<std::string> backend_choices() {
    std::vector<std::string> names;
    for (const Backend& b : available_backends()) names.push_back(b.name);
    names.push_back("all");
    return names;
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
