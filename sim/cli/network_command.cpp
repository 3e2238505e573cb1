#include "network_command.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

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
    if (o.backend != "golden") hardware = std::make_unique<NetworkHardware>(net, o.backend, trace != nullptr);
    network::Tensor input = network::network_input(net, layer::read_npy(o.input), o.input);

    const network::MacRunner mac = hardware ? hardware->runner() : network::golden_mac();
    const auto progress = [&](std::size_t i, const network::OpSpec& op, double seconds) {
        const network::TensorSpec& y = net.tensor(op.outputs[0]);
        char time[32];
        std::snprintf(time, sizeof time, "%.3f", seconds);
        std::cerr << "qmac run: op " << i + 1 << "/" << net.ops.size() << " " << network::to_string(op.kind) << " '"
                  << op.name << "': " << y.elements() << " outputs (" << shape_text(y.shape) << ")"
                  << (op.is_mac() ? " on " + o.backend : std::string()) << " in " << time << " s\n";
    };
    const network::NetworkRun run = network::run_network(net, std::move(input), mac, progress);

    if (trace) trace->write(net, run);
    write_tensor(o.output, net.tensor(net.output), run.tensors[net.output]);
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
              << o.output << (trace ? " (trace in " + o.trace + ")" : std::string()) << " in " << secs << " s\n";
    return 0;
}

}  // namespace qmac::cli
