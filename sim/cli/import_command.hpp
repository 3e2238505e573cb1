#pragma once

#include "command.hpp"

namespace qmac::cli {

// `qmac import MODEL.tflite|MODEL.onnx --output DIR [--match PATH]`: the model as DIR/network.json
// (docs/network-format.md), by the Python importer (importer/qmac_import) with the venv's runtimes.
Command add_import_command(CLI::App& qmac);

}  // namespace qmac::cli
