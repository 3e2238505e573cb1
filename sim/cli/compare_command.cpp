#include "compare_command.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "command_line.hpp"
#include "hardware_layer.hpp"
#include "importer_process.hpp"
#include "npy.hpp"

namespace qmac::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct CompareOptions {
    std::string network, model, input, backend = "golden";
};

// A fresh private directory, removed with everything in it when this goes out of scope.
struct TempDir {
    fs::path path;
    TempDir() {
        const char* t = std::getenv("TMPDIR");
        std::string templ = std::string(t != nullptr && *t != '\0' ? t : "/tmp") + "/qmac-compare-XXXXXX";
        if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("cannot create a directory in " + templ);
        path = templ;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

std::string list_text(const std::vector<std::size_t>& idx) {
    std::ostringstream s;
    s << '[';
    for (std::size_t d = 0; d < idx.size(); ++d) s << (d ? ", " : "") << idx[d];
    s << ']';
    return s.str();
}

// The C-order index of element `flat` of an array of `shape`.
std::string index_text(std::size_t flat, const std::vector<std::size_t>& shape) {
    std::vector<std::size_t> idx(shape.size());
    for (std::size_t d = shape.size(); d-- > 0;) {
        idx[d] = flat % shape[d];
        flat /= shape[d];
    }
    return list_text(idx);
}

std::string number(double v) {
    std::ostringstream s;
    s.precision(9);
    s << v;
    return s.str();
}

// One tensor: "N outputs equal", or the first mismatch (with the runner's accumulator for a MAC output).
bool compare_tensor(const fs::path& ours_dir, const fs::path& theirs_dir, const std::string& trace, bool mac,
                    const std::string& runtime, std::ostream& out, std::size_t& compared) {
    const layer::NpyArray got = layer::read_npy((ours_dir / trace).string());
    const layer::NpyArray want = layer::read_npy((theirs_dir / trace).string());
    if (got.dtype != want.dtype || got.shape != want.shape) {
        out << "MISMATCH: qmac gives " << layer::to_string(got.dtype) << " " << list_text(got.shape) << ", " << runtime
            << " " << layer::to_string(want.dtype) << " " << list_text(want.shape) << '\n';
        return false;
    }
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (got.values[i] == want.values[i]) continue;
        out << "MISMATCH at " << index_text(i, got.shape) << " (element " << i << " of " << got.size() << "): expected ("
            << runtime << ") " << number(want.values[i]) << ", got " << number(got.values[i]);
        if (mac) {
            const fs::path acc_path = ours_dir / (fs::path(trace).stem().string() + ".acc.npy");
            if (fs::exists(acc_path)) {
                const layer::NpyArray acc = layer::read_npy(acc_path.string());
                if (acc.size() == got.size()) out << ", accumulator " << number(acc.values[i]);
            }
        }
        out << '\n';
        return false;
    }
    compared += got.size();
    out << got.size() << " outputs equal\n";
    return true;
}

int compare_command(const CompareOptions& opt) {
    json network;
    {
        std::ifstream f(opt.network);
        if (!f) throw std::runtime_error(opt.network + ": cannot open the network file");
        try {
            f >> network;
        } catch (const json::exception& e) {
            throw std::runtime_error(opt.network + ": not JSON (" + e.what() + ")");
        }
    }
    TempDir tmp;
    const fs::path ours = tmp.path / "qmac", theirs = tmp.path / "runtime";
    // The runner validates the network file completely before it runs: its errors are the first to show.
    const int run = run_process({self_path(), "run", "--network", opt.network, "--input", opt.input, "--output",
                                 (tmp.path / "y.npy").string(), "--trace", ours.string(), "--backend", opt.backend});
    if (run != 0) throw std::runtime_error("qmac run --network " + opt.network + " failed (exit status " + std::to_string(run) + ")");
    const int rt = run_importer_module("qmac_import.runtime_tensors", {"--network", opt.network, "--model", opt.model,
                                                                       "--input", opt.input, "--output", theirs.string()});
    if (rt != 0) throw std::runtime_error("the runtime's tensors of " + opt.model + " could not be computed (exit status " +
                                          std::to_string(rt) + ")");
    const std::string runtime = network.value("match", std::string("the runtime"));
    std::size_t tensors = 0, equal = 0, compared = 0;
    std::cout << "qmac compare: " << opt.network << " (" << runtime << ") on " << opt.backend << '\n';
    const json& ops = network.at("ops");
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const json& op = ops[i];
        for (const json& t : op.at("outputs")) {
            const std::string name = t.get<std::string>();
            std::cout << "  op " << i << " " << op.at("op").get<std::string>() << ": '" << name << "': ";
            ++tensors;
            equal += compare_tensor(ours, theirs, network.at("tensors").at(name).at("trace").get<std::string>(),
                                    op.contains("layer"), runtime, std::cout, compared);
        }
    }
    std::cout << "qmac compare: " << equal << " of " << tensors << " tensors equal, " << compared
              << " outputs compared" << (equal == tensors ? ": bit-exact\n" : ": NOT bit-exact\n");
    return equal == tensors ? 0 : 1;
}

}  // namespace

Command add_compare_command(CLI::App& qmac) {
    auto o = std::make_shared<CompareOptions>();
    CLI::App* c = add_command(qmac, "compare", "a network through qmac and its model through the real runtime, tensor by tensor");
    c->add_option("--network", o->network, "the imported network (qmac import)")->required()->type_name("N.json");
    c->add_option("--model", o->model, "the model it was imported from")->required()->type_name("MODEL");
    c->add_option("--input", o->input, "the model's input")->required()->type_name("X.npy");
    std::vector<std::string> backends = {"golden"};
    for (const std::string& b : hardware_backends()) backends.push_back(b);
    one_of(c->add_option("--backend", o->backend, "the datapath of the MAC ops"), backends);
    return {c, [o] { return compare_command(*o); }};
}

}  // namespace qmac::cli
