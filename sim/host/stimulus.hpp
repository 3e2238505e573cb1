// Constrained-random stimulus for qmac_dot: groups of beats (one output each) with their golden result.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "contract.hpp"

namespace qmac::tb {

// Which `rounding` codes the stimulus uses: one of them, or all four at random.
enum class RoundingChoice { Double, Single, Truncate, SingleEven, Mixed };
RoundingChoice parse_rounding_choice(const std::string& s);  // double|single|truncate|single_even|mixed
const char* to_string(RoundingChoice r);

// One output's worth of input: its beats (the last carries the parameters) and what golden says.
struct Group {
    std::vector<InBeat> beats;
    std::int32_t acc = 0;  // bias + sum over the beats, mod 2^32
    std::int32_t y = 0;    // golden_output(acc, params)
};

// A source of groups: constrained random (Stimulus), a parameter sweep, the seed example, a vector file.
class GroupGenerator {
public:
    virtual ~GroupGenerator() = default;
    // Fills g with the next group (reusing its storage); false when there are no more.
    virtual bool next(Group& g) = 0;
};

// Sets g.acc and g.y from g's beats and the parameters on its last beat: what golden says.
void finish_group(Group& g, int lanes);

class Stimulus : public GroupGenerator {
public:
    Stimulus(std::uint64_t seed, int lanes, bool act_signed, RoundingChoice rounding);
    // The next constrained-random group; never runs out.
    bool next(Group& g) override;
    // Test only: expect y + 1 on the tie corner groups, a golden model that is wrong on ties, so that a
    // test can prove the testbench catches such a bug.
    void set_inject_tie_bug(bool on) { inject_tie_bug_ = on; }

private:
    int lanes_;
    bool act_signed_;
    RoundingChoice rounding_;
    hls_tb::SplitMix64 rng_;  // 8 random bytes per call: cheap per lane
    bool inject_tie_bug_ = false;
};

// The sum of one beat's lane products, exact.
std::int32_t beat_dot(const InBeat& b, int lanes);

}  // namespace qmac::tb
