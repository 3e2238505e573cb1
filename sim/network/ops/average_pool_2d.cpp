// average_pool_2d: each window's sum of codes over its positions inside the image, divided by their count
// with the op's rounding (golden/average_pool.hpp), clamped.
#include <algorithm>

#include "ops.hpp"
#include "window_positions.hpp"

namespace qmac::network {

Tensor run_average_pool_2d(const NetworkSpec& net, const OpSpec& op, const Tensor& x) {
    const Image xi = image_of(net.tensor(op.inputs[0]).shape, op.window.nchw);
    const Image yi = image_of(net.tensor(op.outputs[0]).shape, op.window.nchw);
    Tensor y;
    y.codes.assign(net.tensor(op.outputs[0]).elements(), 0);
    for (std::size_t b = 0; b < yi.batch; ++b)
        for (std::size_t c = 0; c < yi.channels; ++c)
            for (std::size_t oy = 0; oy < yi.height; ++oy)
                for (std::size_t ox = 0; ox < yi.width; ++ox) {
                    const ClippedWindow w = clip_window(op.window, xi, oy, ox);
                    std::int32_t sum = 0;  // at most 65535^2 positions of 255: TFLite sums in int32 too
                    for (std::size_t iy = w.y_begin; iy < w.y_end; ++iy)
                        for (std::size_t ix = w.x_begin; ix < w.x_end; ++ix) sum += x.codes[xi.index(b, c, iy, ix)];
                    const std::int32_t average = golden::average_pool_tflite(sum, static_cast<std::int32_t>(w.count()));
                    y.codes[yi.index(b, c, oy, ox)] = std::clamp(average, op.output_min, op.output_max);
                }
    return y;
}

}  // namespace qmac::network
