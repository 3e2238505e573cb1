#include "seed_hardware.hpp"

#include <stdexcept>
#include <string>

namespace qmac::tb {

OutParams seed_hardware_params(const golden::SeedResult& s) {
    const golden::FixedPointMapping m = golden::map_seed_to_fixed_point(s);
    if (!m.exact()) {
        throw std::runtime_error("the seed's requantization has no exact integer form: it differs on " +
                                 std::to_string(m.check.differing) + " accumulators, first at " +
                                 std::to_string(m.check.first));
    }
    OutParams o;
    o.bias = s.bias_q;
    o.multiplier = m.multiplier.multiplier;
    o.shift = m.multiplier.shift;
    o.rounding = hls_tb::rounding_code(m.rounding);  // truncation
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
