// libFuzzer target: the network JSON reader (parse_network, sim/network/network_reader.cpp;
// docs/network-format.md) over arbitrary text. The layer files a network names are the fuzzer's fixed
// context, not its input: real files read once from the folder QMAC_FUZZ_NETWORK_LAYERS names (scripts/fuzz
// points it at the networks tests/network/make_network.py writes, whose names the seed networks use); any
// other name is a missing file. NetworkError, LayerError and NpyError are the reader's documented answers to
// bad input; anything else is a finding, and so is an accepted network that breaks what the reader promises.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <utility>

#include "network_spec.hpp"

namespace {

using qmac::layer::Dtype;
using qmac::layer::LayerSpec;

LayerSpec load_layer_once(const std::string& path, Dtype input) {
    static std::map<std::pair<std::string, Dtype>, LayerSpec> cache;
    const auto key = std::make_pair(path, input);
    if (const auto it = cache.find(key); it != cache.end()) return it->second;
    const char* dir = std::getenv("QMAC_FUZZ_NETWORK_LAYERS");
    const std::filesystem::path rel(path);
    // Only plain relative names inside the folder: the fuzzer must not read arbitrary files of the machine.
    bool inside = dir != nullptr && !rel.empty() && rel.is_relative();
    for (const auto& part : rel) inside = inside && part != "..";
    if (!inside || !std::filesystem::is_regular_file(std::filesystem::path(dir) / rel)) {
        throw qmac::layer::NpyError(path + ": cannot open (no such file)");
    }
    return cache.emplace(key, qmac::layer::load_layer((std::filesystem::path(dir) / rel).string(), input)).first->second;
}

// What parse_network promises of a network it accepts (network_spec.hpp).
void check(const qmac::network::NetworkSpec& net) {
    const std::size_t t = net.tensors.size();
    if (t == 0 || net.input >= t || net.output >= t || net.ops.empty()) std::abort();
    for (const auto& op : net.ops) {
        for (std::size_t i : op.inputs) if (i >= t) std::abort();
        for (std::size_t o : op.outputs) if (o >= t) std::abort();
        if (op.is_mac() && (op.group_layers.size() != op.groups || op.groups == 0)) std::abort();
    }
    for (const auto& ts : net.tensors) {
        for (std::size_t d : ts.shape) if (d == 0) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        check(qmac::network::parse_network(in, "network.json", load_layer_once));
    } catch (const qmac::network::NetworkError&) {
    } catch (const qmac::layer::LayerError&) {
    } catch (const qmac::layer::NpyError&) {
    }
    return 0;
}
