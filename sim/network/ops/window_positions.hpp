// The input positions of a pooling window that lie inside the image (padded positions take no part).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "network_spec.hpp"
#include "tensor.hpp"

namespace qmac::network {

// The window of output pixel (oy, ox) clipped to the image: rows [y_begin, y_end), columns [x_begin, x_end).
struct ClippedWindow {
    std::size_t y_begin, y_end, x_begin, x_end;
    std::size_t count() const { return (y_end - y_begin) * (x_end - x_begin); }
};

inline ClippedWindow clip_window(const Window& w, const Image& in, std::size_t oy, std::size_t ox) {
    const auto clip = [](std::size_t out, std::size_t stride, std::size_t pad, std::size_t kernel, std::size_t size,
                         std::size_t& begin, std::size_t& end) {
        const std::ptrdiff_t start = static_cast<std::ptrdiff_t>(out * stride) - static_cast<std::ptrdiff_t>(pad);
        const std::ptrdiff_t stop = start + static_cast<std::ptrdiff_t>(kernel);
        begin = static_cast<std::size_t>(std::max<std::ptrdiff_t>(start, 0));
        end = static_cast<std::size_t>(std::min<std::ptrdiff_t>(stop, static_cast<std::ptrdiff_t>(size)));
    };
    ClippedWindow c{};
    clip(oy, w.stride[0], w.pads[0], w.kernel[0], in.height, c.y_begin, c.y_end);
    clip(ox, w.stride[1], w.pads[1], w.kernel[1], in.width, c.x_begin, c.x_end);
    return c;
}

// The pools' one loop: every output pixel of every image and channel is window_value(w, at) clamped to the
// op's [output_min, output_max], where w is its clipped window and at(iy, ix) the input code there.
template <class WindowValue>
Tensor pool_2d(const NetworkSpec& net, const OpSpec& op, const Tensor& x, WindowValue window_value) {
    const Image xi = image_of(net.tensor(op.inputs[0]).shape, op.window.nchw);
    const Image yi = image_of(net.tensor(op.outputs[0]).shape, op.window.nchw);
    Tensor y;
    y.codes.assign(net.tensor(op.outputs[0]).elements(), 0);
    for (std::size_t b = 0; b < yi.batch; ++b)
        for (std::size_t c = 0; c < yi.channels; ++c)
            for (std::size_t oy = 0; oy < yi.height; ++oy)
                for (std::size_t ox = 0; ox < yi.width; ++ox) {
                    const auto at = [&](std::size_t iy, std::size_t ix) { return x.codes[xi.index(b, c, iy, ix)]; };
                    const std::int32_t v = window_value(clip_window(op.window, xi, oy, ox), at);
                    y.codes[yi.index(b, c, oy, ox)] = std::clamp(v, op.output_min, op.output_max);
                }
    return y;
}

}  // namespace qmac::network
