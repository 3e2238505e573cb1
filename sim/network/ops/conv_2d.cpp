// conv_2d as im2col: every output pixel's receptive field one row, each group's rows through the layer's
// output channels of that group, the results scattered into the output's layout.
#include <stdexcept>

#include "ops.hpp"

namespace qmac::network {

std::vector<std::int32_t> im2col(const NetworkSpec& net, const OpSpec& op, const Tensor& x, std::size_t group) {
    const TensorSpec& in = net.tensor(op.inputs[0]);
    const Window& w = op.window;
    const Image xi = image_of(in.shape, w.nchw), yi = image_of(net.tensor(op.outputs[0]).shape, w.nchw);
    const std::size_t cg = xi.channels / op.groups, c0 = group * cg;
    const std::size_t kh = w.kernel[0], kw = w.kernel[1];
    std::vector<std::int32_t> rows;
    rows.reserve(yi.batch * yi.height * yi.width * kh * kw * cg);
    // The input code at (b, c, y, x) of the padded image; outside the image: the zero point (real 0).
    const auto at = [&](std::size_t b, std::size_t c, std::ptrdiff_t y, std::ptrdiff_t xx) {
        if (y < 0 || xx < 0 || y >= static_cast<std::ptrdiff_t>(xi.height) || xx >= static_cast<std::ptrdiff_t>(xi.width)) {
            return in.zero_point;
        }
        return x.codes[xi.index(b, c, static_cast<std::size_t>(y), static_cast<std::size_t>(xx))];
    };
    for (std::size_t b = 0; b < yi.batch; ++b) {
        for (std::size_t oy = 0; oy < yi.height; ++oy) {
            for (std::size_t ox = 0; ox < yi.width; ++ox) {
                const std::ptrdiff_t y0 = static_cast<std::ptrdiff_t>(oy * w.stride[0]) - static_cast<std::ptrdiff_t>(w.pads[0]);
                const std::ptrdiff_t x0 = static_cast<std::ptrdiff_t>(ox * w.stride[1]) - static_cast<std::ptrdiff_t>(w.pads[1]);
                const auto pos = [&](std::size_t i, std::size_t j, std::size_t c) {
                    return at(b, c0 + c, y0 + static_cast<std::ptrdiff_t>(i * w.dilation[0]),
                              x0 + static_cast<std::ptrdiff_t>(j * w.dilation[1]));
                };
                if (w.nchw) {  // (c, kh, kw): ONNX's weight order [N, C/G, KH, KW]
                    for (std::size_t c = 0; c < cg; ++c)
                        for (std::size_t i = 0; i < kh; ++i)
                            for (std::size_t j = 0; j < kw; ++j) rows.push_back(pos(i, j, c));
                } else {  // (kh, kw, c): TFLite's weight order [N, KH, KW, C]
                    for (std::size_t i = 0; i < kh; ++i)
                        for (std::size_t j = 0; j < kw; ++j)
                            for (std::size_t c = 0; c < cg; ++c) rows.push_back(pos(i, j, c));
                }
            }
        }
    }
    return rows;
}

OpResult run_conv_2d(const NetworkSpec& net, const OpSpec& op, const Tensor& x, const MacRunner& mac) {
    const TensorSpec& out = net.tensor(op.outputs[0]);
    const Image yi = image_of(out.shape, op.window.nchw);
    const std::size_t pixels = yi.batch * yi.height * yi.width, per_group = op.layer.n / op.groups;
    OpResult r;
    r.output.codes.assign(out.elements(), 0);
    for (std::size_t g = 0; g < op.groups; ++g) {
        const layer::LayerResult lr = mac(op, g, im2col(net, op, x, g), pixels);
        if (lr.outputs.size() != pixels * per_group) throw std::runtime_error("op '" + op.name + "': the backend returned too few outputs");
        if (!lr.accumulators.empty()) r.accumulators.resize(out.elements(), 0);  // returned when asked for
        for (std::size_t p = 0; p < pixels; ++p) {
            const std::size_t b = p / (yi.height * yi.width), oy = p / yi.width % yi.height, ox = p % yi.width;
            for (std::size_t c = 0; c < per_group; ++c) {
                const std::size_t i = yi.index(b, g * per_group + c, oy, ox);
                r.output.codes[i] = lr.outputs[p * per_group + c];
                if (!lr.accumulators.empty()) r.accumulators[i] = lr.accumulators[p * per_group + c];
            }
        }
    }
    return r;
}

}  // namespace qmac::network
