// max_pool_2d: the largest code of each window's positions inside the image, clamped.
#include <algorithm>

#include "ops.hpp"
#include "window_positions.hpp"

namespace qmac::network {

Tensor run_max_pool_2d(const NetworkSpec& net, const OpSpec& op, const Tensor& x) {
    return pool_2d(net, op, x, [](const ClippedWindow& w, const auto& at) {
        std::int32_t m = at(w.y_begin, w.x_begin);  // never empty: pads < kernel
        for (std::size_t iy = w.y_begin; iy < w.y_end; ++iy)
            for (std::size_t ix = w.x_begin; ix < w.x_end; ++ix) m = std::max(m, at(iy, ix));
        return m;
    });
}

}  // namespace qmac::network
