// Deterministic group sources for qmac-sim besides the constrained-random Stimulus: a sweep of the
// requantizer's parameter space through the whole datapath, the seed example, and vectors from a file.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "stimulus.hpp"

namespace qmac::tb {

// Every shift in [kShiftMin, kShiftMax] x every rounding code x edge multipliers (0, 1, 2^30, 2^31 - 1 and
// one in between) x edge accumulators (INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX, and the two exact
// ties of M = 2^30), each a one-beat group whose bias sets the accumulator; clamp to the output type.
class SweepGroups : public GroupGenerator {
public:
    SweepGroups(int lanes, bool act_signed);
    bool next(Group& g) override;
    std::size_t size() const { return params_.size(); }

private:
    int lanes_;
    bool act_signed_;
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
// Throws std::runtime_error naming the file and line for anything malformed or out of range.
class FileGroups : public GroupGenerator {
public:
    FileGroups(const std::string& path, int lanes, bool act_signed);
    bool next(Group& g) override;
    std::size_t size() const { return groups_.size(); }

private:
    std::vector<Group> groups_;
    std::size_t i_ = 0;
};

}  // namespace qmac::tb
