// qmac::hls::stream<T, DEPTH>: a bounded FIFO with the hls::stream interface (read, write, empty, full,
// read_nb, write_nb, size), so that the kernel is the same source under an HLS tool and under plain g++.
//
// Two builds, chosen here (QMAC_HLS_VENDOR_STREAM says which):
// - AMD's headers (Vitis HLS, or AMD's open-source ap_types/ as hls4ml ships them, on the include path):
//   it IS ::hls::stream<T> from <hls_stream.h>, and qmac_dot_top's ports are AXI4-Stream words of ap_uint
//   (qmac/hls/axis_codec.hpp). Selected under __SYNTHESIS__ or when <hls_stream.h> and <ap_int.h> exist.
//   DEPTH is not passed on: the open-source header's stream takes one template argument, and Vitis' second
//   one (a FIFO depth) means nothing on a top-level AXI4-Stream port.
// - The portable build (no AMD header, or QMAC_HLS_PORTABLE_STREAM defined): the portable FIFO below, a
//   ring buffer of DEPTH elements in a fixed array (no heap), and the kernel's own beat structs as ports.
//   A single thread cannot wait for a consumer, so where hls::stream would block, this FIFO records the
//   error (write to a full FIFO: the value is dropped and overflowed() becomes true; read from an empty
//   FIFO: T() is returned and underflowed() becomes true, as Vitis C simulation warns and returns T()).
//   Test benches check both flags.
#pragma once

#include "qmac/hls/interface.hpp"

#if !defined(QMAC_HLS_PORTABLE_STREAM) && \
    (defined(__SYNTHESIS__) || (defined(__has_include) && __has_include(<hls_stream.h>) && __has_include(<ap_int.h>)))
#define QMAC_HLS_VENDOR_STREAM 1
#include <hls_stream.h>
#else
#define QMAC_HLS_VENDOR_STREAM 0
#endif

namespace qmac {
namespace hls {

// Depth of the streams of qmac_dot_top (beats); csim/cosim test benches feed at most this many per call.
const int kTopStreamDepth = hw::kStreamDepth;  // docs/contract.toml, hls.stream_depth

#if QMAC_HLS_VENDOR_STREAM

template <typename T, int DEPTH = 2> using stream = ::hls::stream<T>;

#else

template <typename T, int DEPTH = 2> class stream {
    static_assert(DEPTH >= 1, "stream: DEPTH must be at least 1");

  public:
    stream() : head_(0), count_(0), overflowed_(false), underflowed_(false) {}
    stream(const stream&) = delete;  // hls::stream is not copyable either: a stream is a wire, not a value
    stream& operator=(const stream&) = delete;

    bool empty() const { return count_ == 0; }
    bool full() const { return count_ == DEPTH; }
    int size() const { return count_; }
    static int capacity() { return DEPTH; }

    void write(const T& v) {
        if (!write_nb(v)) overflowed_ = true;
    }
    bool write_nb(const T& v) {
        if (full()) return false;
        const int tail = head_ + count_ < DEPTH ? head_ + count_ : head_ + count_ - DEPTH;
        buf_[tail] = v;
        ++count_;
        return true;
    }
    T read() {
        T v = T();
        if (!read_nb(v)) underflowed_ = true;
        return v;
    }
    void read(T& v) {
        if (!read_nb(v)) {
            v = T();
            underflowed_ = true;
        }
    }
    bool read_nb(T& v) {
        if (empty()) return false;
        v = buf_[head_];
        head_ = head_ + 1 < DEPTH ? head_ + 1 : 0;
        --count_;
        return true;
    }
    void operator<<(const T& v) { write(v); }
    void operator>>(T& v) { read(v); }

    // Sticky error flags of the portable model (no hls::stream equivalent).
    bool overflowed() const { return overflowed_; }
    bool underflowed() const { return underflowed_; }

  private:
    T buf_[static_cast<unsigned>(DEPTH)];
    int head_;
    int count_;
    bool overflowed_;
    bool underflowed_;
};

#endif

}  // namespace hls
}  // namespace qmac
