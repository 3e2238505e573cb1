#include "mvu_layer.hpp"

#include "qmac/hls/interface.hpp"


namespace qmac::tb {
namespace {

std::string range(std::int64_t lo, std::int64_t hi) {
    return "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
}

void check_channel(const hls_tb::OutParams& p, int n) {
    const std::string where = "channel " + std::to_string(n) + ": ";
    if (p.rounding >= static_cast<unsigned>(hw::kRoundingCodes)) {
        throw MvuLayerError(where + "rounding " + std::to_string(p.rounding) + " outside " + range(0, hw::kRoundingCodes - 1));
    }
    const char* mode = hw::kRoundingNames[p.rounding];
    if (p.shift < hw::shift_min(p.rounding) || p.shift > hw::shift_max(p.rounding)) {
        throw MvuLayerError(where + "shift " + std::to_string(p.shift) + " outside " +
                            range(hw::shift_min(p.rounding), hw::shift_max(p.rounding)) + ", the shifts of rounding " + mode);
    }
    if (p.multiplier < 0 || p.multiplier > hw::multiplier_max(p.rounding)) {
        throw MvuLayerError(where + "multiplier " + std::to_string(p.multiplier) + " outside " +
                            range(0, hw::multiplier_max(p.rounding)) + " for rounding " + mode);
    }
    if (p.wrap_offset > static_cast<unsigned>(hw::kWrapOffsetMax)) {  // unsigned: kWrapOffsetMin is 0
        throw MvuLayerError(where + "wrap_offset " + std::to_string(p.wrap_offset) + " outside " +
                            range(hw::kWrapOffsetMin, hw::kWrapOffsetMax));
    }
    if (p.zero_point < hw::kOutParamMin || p.zero_point > hw::kOutParamMax) {
        throw MvuLayerError(where + "out_zero_point " + std::to_string(p.zero_point) + " outside " +
                            range(hw::kOutParamMin, hw::kOutParamMax));
    }
    const bool int8 = p.min >= -128 && p.max <= 127, uint8 = p.min >= 0 && p.max <= 255;
    if (p.min > p.max || !(int8 || uint8)) {
        throw MvuLayerError(where + "clamp [" + std::to_string(p.min) + ", " + std::to_string(p.max) +
                            "] is not an ordered range inside int8 or uint8");
    }
}

}  // namespace

void check_mvu_layer(const MvuLayer& layer, const hw::MvuShape& shape) {
    if (layer.k < shape.simd || layer.k > shape.max_k || layer.k % shape.simd != 0) {
        throw MvuLayerError("K = " + std::to_string(layer.k) + " must be a multiple of SIMD = " + std::to_string(shape.simd) +
                            " in " + range(shape.simd, shape.max_k) + " (MAX_K of this engine)");
    }
    if (layer.n < shape.pe || layer.n > shape.max_n || layer.n % shape.pe != 0) {
        throw MvuLayerError("N = " + std::to_string(layer.n) + " must be a multiple of PE = " + std::to_string(shape.pe) +
                            " in " + range(shape.pe, shape.max_n) + " (MAX_N of this engine)");
    }
    if (layer.channels.size() != static_cast<std::size_t>(layer.n)) {
        throw MvuLayerError(std::to_string(layer.channels.size()) + " channel records for N = " + std::to_string(layer.n));
    }
    if (layer.weights.size() != static_cast<std::size_t>(layer.n) * static_cast<std::size_t>(layer.k)) {
        throw MvuLayerError(std::to_string(layer.weights.size()) + " weights for N x K = " + std::to_string(layer.n) + " x " +
                            std::to_string(layer.k));
    }
    for (int c = 0; c < layer.n; ++c) check_channel(layer.channels[static_cast<std::size_t>(c)], c);
    for (std::size_t i = 0; i < layer.weights.size(); ++i) {
        if (layer.weights[i] < -255 || layer.weights[i] > 255) {
            throw MvuLayerError("weight [" + std::to_string(i / static_cast<std::size_t>(layer.k)) + ", " +
                                std::to_string(i % static_cast<std::size_t>(layer.k)) + "] = " + std::to_string(layer.weights[i]) +
                                " outside [-255, 255] (w - zw)");
        }
    }
}

MvuLayer pad_mvu_layer(const MvuLayer& layer, const hw::MvuShape& shape) {
    const auto up = [](int v, int m) { return (v + m - 1) / m * m; };
    MvuLayer out;
    out.k = up(layer.k, shape.simd);
    out.n = up(layer.n, shape.pe);
    out.act_signed = layer.act_signed;
    if (out.k > shape.max_k || out.n > shape.max_n) {
        throw MvuLayerError("a " + std::to_string(layer.n) + " x " + std::to_string(layer.k) + " layer (padded to " +
                            std::to_string(out.n) + " x " + std::to_string(out.k) + ") exceeds this engine's MAX_N x MAX_K = " +
                            std::to_string(shape.max_n) + " x " + std::to_string(shape.max_k));
    }
    out.channels = layer.channels;
    out.channels.resize(static_cast<std::size_t>(out.n));
    out.weights.assign(static_cast<std::size_t>(out.n) * static_cast<std::size_t>(out.k), 0);
    for (int c = 0; c < layer.n; ++c) {
        for (int i = 0; i < layer.k; ++i) {
            out.weights[static_cast<std::size_t>(c) * static_cast<std::size_t>(out.k) + static_cast<std::size_t>(i)] =
                layer.weights[static_cast<std::size_t>(c) * static_cast<std::size_t>(layer.k) + static_cast<std::size_t>(i)];
        }
    }
    return out;
}

std::vector<std::uint32_t> mvu_config_words(const MvuLayer& layer) {
    const auto field = [](std::int64_t v, int lsb, int bits) {
        const std::uint64_t mask = bits >= 32 ? 0xFFFFFFFFull : ((1ull << bits) - 1u);
        return static_cast<std::uint32_t>((static_cast<std::uint64_t>(v) & mask) << lsb);
    };
    std::vector<std::uint32_t> w(hw::kMvuHeaderWords, 0);
    w[hw::kMvuHeaderKWord] |= field(layer.k, hw::kMvuHeaderKLsb, hw::kMvuHeaderKBits);
    w[hw::kMvuHeaderNWord] |= field(layer.n, hw::kMvuHeaderNLsb, hw::kMvuHeaderNBits);
    w[hw::kMvuHeaderActSignedWord] |= field(layer.act_signed ? 1 : 0, hw::kMvuHeaderActSignedLsb, hw::kMvuHeaderActSignedBits);
    for (const hls_tb::OutParams& p : layer.channels) {
        std::uint32_t r[hw::kMvuChannelWords] = {};
        r[hw::kMvuChannelBiasWord] |= field(p.bias, hw::kMvuChannelBiasLsb, hw::kMvuChannelBiasBits);
        r[hw::kMvuChannelMultiplierWord] |= field(p.multiplier, hw::kMvuChannelMultiplierLsb, hw::kMvuChannelMultiplierBits);
        r[hw::kMvuChannelShiftWord] |= field(p.shift, hw::kMvuChannelShiftLsb, hw::kMvuChannelShiftBits);
        r[hw::kMvuChannelRoundingWord] |= field(p.rounding, hw::kMvuChannelRoundingLsb, hw::kMvuChannelRoundingBits);
        r[hw::kMvuChannelWrapOffsetWord] |= field(p.wrap_offset, hw::kMvuChannelWrapOffsetLsb, hw::kMvuChannelWrapOffsetBits);
        r[hw::kMvuChannelOutZeroPointWord] |= field(p.zero_point, hw::kMvuChannelOutZeroPointLsb, hw::kMvuChannelOutZeroPointBits);
        r[hw::kMvuChannelOutMinWord] |= field(p.min, hw::kMvuChannelOutMinLsb, hw::kMvuChannelOutMinBits);
        r[hw::kMvuChannelOutMaxWord] |= field(p.max, hw::kMvuChannelOutMaxLsb, hw::kMvuChannelOutMaxBits);
        w.insert(w.end(), r, r + hw::kMvuChannelWords);
    }
    static_assert(hw::kMvuCfgWordBits == 2 * hw::kMvuWeightFieldBits, "two weights per configuration word");
    for (std::size_t i = 0; i < layer.weights.size(); i += 2) {
        std::uint32_t word = field(layer.weights[i], 0, hw::kMvuWeightFieldBits);
        if (i + 1 < layer.weights.size()) word |= field(layer.weights[i + 1], hw::kMvuWeightFieldBits, hw::kMvuWeightFieldBits);
        w.push_back(word);
    }
    return w;
}

std::int32_t mvu_output_code(std::uint8_t byte, const hls_tb::OutParams& p) {
    return p.min < 0 ? static_cast<std::int32_t>(static_cast<std::int8_t>(byte)) : static_cast<std::int32_t>(byte);
}

}  // namespace qmac::tb
