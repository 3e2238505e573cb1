// The header of a .npy file: the Python dict literal after the magic string and the header length
// (numpy's format, numpy/lib/format.py), e.g. {'descr': '<i1', 'fortran_order': False, 'shape': (2, 3), }.
// qmac reads it itself, strictly, rather than through xtensor's parser, which reads a dimension it cannot
// parse as uninitialised memory, takes '-1' as 2^64 - 1, needs the keys in one order and indexes an empty
// header (fuzz/regressions/npy/).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qmac::layer {

struct NpyHeader {
    std::string descr;  // e.g. "<i1"
    bool fortran_order = false;
    std::vector<std::uint64_t> shape;  // each dimension exact (a digit string beyond 2^63 is refused)
};

// Parses the header text (its padding and final newline included). Exactly the three keys 'descr',
// 'fortran_order' and 'shape', in any order, each once; 'shape' a tuple of non-negative decimal integers
// (a 1-tuple with its comma, as Python writes it). Throws std::invalid_argument saying what is wrong.
NpyHeader parse_npy_header(std::string_view text);

}  // namespace qmac::layer
