// The seed procedure (shared seed example_01_quant_of_single_operation.py) as golden-model calls:
// quantize W, A and B symmetrically, accumulate W*A+B in int32, requantize for the next layer, dequantize.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "qmac/golden/fixed_point_mapping.hpp"
#include "qmac/golden/quantize.hpp"
#include "qmac/golden/requantize.hpp"

namespace qmac::golden {

struct SeedInputs {
    std::vector<double> weights;
    std::vector<double> activations;
    double bias = 0.0;
    int bits = 8;                    // k
    double activation_range = 6.0;   // calibration range of the activations
    double output_range = 150.0;     // calibration range of the next layer's input
    // The numbers of example_01: W = [-23.543, 8.533, 1.012, -12.4756, 34.53], A = [...], B = 33.1.
    static SeedInputs example_01();
};

struct SeedResult {
    double float_result;                  // sum(W * A) + B in float64, numpy's summation order
    SymmetricQuant weight_quant;          // a = max |W|
    SymmetricQuant activation_quant;
    SymmetricQuant output_quant;
    std::vector<std::int32_t> weights_q;  // round_half_even(W * s_w)
    std::vector<std::int32_t> activations_q;  // clip(round_half_even(A * s_a))
    std::int32_t bias_q;                  // round_half_even(B * s_w * s_a)
    double accumulator_scale;             // s_w * s_a ("New scale after multiplication")
    std::int32_t accumulator;             // sum(Wq * Aq) + Bq, int32
    double requant_coefficient;           // s_out / (s_w * s_a)
    OutputStage output_stage;             // [-(2^(k-1)-1), 2^(k-1)-1], zero point 0
    std::int32_t output_q;                // requantize_seed(accumulator, coefficient)
    double dequantized;                   // float32(output_q) / s_out
    double error_percent;                 // 100 |float_result - dequantized| / float_result
};

// Runs the procedure. Throws std::invalid_argument for empty or mismatched vectors, non-finite values,
// k outside [2, 16], ranges <= 0; std::overflow_error when the int32 accumulator or bias would overflow.
SeedResult run_seed(const SeedInputs& in);

// Stores a backend's accumulator and output code in r and recomputes what follows from them
// (dequantized value, error); run_seed ends with it, and other backends' reports are built with it.
void set_seed_outputs(SeedResult& r, std::int32_t accumulator, std::int32_t output_q);

// The seed's float64 requantization as the integer hardware runs it: map_to_fixed_point (truncation) over
// every accumulator the seed layer can reach, bias_q +- sum |w_q| * the largest activation code. The result
// says whether the mapping is exact (exact()); the callers (the hardware backends, the HLS test bench)
// refuse to run an inexact one.
FixedPointMapping map_seed_to_fixed_point(const SeedResult& r);

// The seed's 13 printed lines, character for character (numpy 1.24 formatting).
std::vector<std::string> format_seed_report(const SeedResult& r);

}  // namespace qmac::golden
