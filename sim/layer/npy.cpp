#include "npy.hpp"

#include "npy_header.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

#include <xtensor/xadapt.hpp>
#include <xtensor/xnpy.hpp>  // writing only (dump_npy): reading is qmac's own, npy_header.cpp

namespace qmac::layer {

const char* to_string(Dtype d) {
    switch (d) {
    case Dtype::Int8: return "int8";
    case Dtype::UInt8: return "uint8";
    case Dtype::Int32: return "int32";
    case Dtype::Float32: return "float32";
    case Dtype::Float64: return "float64";
    }
    return "?";
}

namespace {

struct DtypeInfo {
    const char* descr;  // numpy descr without byte order
    Dtype dtype;
    std::size_t bytes;
};
constexpr DtypeInfo supported[] = {
    {"i1", Dtype::Int8, 1}, {"u1", Dtype::UInt8, 1}, {"i4", Dtype::Int32, 4},
    {"f4", Dtype::Float32, 4}, {"f8", Dtype::Float64, 8},
};

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw NpyError(path + ": " + what); }

std::uint32_t little_endian(const unsigned char* b, int n) {
    std::uint32_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | b[i];
    return v;
}

double element(const char* p, Dtype d) {
    switch (d) {
    case Dtype::Int8: { std::int8_t v; std::memcpy(&v, p, 1); return v; }
    case Dtype::UInt8: { std::uint8_t v; std::memcpy(&v, p, 1); return v; }
    case Dtype::Int32: { std::int32_t v; std::memcpy(&v, p, 4); return v; }
    case Dtype::Float32: { float v; std::memcpy(&v, p, 4); return v; }
    case Dtype::Float64: { double v; std::memcpy(&v, p, 8); return v; }
    }
    return 0;
}

}  // namespace

NpyArray read_npy(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, "cannot open (" + std::string(std::strerror(errno)) + ")");
    return read_npy(in, path);
}

NpyArray read_npy(std::istream& in, const std::string& path) {
    in.seekg(0, std::ios::end);
    const std::streamoff end = in.tellg();
    // A directory or a pipe opens but has no size: the size checks below need one.
    if (!in || end < 0) fail(path, "cannot read (not a regular file)");
    const auto file_size = static_cast<std::uint64_t>(end);
    in.seekg(0);

    // Magic string and version (numpy/lib/format.py): "\x93NUMPY", major, minor.
    char magic[8] = {};
    in.read(magic, sizeof magic);
    if (!in || std::memcmp(magic, "\x93NUMPY", 6) != 0) fail(path, "not a .npy file (bad or missing magic string)");
    const auto v_major = static_cast<unsigned char>(magic[6]), v_minor = static_cast<unsigned char>(magic[7]);
    const int length_bytes = (v_major == 1 && v_minor == 0) ? 2 : (v_major == 2 && v_minor == 0) ? 4 : 0;
    if (length_bytes == 0) fail(path, "unsupported .npy version " + std::to_string(v_major) + "." + std::to_string(v_minor));
    unsigned char len_buf[4] = {};
    in.read(reinterpret_cast<char*>(len_buf), length_bytes);
    const std::uint64_t header_length = little_endian(len_buf, length_bytes);
    const std::uint64_t data_offset = 8 + static_cast<std::uint64_t>(length_bytes) + header_length;
    if (!in || data_offset > file_size) fail(path, "truncated .npy header");
    std::string header(header_length, '\0');
    in.read(header.data(), static_cast<std::streamsize>(header_length));

    NpyHeader h;
    try {
        h = parse_npy_header(header);
    } catch (const std::invalid_argument& e) {
        fail(path, std::string("malformed .npy header (") + e.what() + ")");
    }
    const std::string& descr = h.descr;
    const bool fortran_order = h.fortran_order;
    if (fortran_order) fail(path, "Fortran-order arrays are not supported; save a C-order array (np.ascontiguousarray)");
    if (descr.size() < 3 || (descr[0] != '<' && descr[0] != '|')) {
        fail(path, "unsupported dtype '" + descr + "' (need little-endian int8, uint8, int32, float32 or float64)");
    }
    const DtypeInfo* info = nullptr;
    for (const DtypeInfo& s : supported) {
        if (descr.compare(1, std::string::npos, s.descr) == 0) info = &s;
    }
    if (info == nullptr) fail(path, "unsupported dtype '" + descr + "' (need int8, uint8, int32, float32 or float64)");

    std::uint64_t count = 1;
    for (std::uint64_t d : h.shape) {
        if (d != 0 && count > (std::uint64_t{1} << 40) / d) fail(path, "array is too large");
        count *= d;
    }
    const std::uint64_t data_bytes = count * info->bytes;
    if (file_size < data_offset + data_bytes) {
        fail(path, "truncated data: header promises " + std::to_string(data_bytes) + " bytes, file holds " +
                       std::to_string(file_size - data_offset));
    }
    if (file_size > data_offset + data_bytes) {
        fail(path, std::to_string(file_size - data_offset - data_bytes) + " unexpected bytes after the data");
    }
    std::vector<char> raw(static_cast<std::size_t>(data_bytes));
    in.read(raw.data(), static_cast<std::streamsize>(data_bytes));
    if (!in) fail(path, "read error");

    NpyArray a{info->dtype, std::vector<std::size_t>(h.shape.begin(), h.shape.end()), std::vector<double>(static_cast<std::size_t>(count))};
    for (std::size_t i = 0; i < a.values.size(); ++i) a.values[i] = element(raw.data() + i * info->bytes, info->dtype);
    return a;
}

namespace {

template <class T, class V>
std::string npy_bytes(const std::vector<std::size_t>& shape, const std::vector<V>& values) {
    std::vector<T> typed(values.begin(), values.end());
    return xt::dump_npy(xt::adapt(typed, shape));
}

void write_atomically(const std::string& path, const std::string& bytes) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string tmp_name = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = mkstemp(tmp_name.data());
    if (fd < 0) fail(path, "cannot create a temporary file in " + dir.string() + " (" + std::strerror(errno) + ")");
    // mkstemp creates the file 0600; give the output the permissions any new file would get (umask).
    const mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    std::FILE* f = fdopen(fd, "wb");
    const bool written = f != nullptr && std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    const bool closed = f != nullptr && std::fclose(f) == 0;
    std::error_code ec;
    if (!written || !closed) {
        fs::remove(tmp_name, ec);
        fail(path, "write failed");
    }
    fs::rename(tmp_name, target, ec);
    if (ec) {
        fs::remove(tmp_name, ec);
        fail(path, "cannot rename the temporary file into place (" + ec.message() + ")");
    }
}

}  // namespace

void write_npy(const std::string& path, Dtype dtype, const std::vector<std::size_t>& shape,
               const std::vector<std::int64_t>& values) {
    std::string bytes;
    switch (dtype) {
    case Dtype::Int8: bytes = npy_bytes<std::int8_t>(shape, values); break;
    case Dtype::UInt8: bytes = npy_bytes<std::uint8_t>(shape, values); break;
    case Dtype::Int32: bytes = npy_bytes<std::int32_t>(shape, values); break;
    default: fail(path, "write_npy: integer values need an integer dtype");
    }
    write_atomically(path, bytes);
}

void write_npy(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<double>& values) {
    write_atomically(path, npy_bytes<double>(shape, values));
}

void write_npy_float32(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<float>& values) {
    write_atomically(path, npy_bytes<float>(shape, values));
}

}  // namespace qmac::layer
