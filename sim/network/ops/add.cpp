// add: two tensors of one shape, in the arithmetic of the op's rounding (golden/quantized_add.hpp).
#include "ops.hpp"

namespace qmac::network {

Tensor run_add(const NetworkSpec&, const OpSpec& op, const Tensor& a, const Tensor& b) {
    Tensor y;
    y.codes = golden::add_tensor(a.codes, b.codes, op.add, op.output_min, op.output_max);
    return y;
}

}  // namespace qmac::network
