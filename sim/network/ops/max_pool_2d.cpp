// max_pool_2d: the largest code of each window's positions inside the image, clamped.
#include <algorithm>

#include "ops.hpp"
#include "window_positions.hpp"

namespace qmac::network {

Tensor run_max_pool_2d(const NetworkSpec& net, const OpSpec& op, const Tensor& x) {
    const Image xi = image_of(net.tensor(op.inputs[0]).shape, op.window.nchw);
    const Image yi = image_of(net.tensor(op.outputs[0]).shape, op.window.nchw);
    Tensor y;
    y.codes.assign(net.tensor(op.outputs[0]).elements(), 0);
    for (std::size_t b = 0; b < yi.batch; ++b)
        for (std::size_t c = 0; c < yi.channels; ++c)
            for (std::size_t oy = 0; oy < yi.height; ++oy)
                for (std::size_t ox = 0; ox < yi.width; ++ox) {
                    const ClippedWindow w = clip_window(op.window, xi, oy, ox);  // never empty: pads < kernel
                    std::int32_t m = x.codes[xi.index(b, c, w.y_begin, w.x_begin)];
                    for (std::size_t iy = w.y_begin; iy < w.y_end; ++iy)
                        for (std::size_t ix = w.x_begin; ix < w.x_end; ++ix) m = std::max(m, x.codes[xi.index(b, c, iy, ix)]);
                    y.codes[yi.index(b, c, oy, ox)] = std::clamp(m, op.output_min, op.output_max);
                }
    return y;
}

}  // namespace qmac::network
