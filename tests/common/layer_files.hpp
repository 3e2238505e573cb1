// Helpers for conformance tests that drive `qmac run` end to end: a scratch folder, npy files, the run.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
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

// Runs `qmac run` (QMAC_BINARY) on the layer and returns the outputs; throws when qmac fails.
inline std::vector<std::int64_t> run_qmac_layer(const std::string& layer_json, const std::string& input_npy,
                                                const std::string& output_npy, const std::string& backend = "golden") {
    const std::string cmd = std::string(QMAC_BINARY) + " run --layer " + layer_json + " --input " + input_npy +
                            " --output " + output_npy + " --backend " + backend + " 2>" + output_npy + ".log";
    if (std::system(cmd.c_str()) != 0) {
        std::ifstream log(output_npy + ".log");
        std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
        throw std::runtime_error("qmac run failed: " + cmd + "\n" + text);
    }
    const layer::NpyArray y = layer::read_npy(output_npy);
    return std::vector<std::int64_t>(y.values.begin(), y.values.end());
}

}  // namespace qmac::test
