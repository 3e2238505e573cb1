#include "mvu_reference.hpp"

#include <stdexcept>

#include "qmac/golden/accumulate.hpp"
#include "stimulus.hpp"  // hls/tb: golden_output

namespace qmac::tb {

std::vector<std::int32_t> mvu_expected_outputs(const MvuLayer& layer, const std::vector<std::uint8_t>& x) {
    if (x.size() != static_cast<std::size_t>(layer.k)) {
        throw std::invalid_argument("mvu_expected_outputs: a vector of " + std::to_string(x.size()) + " bytes for K = " +
                                    std::to_string(layer.k));
    }
    const std::size_t k = x.size();
    std::vector<std::int32_t> act(k), w(k), y(static_cast<std::size_t>(layer.n));
    for (std::size_t i = 0; i < k; ++i) {
        act[i] = layer.act_signed ? static_cast<std::int32_t>(static_cast<std::int8_t>(x[i])) : static_cast<std::int32_t>(x[i]);
    }
    for (std::size_t c = 0; c < y.size(); ++c) {
        for (std::size_t i = 0; i < k; ++i) w[i] = layer.weights[c * k + i];
        const std::int32_t acc = golden::accumulate_wrapping(act.data(), w.data(), k, layer.channels[c].bias);
        y[c] = hls_tb::golden_output(acc, layer.channels[c]);
    }
    return y;
}

std::vector<MvuOutBeat> mvu_expected_beats(const MvuLayer& layer, const std::vector<std::vector<std::uint8_t>>& batch, int pe) {
    if (pe < 1 || layer.n % pe != 0) throw std::invalid_argument("mvu_expected_beats: N is not a multiple of PE");
    std::vector<MvuOutBeat> beats;
    const int folds = layer.n / pe;
    for (const auto& x : batch) {
        const std::vector<std::int32_t> y = mvu_expected_outputs(layer, x);
        for (int f = 0; f < folds; ++f) {
            MvuOutBeat b;
            for (int p = 0; p < pe; ++p) b.data.push_back(static_cast<std::uint8_t>(y[static_cast<std::size_t>(f * pe + p)] & 0xFF));
            b.last = f + 1 == folds;
            beats.push_back(std::move(b));
        }
    }
    return beats;
}

}  // namespace qmac::tb
