#include "import_command.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "importer_process.hpp"
#include "network_spec.hpp"

namespace qmac::cli {

namespace {

struct ImportOptions {
    std::string model, output, match;
};

// The import runs into a temporary folder beside DIR, is read back by the runner's own reader (the one
// source of every check a network must pass: what qmac import writes, qmac run --network takes), and only
// then replaces DIR: a model the runner would refuse (say, weights whose accumulators leave int32) fails
// here, with nothing written.
int import_model(const ImportOptions& o) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path target = fs::absolute(o.output, ec);
    if (fs::exists(target, ec) && !fs::is_regular_file(target / "network.json", ec)) {
        throw std::runtime_error(o.output + ": exists and is not a qmac import (no network.json): not replaced");
    }
    fs::create_directories(target.parent_path(), ec);
    std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".import.XXXXXX")).string();
    if (mkdtemp(tmp.data()) == nullptr) {
        throw std::runtime_error(o.output + ": cannot create a temporary directory beside it (" + std::strerror(errno) + ")");
    }
    struct Cleanup {
        std::string path;
        ~Cleanup() {
            std::error_code e;
            fs::remove_all(path, e);
        }
    } cleanup{tmp};
    const fs::path written = fs::path(tmp) / "network";
    std::vector<std::string> args = {o.model, "--output", written.string(), "--no-summary"};
    if (!o.match.empty()) args.insert(args.end(), {"--match", o.match});
    if (const int status = run_importer_module("qmac_import", args); status != 0) return status;
    network::NetworkSpec net;
    try {
        net = network::load_network((written / "network.json").string());
    } catch (const std::exception& e) {
        std::string what = e.what();
        const std::string prefix = (written / "").string();
        for (std::size_t at; (at = what.find(prefix)) != std::string::npos;) what.replace(at, prefix.size(), "");
        throw std::runtime_error(o.model + ": the imported network is not one qmac can run: " + what);
    }
    const fs::path old = fs::path(tmp) / "previous";
    if (fs::exists(target, ec)) {
        fs::rename(target, old, ec);
        if (ec) throw std::runtime_error(o.output + ": cannot move the previous import aside (" + ec.message() + ")");
    }
    fs::rename(written, target, ec);
    if (ec) throw std::runtime_error(o.output + ": cannot rename the import into place (" + ec.message() + ")");
    std::cerr << "qmac import: " << net.ops.size() << " ops, " << net.tensors.size() << " tensors (" << net.runtime
              << ", match " << net.match << ") -> " << (fs::path(o.output) / "network.json").string() << '\n';
    return 0;
}

}  // namespace

Command add_import_command(CLI::App& qmac) {
    auto o = std::make_shared<ImportOptions>();
    CLI::App* c = add_command(qmac, "import", "a quantized .tflite or .onnx model as a network directory (network.json, layers/)");
    c->add_option("MODEL", o->model, "the model (.tflite or .onnx)")->required()->type_name("MODEL");
    c->add_option("--output", o->output, "the directory to write; replaced only if it is a previous import")
        ->required()->type_name("DIR");
    // The importer checks the value (network_writer.MATCHES, one list) and that it is a path of the model's runtime.
    c->add_option("--match", o->match, "the runtime path whose arithmetic the network reproduces: litert-xnnpack, "
                  "litert-xnnpack-vnni (LiteRT's default on CPUs with VNNI), litert-builtin, litert-reference "
                  "(.tflite) or onnxruntime (.onnx)")
        ->type_name("PATH")->default_str("the runtime's default: litert-xnnpack, onnxruntime");
    return {c, [o] { return import_model(*o); }};
}

}  // namespace qmac::cli
