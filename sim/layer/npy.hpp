// .npy files: the tensors of `qmac run` and `qmac quantize`.
//
// The header is parsed strictly by qmac (npy_header.hpp); files are written by xtensor's npy support (Debian
// libxtensor-dev). qmac adds a dtype whitelist, C order only, a data size checked against the file size
// before anything is allocated, and writes that go to a temporary file renamed into place, so a failed run
// leaves no partial output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace qmac::layer {

enum class Dtype { Int8, UInt8, Int32, Float32, Float64 };
const char* to_string(Dtype d);  // numpy's names: "int8", ...

// A bad or unsupported file: the message names the file and the problem.
struct NpyError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A loaded array; every supported dtype converts exactly to double.
struct NpyArray {
    Dtype dtype;
    std::vector<std::size_t> shape;
    std::vector<double> values;  // C order
    std::size_t size() const { return values.size(); }
};

// Reads a little-endian (or byte-order-free) C-order array of int8, uint8, int32, float32 or float64.
// Throws NpyError for a missing file, bad magic, unsupported version/dtype/byte order, Fortran order,
// truncated data or trailing bytes.
NpyArray read_npy(const std::string& path);
// The same reader over bytes already open (the path version opens the file and calls it; the fuzz target
// fuzz/npy_reader.cpp feeds it memory); `source` names the bytes in messages.
NpyArray read_npy(std::istream& in, const std::string& source);

// Writes values (which must already fit dtype exactly) as a C-order array, through a temporary file in
// the same folder renamed onto path. Throws NpyError on any failure, leaving no file behind.
void write_npy(const std::string& path, Dtype dtype, const std::vector<std::size_t>& shape,
               const std::vector<std::int64_t>& values);
void write_npy(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<double>& values);
// A float32 array (a network's float edge, `qmac run --network`), written the same way.
void write_npy_float32(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<float>& values);

}  // namespace qmac::layer
