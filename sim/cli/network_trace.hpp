// `--trace TDIR`: every tensor of a network run as TDIR/<trace>.npy, each MAC op's accumulators as
// TDIR/<trace stem>.acc.npy. Written into a temporary directory beside TDIR and renamed into place, so a
// failed run leaves no partial directory.
#pragma once

#include <string>

#include "network_run.hpp"
#include "network_spec.hpp"

namespace qmac::cli {

class TraceDirectory {
public:
    // Refuses a TDIR that exists and is not a previous trace (a directory of .npy files only), before anything
    // runs.
    explicit TraceDirectory(std::string path);
    ~TraceDirectory();  // removes the temporary directory when commit() was not reached
    // Writes every tensor of the run into the temporary directory; for a batch of inputs (run holding every
    // input's values in turn), each in its batched shape (network::batched_shape).
    void write(const network::NetworkSpec& net, const network::NetworkRun& run, std::size_t batch = 1);
    // Renames it into place (replacing a previous trace).
    void commit();

private:
    std::string path_, temporary_;
};

// Writes one tensor as .npy in its dtype and shape (through a temporary file).
void write_tensor(const std::string& path, const network::TensorSpec& spec, const network::Tensor& values);

}  // namespace qmac::cli
