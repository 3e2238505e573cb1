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

// A batch: the models qmac imports have a batch dimension of 1 (LiteRT and ONNX Runtime run them once per
// input), so an input array of shape [B, d1, ...] for a network input of shape [1, d1, ...] is B inputs,
// each run through the whole network on its own. That is also what keeps the roundings whose arithmetic
// depends on an element's position in the tensor (LiteRT's builtin kernels: vector blocks and a scalar
// tail, docs/numerics.md) exact: one run over the stacked tensor would put the blocks elsewhere.
// Returns B (1 when the array has the input's own shape); throws NetworkError naming `source` otherwise.
std::size_t input_batch(const NetworkSpec& net, const std::vector<std::size_t>& x_shape, const std::string& source);
// Input b of a batch of B (an array of shape [B, ...]): the array of one input, shape [1, ...].
layer::NpyArray batch_item(const layer::NpyArray& x, std::size_t b, std::size_t batch);
// A tensor's shape over a batch of B: [B, d1, ...] for [1, d1, ...], else [B, d0, d1, ...].
std::vector<std::size_t> batched_shape(const std::vector<std::size_t>& shape, std::size_t batch);
// Appends one input's run to the runs of the batch so far: every tensor's values (and accumulators) in
// input order, along the batched shape's first dimension.
void append_run(NetworkRun& batch, NetworkRun one);

}  // namespace qmac::network
