// dequantize: int8/uint8 -> float32 in the op's rounding (golden::dequantize).
#include "ops.hpp"

namespace qmac::network {

Tensor run_dequantize(const NetworkSpec& net, const OpSpec& op, const Tensor& x) {
    const TensorSpec& in = net.tensor(op.inputs[0]);
    Tensor y;
    y.reals.reserve(x.codes.size());
    for (std::int32_t q : x.codes) y.reals.push_back(golden::dequantize(q, in.scale, in.zero_point, op.dequantize_rounding));
    return y;
}

}  // namespace qmac::network
