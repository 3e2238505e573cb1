// average_pool_2d: each window's sum of codes over its positions inside the image, divided by their count
// with the op's rounding (golden/average_pool.hpp), clamped.
#include "ops.hpp"
#include "window_positions.hpp"

namespace qmac::network {

Tensor run_average_pool_2d(const NetworkSpec& net, const OpSpec& op, const Tensor& x) {
    return pool_2d(net, op, x, [](const ClippedWindow& w, const auto& at) {
        std::int32_t sum = 0;  // at most 65535^2 positions of 255: TFLite sums in int32 too
        for (std::size_t iy = w.y_begin; iy < w.y_end; ++iy)
            for (std::size_t ix = w.x_begin; ix < w.x_end; ++ix) sum += at(iy, ix);
        return golden::average_pool_tflite(sum, static_cast<std::int32_t>(w.count()));
    });
}

}  // namespace qmac::network
