// Reads groups' int32 accumulators out of a DUT whose only output is the 8-bit code, by successive
// approximation through its ports: truncating requantizations by 2^-24, 2^-17, 2^-10, 2^-3 and 1, each
// time subtracting the part already read through the bias input. Every step is a real run of the datapath
// (multipliers, adder tree, accumulator, bias adder, requantizer), so the value read is the one the
// hardware computed, not a model's.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "contract.hpp"
#include "qmac/golden/integer.hpp"

namespace qmac::tb {

// run_all(params) runs every group once, group g with the per-output parameters params[g], and returns
// their output codes in order. biases[g] is group g's own bias. out_signed: the DUT's output type is int8
// (else uint8: the quotient is read around zero point 128, inside the type as the contract requires).
inline std::vector<std::int32_t> read_accumulators(
    const std::vector<std::int32_t>& biases, bool out_signed,
    const std::function<std::vector<std::int32_t>(const std::vector<OutParams>&)>& run_all) {
    std::vector<std::int64_t> known(biases.size(), 0);  // sum of the parts read so far
    std::vector<OutParams> params(biases.size());
    for (int e : {24, 17, 10, 3, 0}) {
        for (std::size_t g = 0; g < biases.size(); ++g) {
            OutParams& p = params[g];
            p.bias = golden::wrap_int32(std::int64_t{biases[g]} - known[g]);  // the hardware holds acc - known
            p.multiplier = 1 << 30;                                           // 0.5 * 2^shift = 2^-e
            p.shift = 1 - e;
            p.rounding = hw::kRoundTruncate;
            p.zero_point = out_signed ? 0 : 128;
            p.min = out_signed ? -128 : 0;
            p.max = out_signed ? 127 : 255;
        }
        // |acc - known| < 2^(e + 7): each quotient fits the 8-bit output without clamping.
        const std::vector<std::int32_t> q = run_all(params);
        for (std::size_t g = 0; g < biases.size(); ++g) known[g] += (std::int64_t{q.at(g)} - params[g].zero_point) * (std::int64_t{1} << e);  // a quotient may be negative: no << of it
    }
    std::vector<std::int32_t> acc(biases.size());
    for (std::size_t g = 0; g < biases.size(); ++g) acc[g] = golden::wrap_int32(known[g]);
    return acc;
}

}  // namespace qmac::tb
