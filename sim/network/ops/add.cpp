// add: two tensors of one shape, code by code, in the arithmetic of the op's rounding (golden/quantized_add.hpp).
#include "ops.hpp"

namespace qmac::network {

Tensor run_add(const NetworkSpec&, const OpSpec& op, const Tensor& a, const Tensor& b) {
    Tensor y;
    y.codes.resize(a.codes.size());
    for (std::size_t i = 0; i < a.codes.size(); ++i) {
        y.codes[i] = golden::add_quantized(a.codes[i], b.codes[i], op.add, op.output_min, op.output_max);
    }
    return y;
}

}  // namespace qmac::network
