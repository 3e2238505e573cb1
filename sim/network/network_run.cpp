#include "network_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "qmac/golden/integer.hpp"

namespace qmac::network {

namespace {

std::string shape_text(const std::vector<std::size_t>& s) {
    std::string out = "[";
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

}  // namespace

MacRunner golden_mac() {
    return [](const OpSpec& op, std::size_t group, const std::vector<std::int32_t>& rows, std::size_t batch) {
        return layer::run_golden(op.group_layers.at(group), rows, batch);
    };
}

Tensor network_input(const NetworkSpec& net, const layer::NpyArray& x, const std::string& source) {
    const TensorSpec& in = net.tensor(net.input);
    if (x.shape != in.shape) {
        throw NetworkError(source + ": shape " + shape_text(x.shape) + ", the network's input '" + in.name + "' is " +
                           shape_text(in.shape));
    }
    Tensor t;
    if (x.dtype == Dtype::Float32) {
        for (std::size_t i = 0; i < x.values.size(); ++i) {
            if (!std::isfinite(x.values[i])) throw NetworkError(source + ": element " + std::to_string(i) + " is not finite");
        }
        if (in.dtype == Dtype::Float32) {
            t.reals.assign(x.values.begin(), x.values.end());
            return t;
        }
        if (!in.quantized) throw NetworkError(source + ": float32, the network's input is " + layer::to_string(in.dtype));
        const golden::IntRange codes = in.dtype == Dtype::UInt8 ? golden::unsigned_range(8) : golden::signed_range(8);
        const std::vector<float> reals(x.values.begin(), x.values.end());
        t.codes = golden::quantize_tensor(reals, in.scale, in.zero_point, codes, net.input_rounding);
        return t;
    }
    if (x.dtype != in.dtype) {
        throw NetworkError(source + ": " + layer::to_string(x.dtype) + ", the network's input '" + in.name + "' is " +
                           layer::to_string(in.dtype) + (in.quantized ? " (or float32, quantized with its scale)" : ""));
    }
    t.codes.assign(x.values.begin(), x.values.end());
    return t;
}

NetworkRun run_network(const NetworkSpec& net, Tensor input, const MacRunner& mac, const OpDone& done) {
    NetworkRun run;
    run.tensors.resize(net.tensors.size());
    run.accumulators.resize(net.tensors.size());
    run.tensors[net.input] = std::move(input);
    for (std::size_t i = 0; i < net.ops.size(); ++i) {
        const OpSpec& op = net.ops[i];
        const auto t0 = std::chrono::steady_clock::now();
        const Tensor& x = run.tensors[op.inputs[0]];
        OpResult r;
        switch (op.kind) {
        case OpKind::FullyConnected: r = run_fully_connected(net, op, x, mac); break;
        case OpKind::Conv2d: r = run_conv_2d(net, op, x, mac); break;
        case OpKind::MaxPool2d: r.output = run_max_pool_2d(net, op, x); break;
        case OpKind::AveragePool2d: r.output = run_average_pool_2d(net, op, x); break;
        case OpKind::Add: r.output = run_add(net, op, x, run.tensors[op.inputs[1]]); break;
        case OpKind::Reshape: r.output = run_reshape(net, op, x); break;
        case OpKind::Quantize: r.output = run_quantize(net, op, x); break;
        case OpKind::Dequantize: r.output = run_dequantize(net, op, x); break;
        }
        run.tensors[op.outputs[0]] = std::move(r.output);
        run.accumulators[op.outputs[0]] = std::move(r.accumulators);
        if (done) done(i, op, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return run;
}

std::size_t input_batch(const NetworkSpec& net, const std::vector<std::size_t>& x_shape, const std::string& source) {
    const TensorSpec& in = net.tensor(net.input);
    if (x_shape == in.shape) return 1;
    const bool batch = !in.shape.empty() && in.shape[0] == 1 && x_shape.size() == in.shape.size() && x_shape[0] >= 1 &&
                       std::equal(x_shape.begin() + 1, x_shape.end(), in.shape.begin() + 1);
    if (!batch) {
        std::string batched;
        if (!in.shape.empty() && in.shape[0] == 1) {
            batched = " (or a batch of them, [B";
            for (std::size_t i = 1; i < in.shape.size(); ++i) batched += ", " + std::to_string(in.shape[i]);
            batched += "])";
        }
        throw NetworkError(source + ": shape " + shape_text(x_shape) + ", the network's input '" + in.name + "' is " +
                           shape_text(in.shape) + batched);
    }
    return x_shape[0];
}

layer::NpyArray batch_item(const layer::NpyArray& x, std::size_t b, std::size_t batch) {
    layer::NpyArray one{x.dtype, x.shape, {}};
    one.shape[0] = 1;
    const std::size_t n = x.values.size() / batch;
    one.values.assign(x.values.begin() + static_cast<std::ptrdiff_t>(b * n), x.values.begin() + static_cast<std::ptrdiff_t>((b + 1) * n));
    return one;
}

std::vector<std::size_t> batched_shape(const std::vector<std::size_t>& shape, std::size_t batch) {
    std::vector<std::size_t> s = shape;
    if (!s.empty() && s[0] == 1) {
        s[0] = batch;
    } else {
        s.insert(s.begin(), batch);
    }
    return s;
}

void append_run(NetworkRun& batch, NetworkRun one) {
    if (batch.tensors.empty()) {
        batch = std::move(one);
        return;
    }
    for (std::size_t t = 0; t < one.tensors.size(); ++t) {
        Tensor& to = batch.tensors[t];
        const Tensor& from = one.tensors[t];
        to.codes.insert(to.codes.end(), from.codes.begin(), from.codes.end());
        to.reals.insert(to.reals.end(), from.reals.begin(), from.reals.end());
        batch.accumulators[t].insert(batch.accumulators[t].end(), one.accumulators[t].begin(), one.accumulators[t].end());
    }
}

}  // namespace qmac::network
