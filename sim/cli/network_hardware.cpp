#include "network_hardware.hpp"

#include <iostream>
#include <stdexcept>

#include "hardware_layer.hpp"

namespace qmac::cli {

NetworkHardware::NetworkHardware(const network::NetworkSpec& net, const HardwareKernel& kernel, bool want_accumulators)
    : net_(net), backend_(kernel.backend), runner_(std::make_unique<HardwareLayerRunner>(kernel)),
      want_accumulators_(want_accumulators), channels_(net.ops.size()) {
    for (std::size_t i = 0; i < net.ops.size(); ++i) {
        const network::OpSpec& op = net.ops[i];
        if (!op.is_mac()) continue;
        std::size_t inexact = 0;
        for (std::size_t g = 0; g < op.group_layers.size(); ++g) {
            const layer::LayerSpec& L = op.group_layers[g];
            std::vector<layer::HardwareChannel> hw;
            try {
                hw = layer::hardware_channels(L);
            } catch (const std::exception& e) {
                throw std::runtime_error(net.source + ": op '" + op.name + "': " + e.what());
            }
            const std::size_t first = g * L.n;  // the channel's index in the op's layer
            for (std::size_t c = 0; c < hw.size(); ++c) {
                const golden::MonotonicComparison& k = hw[c].requant.check;
                if (k.differing == 0) continue;
                ++inexact;
                std::cerr << net.source << ": op '" << op.name << "': channel " << first + c
                          << ": the integer requantizer differs from " << golden::to_string(L.requant[c].mode) << " on "
                          << k.differing << " accumulator values, first at " << k.first << '\n';
            }
            channels_[i].push_back(std::move(hw));
        }
        if (inexact != 0) {
            throw std::runtime_error(net.source + ": op '" + op.name + "': " + std::to_string(inexact) +
                                     " channel(s) of " + op.layer_path + " are not exact on the " + backend_ +
                                     " backend (see above)");
        }
    }
}

std::string NetworkHardware::description() const {
    const std::size_t loads = runner_->layer_loads();
    return runner_->description() + (loads == 0 ? "" : ", " + std::to_string(loads) + (loads == 1 ? " layer load" : " layer loads"));
}

network::MacRunner NetworkHardware::runner() const {
    return [this](const network::OpSpec& op, std::size_t group, const std::vector<std::int32_t>& rows, std::size_t batch) {
        const std::size_t i = static_cast<std::size_t>(&op - net_.ops.data());
        const layer::LayerSpec& L = op.group_layers.at(group);
        layer::LayerResult h = runner_->run(L, channels_.at(i).at(group), rows, batch, want_accumulators_);
        // Every output is checked against the golden model on the same rows, as `qmac run --layer` does.
        const layer::LayerResult r = layer::run_golden(L, rows, batch);
        for (std::size_t j = 0; j < r.outputs.size(); ++j) {
            if (j >= h.outputs.size() || h.outputs[j] != r.outputs[j]) {
                throw std::runtime_error(net_.source + ": op '" + op.name + "': the " + backend_ +
                                         " backend disagrees with the golden model at row " + std::to_string(j / L.n) +
                                         ", channel " + std::to_string(group * L.n + j % L.n) + ": golden " +
                                         std::to_string(r.outputs[j]) + ", " + backend_ + " " +
                                         (j < h.outputs.size() ? std::to_string(h.outputs[j]) : std::string("nothing")));
            }
        }
        return h;
    };
}

}  // namespace qmac::cli
