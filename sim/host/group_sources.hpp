// The sources of groups for the testbench and the benches, all drawing on the one stimulus library
// (hls/tb/stimulus.hpp): constrained random, a sweep of the requantizer's parameter space through the
// whole datapath, one group repeated (the seed example), and vectors from a file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "contract.hpp"

namespace qmac::tb {

// A source of groups.
class GroupGenerator {
public:
    virtual ~GroupGenerator() = default;
    // Fills g with the next group, finished (reusing its storage); false when there are no more.
    virtual bool next(Group& g) = 0;
};

// Which `rounding` codes the random groups use: one of them, or all of them at random (Mixed).
struct RoundingChoice {
    int code;  // a code of hw::RoundingSel, or -1 for all
    static const RoundingChoice Mixed;
    bool mixed() const { return code < 0; }
    bool uses(unsigned rounding) const { return mixed() || code == static_cast<int>(rounding); }
};
inline constexpr RoundingChoice RoundingChoice::Mixed{-1};
// Parses a name of hw::kRoundingNames or "mixed"; throws std::invalid_argument listing them.
RoundingChoice parse_rounding_choice(const std::string& s);
const char* to_string(RoundingChoice r);

// Constrained-random groups of stream lengths (hls_tb::random_group); never runs out.
class RandomGroups : public GroupGenerator {
public:
    RandomGroups(std::uint64_t seed, int lanes, bool act_signed, RoundingChoice rounding);
    bool next(Group& g) override;
    // Test only: expect y + 1 on the exact-tie groups, a golden model that is wrong on ties, so that a
    // test can prove the testbench catches such a bug.
    void set_inject_tie_bug(bool on) { inject_tie_bug_ = on; }

private:
    int lanes_;
    bool act_signed_;
    hls_tb::RandomGroupOptions options_;
    hls_tb::Rng rng_;
    bool inject_tie_bug_ = false;
};

// Every legal (shift, rounding code) pair but fp32's x edge multipliers (0, 1, 2^30, 2^31 - 1 and one in
// between) x edge accumulators (INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX, and the two exact ties of
// M = 2^30); then fp32 with a multiplier of each exponent class and its ties; each a one-beat group of
// zero lanes whose bias sets the accumulator; clamp to the output type.
class SweepGroups : public GroupGenerator {
public:
    SweepGroups(int lanes, bool act_signed);
    bool next(Group& g) override;
    std::size_t size() const { return params_.size(); }

private:
    int lanes_;
    std::vector<OutParams> params_;
    std::size_t i_ = 0;
};

// One fixed group repeated `repeat` times (the seed example: its quantized W, A and hardware parameters).
class RepeatedGroup : public GroupGenerator {
public:
    RepeatedGroup(Group g, std::size_t repeat) : g_(std::move(g)), left_(repeat) {}
    bool next(Group& g) override;

private:
    Group g_;
    std::size_t left_;
};

// Groups from a text file, one beat per line (lanes values each, '#' starts a comment):
//   A a0 a1 ... W w0 w1 ...                                        a beat
//   A a0 a1 ... W w0 w1 ... L bias multiplier shift rounding zp min max   the last beat of a group
// Throws VectorFileError naming the file and line for anything malformed or out of range.
struct VectorFileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
class FileGroups : public GroupGenerator {
public:
    FileGroups(const std::string& path, int lanes, bool act_signed);
    // The same reader over text already open (the fuzz target fuzz/vector_reader.cpp feeds it memory);
    // `source` names it in messages.
    FileGroups(std::istream& in, const std::string& source, int lanes, bool act_signed);
    bool next(Group& g) override;
    std::size_t size() const { return groups_.size(); }

private:
    void read(std::istream& in, const std::string& source, int lanes, bool act_signed);
    std::vector<Group> groups_;
    std::size_t i_ = 0;
};

}  // namespace qmac::tb
