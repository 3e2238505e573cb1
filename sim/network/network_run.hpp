// Running a network: its input from a .npy array, every op in order (the MAC ops through a MacRunner: the
// golden model here, a hardware backend from sim/cli), every tensor kept for --trace.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "network_spec.hpp"
#include "npy.hpp"
#include "ops/ops.hpp"
#include "tensor.hpp"

namespace qmac::network {

struct NetworkRun {
    std::vector<Tensor> tensors;                          // by tensor index; every tensor the ops wrote
    std::vector<std::vector<std::int32_t>> accumulators;  // by tensor index: a MAC op's output's accumulators
};

// Called after each op: its index, the op and the seconds it took.
using OpDone = std::function<void(std::size_t index, const OpSpec& op, double seconds)>;

// The golden model's MacRunner: layer::run_golden on the op's group layer.
MacRunner golden_mac();

// The network's input tensor from an array of the input's shape: in the input's dtype, or float32 for an
// int8/uint8 input (quantized with its scale and zero point, in net.input_rounding). Throws NetworkError
// naming `source` (the .npy file).
Tensor network_input(const NetworkSpec& net, const layer::NpyArray& x, const std::string& source);

NetworkRun run_network(const NetworkSpec& net, Tensor input, const MacRunner& mac, const OpDone& done = {});

}  // namespace qmac::network
