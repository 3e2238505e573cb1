#include "network_command.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <vector>

#include "network_hardware.hpp"
#include "network_run.hpp"
#include "network_spec.hpp"
#include "network_trace.hpp"
#include "npy.hpp"

namespace qmac::cli {

namespace {

std::string shape_text(const std::vector<std::size_t>& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? "x" : "") + std::to_string(s[i]);
    return out;
}

}  // namespace

int run_network_command(const NetworkRunOptions& o) {
    const auto t0 = std::chrono::steady_clock::now();
    const network::NetworkSpec net = network::load_network(o.network);
    // Everything that can be refused is refused before anything runs: the trace directory, the backend's
    // exactness for every MAC op, the input.
    std::unique_ptr<TraceDirectory> trace;
    if (!o.trace.empty()) trace = std::make_unique<TraceDirectory>(o.trace);
    std::unique_ptr<NetworkHardware> hardware;
    if (o.backend != "golden") hardware = std::make_unique<NetworkHardware>(net, o.kernel, trace != nullptr);
    const layer::NpyArray x = layer::read_npy(o.input);
    const std::size_t batch = network::input_batch(net, x.shape, o.input);
    // Every input is checked (dtype, finite values) before the first one runs.
    std::vector<network::Tensor> inputs;
    for (std::size_t b = 0; b < batch; ++b) {
        inputs.push_back(network::network_input(net, batch == 1 ? x : network::batch_item(x, b, batch), o.input));
    }

    const network::MacRunner mac = hardware ? hardware->runner() : network::golden_mac();
    // One line per op for a single input; for a batch, a line per tenth of the inputs.
    const network::OpDone op_line = [&](std::size_t i, const network::OpSpec& op, double seconds) {
        const network::TensorSpec& y = net.tensor(op.outputs[0]);
        char time[32];
        std::snprintf(time, sizeof time, "%.3f", seconds);
        std::cerr << "qmac run: op " << i + 1 << "/" << net.ops.size() << " " << network::to_string(op.kind) << " '"
                  << op.name << "': " << y.elements() << " outputs (" << shape_text(y.shape) << ")"
                  << (op.is_mac() ? " on " + o.backend : std::string()) << " in " << time << " s\n";
    };
    network::NetworkRun run;
    for (std::size_t b = 0; b < batch; ++b) {
        network::NetworkRun one = network::run_network(net, std::move(inputs[b]), mac, batch == 1 ? op_line : network::OpDone());
        if (batch > 1) {
            if (!trace) {  // only the output is kept
                for (std::size_t t = 0; t < one.tensors.size(); ++t) {
                    if (t == net.output) continue;
                    one.tensors[t] = {};
                    one.accumulators[t].clear();
                }
            }
            if ((b + 1) * 10 / batch != b * 10 / batch) {
                const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                std::cerr << "qmac run: " << b + 1 << "/" << batch << " inputs (" << o.backend << ") in " << secs << " s\n";
            }
        }
        network::append_run(run, std::move(one));
    }

    if (trace) trace->write(net, run, batch);
    network::TensorSpec out = net.tensor(net.output);
    if (batch > 1) out.shape = network::batched_shape(out.shape, batch);
    write_tensor(o.output, out, run.tensors[net.output]);
    if (trace) {
        try {
            trace->commit();
        } catch (...) {
            std::error_code ec;
            std::filesystem::remove(o.output, ec);  // all or nothing
            throw;
        }
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << "qmac run: network " << o.network << ": " << net.ops.size() << " ops, backend " << o.backend << " -> "
              << o.output << (trace ? " (trace in " + o.trace + ")" : std::string()) << " in " << secs << " s"
              << (hardware ? "; MAC ops on " + hardware->description() : std::string()) << '\n';
    return 0;
}

}  // namespace qmac::cli
