#include "seed_hardware.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "qmac/golden/fixed_point_mapping.hpp"

namespace qmac::tb {

OutParams seed_hardware_params(const golden::SeedResult& s) {
    std::int64_t reach = 0;
    for (std::int32_t w : s.weights_q) reach += std::int64_t{std::abs(w)} * s.activation_quant.codes().max;
    const golden::RequantParams p = golden::make_requant_params(golden::RequantMode::Seed, s.requant_coefficient);
    const golden::FixedPointMapping m = golden::map_to_fixed_point(p, s.output_stage, s.bias_q - reach, s.bias_q + reach);
    if (!m.exact()) {
        throw std::runtime_error("the seed's requantization has no exact integer form: it differs on " +
                                 std::to_string(m.check.differing) + " accumulators, first at " +
                                 std::to_string(m.check.first));
    }
    OutParams o;
    o.bias = s.bias_q;
    o.multiplier = m.multiplier.multiplier;
    o.shift = m.multiplier.shift;
    o.rounding = hw::kRoundTruncate;
    o.zero_point = s.output_stage.zero_point;
    o.min = s.output_stage.min;
    o.max = s.output_stage.max;
    return o;
}

Group seed_group(const golden::SeedResult& s, const OutParams& params, int lanes) {
    Group g;
    const std::size_t k = s.weights_q.size();
    for (std::size_t start = 0; start < k; start += static_cast<std::size_t>(lanes)) {
        InBeat b{};
        for (std::size_t i = 0; i < static_cast<std::size_t>(lanes) && start + i < k; ++i) {
            b.act[i] = static_cast<std::int16_t>(s.activations_q[start + i]);
            b.wgt[i] = static_cast<std::int8_t>(s.weights_q[start + i]);
        }
        g.beats.push_back(b);
    }
    g.beats.back().last = true;
    g.beats.back().params = params;
    finish_group(g, lanes);
    return g;
}

}  // namespace qmac::tb
