// dequantize: int8/uint8 -> float32 in the op's rounding (golden::dequantize_tensor).
#include "ops.hpp"

namespace qmac::network {

Tensor run_dequantize(const NetworkSpec& net, const OpSpec& op, const Tensor& x) {
    const TensorSpec& in = net.tensor(op.inputs[0]);
    Tensor y;
    y.reals = golden::dequantize_tensor(x.codes, in.scale, in.zero_point, op.dequantize_rounding);
    return y;
}

}  // namespace qmac::network
