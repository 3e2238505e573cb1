// The scoreboard: matches every observed output with the golden output expected for it, in order, and
// counts coverage: rounding ties per mode, clamps, extreme accumulators, shifts, back-pressure.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "coverage.hpp"
#include "lockstep.hpp"

namespace qmac::tb {

struct Mismatch {
    std::uint64_t cycle = 0, group = 0;
    std::int32_t expected = 0, actual = 0, acc = 0;
    OutParams params;
};

// Counts one output (its accumulator and parameters) into c: rounding code, ties, clamps, extremes, shift.
// The one definition of what a bin counts, for qmac-sim's scoreboard and the MVU testbench.
void count_output(Coverage& c, std::int32_t acc, const OutParams& p);

class Scoreboard {
public:
    // Processes events in order; returns false at the first mismatch (then mismatch() describes it).
    bool consume(const Event& e);
    std::uint64_t matched() const { return matched_; }
    std::size_t pending() const { return expected_.size(); }
    bool failed() const { return failed_; }
    const Mismatch& mismatch() const { return mismatch_; }
    const Coverage& coverage() const { return coverage_; }
    const std::string& failure() const { return failure_; }

private:
    void cover(const Event& e);
    std::deque<Event> expected_;
    std::uint64_t matched_ = 0;
    bool failed_ = false;
    Mismatch mismatch_;
    std::string failure_;
    Coverage coverage_;
};

}  // namespace qmac::tb
