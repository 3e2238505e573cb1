// libFuzzer target: the .npy reader (sim/layer/npy.cpp) over arbitrary bytes.
// NpyError is the reader's documented answer to bad input; anything else (a crash, another exception, a
// sanitizer finding, a hang, a huge allocation) is a finding, and so is an array that disagrees with itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        const qmac::layer::NpyArray a = qmac::layer::read_npy(in, "fuzz.npy");
        std::size_t count = 1;
        for (std::size_t d : a.shape) count *= d;
        if (count != a.values.size() || a.values.size() > size) std::abort();
    } catch (const qmac::layer::NpyError&) {
    }
    return 0;
}
