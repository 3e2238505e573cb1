// The network runner's MAC ops on a hardware backend (hls, rtl): every group layer's integer parameters
// proved exact before anything runs, each op's outputs checked against the golden model.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "hardware_layer.hpp"
#include "layer_run.hpp"
#include "network_spec.hpp"
#include "ops/ops.hpp"

namespace qmac::cli {

class NetworkHardware {
public:
    // Maps every MAC op of net to the backend's parameters; throws naming the op (and prints each channel
    // that is not exact on stderr) when a layer's requantization cannot run exactly there, as `qmac run
    // --layer` refuses it. want_accumulators: also return the accumulators (for --trace).
    NetworkHardware(const network::NetworkSpec& net, const HardwareKernel& kernel, bool want_accumulators);
    network::MacRunner runner() const;
    // "rtl mvu 8x8, 12 layer loads" or "rtl dot".
    std::string description() const;

private:
    const network::NetworkSpec& net_;
    std::string backend_;
    std::unique_ptr<HardwareLayerRunner> runner_;  // one kernel (and DUT) for every MAC op of the run
    bool want_accumulators_;
    std::vector<std::vector<std::vector<layer::HardwareChannel>>> channels_;  // [op][group]
};

}  // namespace qmac::cli
