// The fields and checks of each op kind of network.json (network_reader.cpp resolves the tensor names and the
// order first). Internal to the network library.
#pragma once

#include <string>
#include <vector>

#include "json_fields.hpp"
#include "network_spec.hpp"

namespace qmac::network {

struct OpContext {
    const std::vector<TensorSpec>& tensors;
    std::string base_dir;  // network.json's folder: layer paths are relative to it
    const LayerLoader& load_layer_file;
};

// Reads the fields of op.kind into op (op.kind, name, inputs, outputs are set) and checks them against the
// tensors; f heads its errors with the op's name.
void read_op_fields(OpSpec& op, const Fields& f, const OpContext& ctx);

}  // namespace qmac::network
