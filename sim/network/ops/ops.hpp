// The ops of a network (docs/network-format.md), one file each. Each takes the op, the network (for the
// tensors' shapes and quantization) and its input tensors, and returns its output; the MAC ops run their
// rows through a MacRunner (the golden model or a hardware backend) and also return the accumulators.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "layer_run.hpp"
#include "network_spec.hpp"
#include "tensor.hpp"

namespace qmac::network {

// Runs `batch` rows of K codes through group `group`'s layer of op (op.group_layers[group]).
using MacRunner = std::function<layer::LayerResult(const OpSpec& op, std::size_t group,
                                                   const std::vector<std::int32_t>& rows, std::size_t batch)>;

struct OpResult {
    Tensor output;
    std::vector<std::int32_t> accumulators;  // MAC ops: one per output code, in the output's layout
};

OpResult run_fully_connected(const NetworkSpec& net, const OpSpec& op, const Tensor& x, const MacRunner& mac);
OpResult run_conv_2d(const NetworkSpec& net, const OpSpec& op, const Tensor& x, const MacRunner& mac);
// conv_2d's rows of group g: one per output pixel (batch, y, x), K = KH * KW * C / G codes ordered (kh, kw, c)
// for nhwc and (c, kh, kw) for nchw, padded positions holding the input zero point.
std::vector<std::int32_t> im2col(const NetworkSpec& net, const OpSpec& op, const Tensor& x, std::size_t group);
Tensor run_max_pool_2d(const NetworkSpec& net, const OpSpec& op, const Tensor& x);
Tensor run_average_pool_2d(const NetworkSpec& net, const OpSpec& op, const Tensor& x);
Tensor run_add(const NetworkSpec& net, const OpSpec& op, const Tensor& a, const Tensor& b);
Tensor run_reshape(const NetworkSpec& net, const OpSpec& op, const Tensor& x);
Tensor run_quantize(const NetworkSpec& net, const OpSpec& op, const Tensor& x);
Tensor run_dequantize(const NetworkSpec& net, const OpSpec& op, const Tensor& x);

}  // namespace qmac::network
