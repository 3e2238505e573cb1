// The cycle engine of the testbench: drives the RTL and the HLS cycle model with the same inputs every
// cycle, with random input bubbles, output back-pressure and resets, and checks on every cycle that
//   - the two DUTs show the same s_ready, m_valid and m_data (lockstep),
//   - an output held under back-pressure stays valid and unchanged (no beat lost or altered),
//   - latency equals LATENCY when nothing stalled the beat, and is never shorter,
//   - s_ready is high unless the output was back-pressured in the last two cycles (II = 1).
// What it sees is emitted as events (expected and observed outputs, resets) for the scoreboard.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "dut.hpp"
#include "group_sources.hpp"

namespace qmac::tb {

struct Event {
    enum Kind : std::uint8_t { Expect, Observe, Reset };
    Kind kind;
    std::uint64_t cycle;
    std::int32_t y;        // Expect: golden output; Observe: the DUT's output
    std::int32_t acc;      // Expect: the accumulator
    std::uint64_t group;   // Expect/Observe: index of the group in the stimulus stream
    OutParams params;      // Expect: the parameters (for coverage)
};

// Where the engine takes its next group from.
class GroupSource {
public:
    virtual ~GroupSource() = default;
    // Returns nullptr when the stimulus is exhausted.
    virtual const Group* next_group() = 0;
};

// A GroupGenerator as a GroupSource, until about `beats` beats have been handed out.
class GeneratorSource : public GroupSource {
public:
    GeneratorSource(GroupGenerator& generator, std::uint64_t beats, int lanes)
        : generator_(generator), left_(beats), lanes_(lanes) {}
    const Group* next_group() override {
        if (left_ == 0 || !generator_.next(group_)) return nullptr;
        const std::uint64_t n = hls_tb::beat_count(group_, lanes_);
        left_ = n >= left_ ? 0 : left_ - n;
        return &group_;
    }
    // More beats for the next phase of a run.
    void add_beats(std::uint64_t beats) { left_ += beats; }
    bool exhausted() const { return left_ == 0; }

private:
    GroupGenerator& generator_;
    std::uint64_t left_;
    int lanes_;
    Group group_;
};

struct LockstepOptions {
    std::uint64_t seed = 1;
    double bubble_prob = 0.1;   // s_valid low on a cycle where a beat is ready to send
    double stall_prob = 0.0;    // m_ready low
    double reset_prob = 0.0;    // a reset of 1..3 cycles starts on a cycle
};

struct LockstepStats {
    std::uint64_t cycles = 0, beats = 0, groups_sent = 0, outputs = 0, resets = 0, groups_dropped_by_reset = 0;
    std::uint64_t bubble_cycles = 0, backpressure_cycles = 0, input_stall_cycles = 0;
    std::uint64_t latency_exact_checked = 0;
};

class Lockstep {
public:
    Lockstep(Dut& rtl, Dut* hls, const LockstepOptions& opt);
    // Runs one clock cycle. feeding = false stops sending new beats (drain). Returns false once a check
    // failed (failure() says which); events of the cycle are appended to `events`.
    bool cycle(GroupSource& source, bool feeding, std::vector<Event>& events);
    // New bubble, stall and reset probabilities from the next cycle on (a run in phases); the seed stays.
    void set_handshakes(const LockstepOptions& opt);
    // Groups whose output is still due.
    std::size_t in_flight() const { return in_flight_.size(); }
    bool idle() const { return group_ == nullptr && in_flight_.empty(); }
    const std::string& failure() const { return failure_; }
    std::uint64_t failure_cycle() const { return failure_cycle_; }
    const LockstepStats& stats() const { return stats_; }
    int latency() const { return latency_; }

private:
    bool fail(const std::string& what);
    bool draw(std::uint32_t threshold);  // true with probability threshold / 2^32
    Dut& rtl_;
    Dut* hls_;
    int lanes_;
    int latency_;
    std::uint32_t bubble_t_, stall_t_, reset_t_;
    hls_tb::SplitMix64 rng_;
    const Group* group_ = nullptr;  // the group being sent
    std::size_t beat_ = 0;
    InBeat beat_buf_{};  // beat beat_ of group_
    std::uint64_t group_index_ = 0;
    int reset_left_ = 0;
    struct InFlight {
        std::uint64_t accept_cycle;
        std::uint64_t group;
    };
    std::deque<InFlight> in_flight_;
    bool head_seen_ = false;
    bool prev_held_ = false;  // m_valid && !m_ready last cycle
    std::int32_t prev_data_ = 0;
    std::uint64_t last_backpressure_ = 0;  // last cycle with m_valid && !m_ready (+1; 0 = never)
    std::string failure_;
    std::uint64_t failure_cycle_ = 0;
    LockstepStats stats_;
};

}  // namespace qmac::tb
