// quantize: float32 -> int8/uint8 with the output's scale and zero point, or int8/uint8 -> int8/uint8 (a
// requantization), in the op's rounding (golden/tensor_quantize.hpp).
#include "ops.hpp"
#include "qmac/golden/integer.hpp"

namespace qmac::network {

Tensor run_quantize(const NetworkSpec& net, const OpSpec& op, const Tensor& x) {
    const TensorSpec& in = net.tensor(op.inputs[0]);
    const TensorSpec& out = net.tensor(op.outputs[0]);
    const golden::IntRange codes = out.dtype == Dtype::UInt8 ? golden::unsigned_range(8) : golden::signed_range(8);
    Tensor y;
    if (in.dtype == Dtype::Float32) {
        y.codes = golden::quantize_tensor(x.reals, out.scale, out.zero_point, codes, op.quantize_rounding);
    } else {
        y.codes.reserve(x.codes.size());
        const bool xnnpack = op.quantize_rounding == golden::QuantizeRounding::Xnnpack;
        for (std::int32_t q : x.codes) {
            y.codes.push_back(xnnpack ? golden::requantize_xnnpack(q, in.zero_point, op.requantize_xnnpack, out.zero_point, codes)
                                      : golden::requantize_tflite(q, in.zero_point, op.requantize, out.zero_point, codes));
        }
    }
    return y;
}

}  // namespace qmac::network
