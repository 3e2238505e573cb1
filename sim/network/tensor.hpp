// A tensor's values while a network runs: integer codes (int8, uint8, int32 tensors) or float32 reals.
#pragma once

#include <cstdint>
#include <vector>

namespace qmac::network {

struct Tensor {
    std::vector<std::int32_t> codes;  // int8 / uint8 / int32 tensors, C order
    std::vector<float> reals;         // float32 tensors, C order
};

}  // namespace qmac::network
