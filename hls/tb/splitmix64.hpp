// SplitMix64 (Steele, Lea and Flood 2014): the project's one random generator, small and deterministic,
// so that every run of a test bench, a regression shard or a benchmark checks the same cases. It is a
// UniformRandomBitGenerator, so the std distributions accept it. Test-bench code: nothing here is
// synthesized; the host library (sim/) uses it too.
#pragma once

#include <cstdint>

namespace qmac {
namespace hls_tb {

class SplitMix64 {
  public:
    typedef std::uint64_t result_type;
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return UINT64_MAX; }
    result_type operator()() { return next(); }
    // One step: the state advances by the golden-ratio increment and is finalised by mix().
    std::uint64_t next() { return mix(state_ += 0x9E3779B97F4A7C15ULL); }
    // SplitMix64's finaliser, a bijection on 64 bits: independent seeds from consecutive numbers.
    static std::uint64_t mix(std::uint64_t z) {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [lo, hi] (hi - lo < 2^63; the modulo bias is below 2^-63 x span, harmless for tests).
    std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
        const std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1U;
        return lo + static_cast<std::int64_t>(next() % span);
    }
    std::int32_t any_int32() { return static_cast<std::int32_t>(static_cast<std::uint32_t>(next())); }
    bool chance(int percent) { return uniform(0, 99) < percent; }

  private:
    std::uint64_t state_;
};

}  // namespace hls_tb
}  // namespace qmac
