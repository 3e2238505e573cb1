#include "qmac/golden/seed_example.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "qmac/golden/accumulate.hpp"
#include "qmac/golden/python_format.hpp"

namespace qmac::golden {

SeedInputs SeedInputs::example_01() {
    SeedInputs in;
    in.weights = {-23.543, 8.533, 1.012, -12.4756, 34.53};
    in.activations = {0.32432, 1.123213, 0.234324, 5.234234, 4.234323};
    in.bias = 33.1;
    return in;
}

namespace {
void require_finite(const std::vector<double>& v, const char* name) {
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!std::isfinite(v[i])) {
            throw std::invalid_argument(std::string(name) + "[" + std::to_string(i) + "] is not finite");
        }
    }
}
}  // namespace

SeedResult run_seed(const SeedInputs& in) {
    if (in.weights.empty()) throw std::invalid_argument("weights are empty");
    if (in.weights.size() != in.activations.size()) {
        throw std::invalid_argument("weights (" + std::to_string(in.weights.size()) + ") and activations (" +
                                    std::to_string(in.activations.size()) + ") differ in length");
    }
    require_finite(in.weights, "weights");
    require_finite(in.activations, "activations");
    if (!std::isfinite(in.bias)) throw std::invalid_argument("bias is not finite");

    SeedResult r{};
    std::vector<double> products(in.weights.size());
    for (std::size_t i = 0; i < products.size(); ++i) products[i] = in.weights[i] * in.activations[i];
    r.float_result = numpy_pairwise_sum(products) + in.bias;

    r.weight_quant = make_symmetric_from_tensor(in.bits, in.weights);
    r.activation_quant = make_symmetric(in.bits, in.activation_range);
    r.output_quant = make_symmetric(in.bits, in.output_range);

    r.weights_q = quantize(in.weights, r.weight_quant, Rounding::HalfEven);
    r.activations_q = quantize(in.activations, r.activation_quant, Rounding::HalfEven);
    r.bias_q = quantize_bias_seed(in.bias, r.weight_quant.scale, r.activation_quant.scale);
    r.accumulator_scale = r.weight_quant.scale * r.activation_quant.scale;

    const CheckedAccumulation acc = accumulate_checked(r.weights_q, r.activations_q, r.bias_q);
    if (acc.overflow) {
        throw std::overflow_error("accumulator " + std::to_string(acc.exact) + " overflows int32");
    }

    r.requant_coefficient =
        seed_coefficient(r.weight_quant.scale, r.activation_quant.scale, r.output_quant.scale);
    r.output_stage = symmetric_output_stage(in.bits);
    set_seed_outputs(r, acc.value, requantize_seed(acc.value, r.requant_coefficient, r.output_stage));
    return r;
}

void set_seed_outputs(SeedResult& r, std::int32_t accumulator, std::int32_t output_q) {
    r.accumulator = accumulator;
    r.output_q = output_q;
    r.dequantized = dequantize(output_q, r.output_quant);
    r.error_percent = 100.0 * std::fabs(r.float_result - r.dequantized) / r.float_result;
}

FixedPointMapping map_seed_to_fixed_point(const SeedResult& r) {
    std::int64_t reach = 0;
    for (std::int32_t w : r.weights_q) reach += std::int64_t{std::abs(w)} * r.activation_quant.codes().max;
    const RequantParams p = make_requant_params(RequantMode::Seed, r.requant_coefficient);
    return map_to_fixed_point(p, r.output_stage, r.bias_q - reach, r.bias_q + reach);
}

std::vector<std::string> format_seed_report(const SeedResult& r) {
    const auto f6 = [](double v) { return format_fixed(v, 6); };
    const auto ints = [](const std::vector<std::int32_t>& v) {
        return numpy_int_array_str(std::vector<std::int64_t>(v.begin(), v.end()));
    };
    const std::string k = std::to_string(r.weight_quant.bits);
    return {
        "Floating point result: " + python_float_repr(r.float_result),
        "Weights data: k = " + k + " a = " + f6(r.weight_quant.range) + " s = " + f6(r.weight_quant.scale),
        "Activations data: k = " + k + " a = " + f6(r.activation_quant.range) + " s = " +
            f6(r.activation_quant.scale),
        "Maximum value in quant: " + std::to_string(r.weight_quant.codes().max),
        "Quant weights: " + ints(r.weights_q),
        "Quant bias: " + std::to_string(r.bias_q),
        "Quant activations: " + ints(r.activations_q),
        "New scale after multiplication: " + f6(r.accumulator_scale),
        "Quantized result: " + std::to_string(r.accumulator),
        "Result scale data a = " + f6(r.output_quant.range) + " scale = " + f6(r.output_quant.scale),
        "Requantization coefficient: " + f6(r.requant_coefficient),
        "Result rescaled for layer2: " + f6(static_cast<double>(r.output_q)),
        "Dequant result: " + f6(r.dequantized) + " Real result: " + f6(r.float_result) +
            " Error: " + f6(r.error_percent) + "%",
    };
}

}  // namespace qmac::golden
