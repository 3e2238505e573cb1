#include "import_command.hpp"

#include <memory>

#include "command_line.hpp"
#include "importer_process.hpp"

namespace qmac::cli {

namespace {

struct ImportOptions {
    std::string model, output, match;
};

}  // namespace

Command add_import_command(CLI::App& qmac) {
    auto o = std::make_shared<ImportOptions>();
    CLI::App* c = add_command(qmac, "import", "a quantized .tflite or .onnx model as a network directory (network.json, layers/)");
    c->add_option("MODEL", o->model, "the model (.tflite or .onnx)")->required()->type_name("MODEL");
    c->add_option("--output", o->output, "the directory to write; replaced only if it is a previous import")
        ->required()->type_name("DIR");
    // The importer checks the value (network_writer.MATCHES, one list) and that it is a path of the model's runtime.
    c->add_option("--match", o->match, "the runtime path whose arithmetic the network reproduces: litert-xnnpack, "
                  "litert-builtin, litert-reference (.tflite) or onnxruntime (.onnx)")
        ->type_name("PATH")->default_str("the runtime's default: litert-xnnpack, onnxruntime");
    return {c, [o] {
                std::vector<std::string> args = {o->model, "--output", o->output};
                if (!o->match.empty()) args.insert(args.end(), {"--match", o->match});
                return run_importer_module("qmac_import", args);
            }};
}

}  // namespace qmac::cli
