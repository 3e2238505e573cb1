// What the qmac_mvu layer engine must output (docs/mvu.md), from the golden model: per input vector the N
// output codes, golden::accumulate_wrapping then golden::requantize_fixed with each channel's parameters
// (hls_tb::golden_output, the one definition every backend is checked against); and as the output
// beats of the stream, PE bytes each, TLAST on a vector's last fold.
#pragma once

#include <cstdint>
#include <vector>

#include "mvu_layer.hpp"

namespace qmac::tb {

// The N outputs of one input vector x (K activation bytes, read as int8 or uint8 codes by act_signed).
std::vector<std::int32_t> mvu_expected_outputs(const MvuLayer& layer, const std::vector<std::uint8_t>& x);

// One output beat: PE bytes (lane p = channel f x PE + p of fold f), TLAST on the last fold.
struct MvuOutBeat {
    std::vector<std::uint8_t> data;
    bool last = false;
    bool operator==(const MvuOutBeat& o) const { return data == o.data && last == o.last; }
};

// The output beats of a batch of input vectors (each K bytes) on an engine of `pe` lanes (N a multiple of pe).
std::vector<MvuOutBeat> mvu_expected_beats(const MvuLayer& layer, const std::vector<std::vector<std::uint8_t>>& batch, int pe);

}  // namespace qmac::tb
