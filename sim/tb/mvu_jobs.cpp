#include "mvu_jobs.hpp"

#include <algorithm>

#include "qmac/golden/accumulate.hpp"
#include "qmac/golden/integer.hpp"
#include "stimulus.hpp"  // hls/tb: random_group, the per-output parameters of every rounding

namespace qmac::tb {

namespace {

bool chance(hls_tb::Rng& rng, double p) { return static_cast<double>(rng.next() >> 11) * 0x1.0p-53 < p; }

std::int32_t lane_value(std::uint8_t byte, bool act_signed) {
    return act_signed ? static_cast<std::int32_t>(static_cast<std::int8_t>(byte)) : static_cast<std::int32_t>(byte);
}

}  // namespace

MvuJob make_mvu_job(hls_tb::Rng& rng, std::uint64_t index, const MvuJobOptions& o) {
    MvuJob j;
    j.index = index;
    j.shape = static_cast<int>(rng.uniform(0, hw::kMvuPrebuiltCount - 1));
    const hw::MvuShape& s = hw::kMvuPrebuilt[j.shape];
    j.reset_before = chance(rng, o.reset_prob);
    MvuLayer& L = j.layer;
    L.act_signed = rng.chance(50);
    // Folds: one input fold or several (K / SIMD up to 2 PE, so that the one requantizer's peak-rate
    // condition K / SIMD >= PE holds about half the time); one output fold or several.
    const int k_folds = rng.chance(20) ? 1 : static_cast<int>(rng.uniform(2, 2 * s.pe));
    const int n_folds = rng.chance(25) ? 1 : static_cast<int>(rng.uniform(2, 6));
    L.k = k_folds * s.simd;
    L.n = n_folds * s.pe;
    j.full_rate = chance(rng, o.full_rate_prob);
    const int batch = static_cast<int>(rng.uniform(1, 4));

    std::vector<std::vector<std::uint8_t>> vectors(static_cast<std::size_t>(batch), std::vector<std::uint8_t>(static_cast<std::size_t>(L.k)));
    const bool extreme = rng.chance(8);  // every activation at an end of its type
    for (auto& v : vectors) {
        for (auto& b : v) {
            const std::uint64_t r = rng.next();
            b = extreme ? static_cast<std::uint8_t>((r & 1) ? (L.act_signed ? 0x7F : 0xFF) : (L.act_signed ? 0x80 : 0x00))
                        : static_cast<std::uint8_t>(r);
        }
    }
    std::vector<std::int32_t> x0(static_cast<std::size_t>(L.k));
    for (std::size_t i = 0; i < x0.size(); ++i) x0[i] = lane_value(vectors[0][i], L.act_signed);
    for (int c = 0; c < L.n; ++c) {
        // The channel's parameters as random_group draws them for one output (ties, extreme accumulators,
        // corner multipliers, clamps; every rounding); its accumulator is aimed at the first vector through
        // the bias: bias = target - sum(x0 * w), mod 2^32.
        const hls_tb::Group g = hls_tb::random_group(rng, s.simd, L.act_signed);
        std::vector<std::int32_t> w(static_cast<std::size_t>(L.k));
        const bool w_extreme = rng.chance(8);
        for (auto& v : w) v = w_extreme ? (rng.chance(50) ? 255 : -255) : static_cast<std::int32_t>(rng.uniform(-255, 255));
        hls_tb::OutParams p = g.params;
        p.bias = golden::wrap_int32(std::int64_t{g.acc} - golden::accumulate_wrapping(x0.data(), w.data(), x0.size(), 0));
        L.channels.push_back(p);
        for (std::int32_t v : w) L.weights.push_back(static_cast<std::int16_t>(v));
    }
    j.config = mvu_config_words(L);

    // The batch on the stream, with TLAST errors among the good vectors: an early TLAST (the vector ends
    // before its K / SIMD beats) or a late one (none on beat K / SIMD, more beats up to the next TLAST).
    std::vector<std::vector<std::uint8_t>> good;
    for (const auto& v : vectors) {
        const bool bad = !j.full_rate && chance(rng, o.tlast_error_prob);
        std::vector<MvuInBeat> beats = mvu_vector_beats(v, s.simd);
        if (bad && beats.size() > 1 && rng.chance(50)) {
            beats.resize(static_cast<std::size_t>(rng.uniform(1, static_cast<std::int64_t>(beats.size()) - 1)));
            beats.back().last = true;
            ++j.early_tlast;
        } else if (bad) {
            beats.back().last = false;
            const std::size_t extra = static_cast<std::size_t>(rng.uniform(1, 3));
            for (std::size_t e = 0; e < extra; ++e) beats.push_back(beats[e % beats.size()]);
            beats.back().last = true;
            ++j.late_tlast;
        } else {
            good.push_back(v);
        }
        j.input.insert(j.input.end(), beats.begin(), beats.end());
    }
    j.good_vectors = good.size();
    j.expected = mvu_expected_beats(L, good, s.pe);
    for (const auto& v : good) {
        std::vector<std::int32_t> x(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) x[i] = lane_value(v[i], L.act_signed);
        for (int c = 0; c < L.n; ++c) {
            const std::vector<std::int32_t> row(L.weights.begin() + static_cast<std::ptrdiff_t>(c) * L.k,
                                                L.weights.begin() + static_cast<std::ptrdiff_t>(c + 1) * L.k);
            j.accumulators.push_back(golden::accumulate_wrapping(x.data(), row.data(), x.size(), L.channels[static_cast<std::size_t>(c)].bias));
        }
    }
    return j;
}

}  // namespace qmac::tb
