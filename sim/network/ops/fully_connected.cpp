// fully_connected: the input's codes as B rows of K, through the layer.
#include <stdexcept>

#include "ops.hpp"

namespace qmac::network {

OpResult run_fully_connected(const NetworkSpec& net, const OpSpec& op, const Tensor& x, const MacRunner& mac) {
    const std::size_t rows = net.tensor(op.inputs[0]).elements() / op.layer.k;
    layer::LayerResult r = mac(op, 0, x.codes, rows);
    if (r.outputs.size() != rows * op.layer.n) throw std::runtime_error("op '" + op.name + "': the backend returned too few outputs");
    OpResult out;
    out.output.codes = std::move(r.outputs);
    out.accumulators = std::move(r.accumulators);
    return out;
}

}  // namespace qmac::network
