#include "mvu_engine.hpp"

#include <algorithm>
#include <stdexcept>

#include "hardware_params.hpp"
#include "mvu_layer.hpp"
#include "mvu_stream.hpp"

namespace qmac::cli {

std::string mvu_name(const hw::MvuShape& s) { return std::to_string(s.pe) + "x" + std::to_string(s.simd); }

std::vector<std::string> prebuilt_mvu_names() {
    std::vector<std::string> names;
    for (const hw::MvuShape& s : hw::kMvuPrebuilt) names.push_back(mvu_name(s));
    return names;
}

std::optional<hw::MvuShape> prebuilt_mvu(const std::string& name) {
    for (const hw::MvuShape& s : hw::kMvuPrebuilt) {
        if (mvu_name(s) == name) return s;
    }
    return std::nullopt;
}

hw::MvuShape default_mvu() {
    // 8 x 8: the prebuilt engine of qmac_dot's LANES = 8 width, so the default runs as many MACs per cycle
    // per output channel group as the streaming kernel did, with PE channels at once.
    const std::optional<hw::MvuShape> s = prebuilt_mvu("8x8");
    if (!s) throw std::logic_error("the contract has no prebuilt 8 x 8 MVU");
    return *s;
}

MvuEngine::MvuEngine(const std::string& backend, const hw::MvuShape& shape) : backend_(backend), shape_(shape) {
    if (backend == "hls") dut_ = tb::make_hls_mvu(shape);
#ifdef QMAC_WITH_RTL
    if (backend == "rtl") dut_ = tb::make_rtl_mvu(shape, false, 1);
#endif
    if (!dut_) throw std::runtime_error("the " + backend + " MVU " + mvu_name(shape) + " is not built into this qmac");
    tb::mvu_reset(*dut_);
}

std::string MvuEngine::description() const { return backend_ + " mvu " + mvu_name(shape_); }

std::vector<std::int32_t> MvuEngine::run(const layer::LayerSpec& L, const std::vector<layer::HardwareChannel>& channels,
                                         const std::vector<std::int32_t>& x, std::size_t batch,
                                         const std::function<void(std::size_t, std::size_t)>& progress) {
    if (L.k > static_cast<std::size_t>(shape_.max_k)) {
        throw std::runtime_error(L.source + ": K = " + std::to_string(L.k) + " exceeds MAX_K = " + std::to_string(shape_.max_k) +
                                 " of the MVU " + mvu_name(shape_) +
                                 " (its input buffer holds one vector); --kernel dot streams the weights and takes any K");
    }
    const std::size_t tile_n = static_cast<std::size_t>(shape_.max_n), tiles = (L.n + tile_n - 1) / tile_n;
    // The input vectors, zero-padded to a multiple of SIMD (the padded weights are 0, so any byte adds 0).
    const std::size_t k_pad = (L.k + static_cast<std::size_t>(shape_.simd) - 1) / static_cast<std::size_t>(shape_.simd) *
                              static_cast<std::size_t>(shape_.simd);
    std::vector<std::vector<tb::MvuInBeat>> vectors(batch);
    for (std::size_t b = 0; b < batch; ++b) {
        std::vector<std::uint8_t> v(k_pad, 0);
        for (std::size_t i = 0; i < L.k; ++i) v[i] = static_cast<std::uint8_t>(x[b * L.k + i] & 0xFF);
        vectors[b] = tb::mvu_vector_beats(v, shape_.simd);
    }
    // Parts of the work between progress calls: the batch in tenths when someone watches, else in one go.
    const std::size_t part = progress ? std::max<std::size_t>(1, (batch + 9) / 10) : std::max<std::size_t>(batch, 1);
    std::vector<std::int32_t> y(batch * L.n);
    for (std::size_t t = 0; t < tiles; ++t) {
        const std::size_t first = t * tile_n, n = std::min(tile_n, L.n - first);
        tb::MvuLayer tile;
        tile.k = static_cast<int>(L.k);
        tile.n = static_cast<int>(n);
        tile.act_signed = L.input_dtype == layer::Dtype::Int8;
        tile.weights.reserve(n * L.k);
        for (std::size_t c = first; c < first + n; ++c) {
            tile.channels.push_back(hardware_out_params(L, channels[c]));
            for (std::int32_t w : channels[c].weights) tile.weights.push_back(static_cast<std::int16_t>(w));
        }
        tb::MvuLayer padded;
        try {
            padded = tb::pad_mvu_layer(tile, shape_);
            tb::check_mvu_layer(padded, shape_);
        } catch (const tb::MvuLayerError& e) {
            throw std::runtime_error(L.source + ": channels " + std::to_string(first) + ".." + std::to_string(first + n - 1) +
                                     " on the MVU " + mvu_name(shape_) + ": " + e.what());
        }
        const std::size_t folds = static_cast<std::size_t>(padded.n / shape_.pe);
        std::vector<std::uint32_t> config = tb::mvu_config_words(padded);  // loaded once per tile
        ++stats_.tiles;
        for (std::size_t b0 = 0; b0 < batch; b0 += part) {
            const std::size_t b1 = std::min(batch, b0 + part);
            std::vector<tb::MvuInBeat> beats;
            for (std::size_t b = b0; b < b1; ++b) beats.insert(beats.end(), vectors[b].begin(), vectors[b].end());
            tb::MvuStreamResult r;
            try {
                r = tb::mvu_stream(*dut_, config, beats, (b1 - b0) * folds);
            } catch (const tb::MvuStreamError& e) {
                throw std::runtime_error(L.source + ": " + e.what());
            }
            config.clear();  // the next part of the batch runs on the layer already loaded
            stats_.cycles += r.cycles;
            if (r.err_cfg || r.err_tlast || !r.configured) {
                throw std::runtime_error(L.source + ": the " + description() + " flagged " +
                                         (r.err_cfg ? "a malformed configuration" : r.err_tlast ? "a TLAST error" : "no layer loaded"));
            }
            for (std::size_t b = b0; b < b1; ++b) {
                for (std::size_t f = 0; f < folds; ++f) {
                    const tb::MvuOutBeat& beat = r.out[(b - b0) * folds + f];
                    if (beat.last != (f + 1 == folds)) {
                        throw std::runtime_error(L.source + ": the " + description() + " put TLAST on fold " + std::to_string(f) +
                                                 " of " + std::to_string(folds));
                    }
                    // Lane p of fold f is channel f x PE + p of the tile; the padding's channels are dropped.
                    for (std::size_t p = 0; p < static_cast<std::size_t>(shape_.pe); ++p) {
                        const std::size_t c = f * static_cast<std::size_t>(shape_.pe) + p;
                        if (c >= n) break;
                        y[b * L.n + first + c] = tb::mvu_output_code(beat.data[p], padded.channels[c]);
                    }
                }
            }
            if (progress) progress(t * batch + b1, tiles * batch);
        }
    }
    return y;
}

}  // namespace qmac::cli
