#include "network_trace.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <sys/stat.h>

#include "npy.hpp"

namespace qmac::cli {

namespace fs = std::filesystem;

namespace {

// A directory holding nothing but .npy files: what an earlier --trace wrote, safe to replace.
bool is_previous_trace(const fs::path& p) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) return false;
    for (const fs::directory_entry& e : fs::directory_iterator(p, ec)) {
        if (!e.is_regular_file() || e.path().extension() != ".npy") return false;
    }
    return !ec;
}

}  // namespace

void write_tensor(const std::string& path, const network::TensorSpec& spec, const network::Tensor& values) {
    if (spec.dtype == layer::Dtype::Float32) {
        layer::write_npy_float32(path, spec.shape, values.reals);
    } else {
        layer::write_npy(path, spec.dtype, spec.shape, std::vector<std::int64_t>(values.codes.begin(), values.codes.end()));
    }
}

TraceDirectory::TraceDirectory(std::string path) : path_(std::move(path)) {
    std::error_code ec;
    if (fs::exists(path_, ec) && !is_previous_trace(path_)) {
        throw std::runtime_error(path_ + ": exists and is not a trace directory (only .npy files): --trace will not replace it");
    }
    const fs::path target = fs::absolute(path_, ec);
    std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
    if (mkdtemp(tmp.data()) == nullptr) {
        throw std::runtime_error(path_ + ": cannot create a temporary directory beside it (" + std::strerror(errno) + ")");
    }
    temporary_ = tmp;
    // mkdtemp makes it 0700; give the trace the permissions any new folder gets (umask).
    const mode_t mask = umask(0);
    umask(mask);
    chmod(temporary_.c_str(), 0777 & ~mask);
}

TraceDirectory::~TraceDirectory() {
    if (temporary_.empty()) return;
    std::error_code ec;
    fs::remove_all(temporary_, ec);
}

void TraceDirectory::write(const network::NetworkSpec& net, const network::NetworkRun& run, std::size_t batch) {
    for (std::size_t t = 0; t < net.tensors.size(); ++t) {
        network::TensorSpec spec = net.tensors[t];
        if (batch > 1) spec.shape = network::batched_shape(spec.shape, batch);
        write_tensor((fs::path(temporary_) / spec.trace).string(), spec, run.tensors[t]);
        if (run.accumulators[t].empty()) continue;
        network::TensorSpec acc = spec;
        acc.dtype = layer::Dtype::Int32;
        const std::string stem = spec.trace.substr(0, spec.trace.size() - 4);  // without .npy
        network::Tensor values;
        values.codes = run.accumulators[t];
        write_tensor((fs::path(temporary_) / (stem + ".acc.npy")).string(), acc, values);
    }
}

void TraceDirectory::commit() {
    std::error_code ec;
    std::string old;
    if (fs::exists(path_, ec)) {  // a previous trace: moved aside, removed once the new one is in place
        old = temporary_ + ".old";
        fs::rename(path_, old, ec);
        if (ec) throw std::runtime_error(path_ + ": cannot move the previous trace aside (" + ec.message() + ")");
    }
    fs::rename(temporary_, path_, ec);
    if (ec) throw std::runtime_error(path_ + ": cannot rename the trace into place (" + ec.message() + ")");
    temporary_.clear();
    if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace qmac::cli
