// Helpers for conformance tests that drive `qmac run` end to end: a scratch folder, npy files, the run.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "npy.hpp"

namespace qmac::test {

// A fresh folder under the system temp directory, removed with the object.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& tag) {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("qmac-" + tag + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

inline void write_text(const std::string& path, const std::string& text) {
    std::ofstream f(path);
    f << text;
    if (!f) throw std::runtime_error("cannot write " + path);
}

// The backends of `qmac run` in this build: golden, the HLS kernel, and the RTL when it is built.
inline std::vector<std::string> qmac_backends() {
#ifdef QMAC_WITH_RTL
    return {"golden", "hls", "rtl"};
#else
    return {"golden", "hls"};
#endif
}

// Runs `qmac run` (QMAC_BINARY) on the layer and returns the outputs, or nothing when qmac refused to
// run a float mode on an integer kernel because it could not prove it exact (that refusal is the
// documented behaviour; callers count it). Throws when qmac fails for any other reason.
inline std::optional<std::vector<std::int64_t>> run_qmac_layer(const std::string& layer_json,
                                                               const std::string& input_npy,
                                                               const std::string& output_npy,
                                                               const std::string& backend = "golden") {
    const std::string log = output_npy + ".log";
    const std::string cmd = std::string(QMAC_BINARY) + " run --layer " + layer_json + " --input " + input_npy +
                            " --output " + output_npy + " --backend " + backend + " 2>" + log;
    const int status = std::system(cmd.c_str());
    std::ifstream in(log);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (status != 0) {
        if (backend != "golden" && text.find("are not exact on the " + backend + " backend") != std::string::npos) {
            return std::nullopt;
        }
        throw std::runtime_error("qmac run failed: " + cmd + "\n" + text);
    }
    const layer::NpyArray y = layer::read_npy(output_npy);
    return std::vector<std::int64_t>(y.values.begin(), y.values.end());
}

// Per-backend counts of a conformance test.
struct BackendTally {
    std::map<std::string, long> compared, refused;
    long mismatches = 0;
};

// Runs dir's layer.json on x.npy through every backend and compares each output with expected.
inline void run_on_every_backend(const ScratchDir& dir, const std::vector<std::int64_t>& expected, BackendTally& t) {
    for (const std::string& backend : qmac_backends()) {
        const auto y = run_qmac_layer(dir.file("layer.json"), dir.file("x.npy"), dir.file("y.npy"), backend);
        if (!y) {
            ++t.refused[backend];
            continue;
        }
        if (y->size() != expected.size()) throw std::runtime_error(backend + ": wrong number of outputs");
        for (std::size_t i = 0; i < expected.size(); ++i) {
            ++t.compared[backend];
            t.mismatches += (*y)[i] != expected[i];
        }
    }
}

}  // namespace qmac::test
