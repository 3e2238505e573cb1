// The SystemC testbench: stimulus, DUT driver and scoreboard as SystemC modules that exchange batches
// through sc_fifo channels. The driver owns the Verilated RTL and the HLS cycle model and runs them in
// lockstep one clock cycle at a time inside one SC_THREAD, synchronising with SystemC time once per
// quantum of cycles (temporal decoupling): every cycle is still driven and checked, but the SystemC kernel
// is entered once per quantum instead of several times per cycle.
#pragma once

#include <systemc>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lockstep.hpp"
#include "scoreboard.hpp"
#include "group_sources.hpp"

namespace qmac::tb {

struct GroupBatch {
    std::vector<Group> groups;
    std::size_t count = 0;
};

struct EventBatch {
    std::vector<Event> events;
};

// Produces batches of groups until `beats` beats have been generated or the generator runs out, then a
// nullptr.
class StimulusSource : public sc_core::sc_module {
public:
    sc_core::sc_fifo_out<GroupBatch*> out;
    sc_core::sc_fifo_in<GroupBatch*> free_in;
    StimulusSource(sc_core::sc_module_name name, GroupGenerator& generator, std::uint64_t beats, int lanes);

private:
    void run();
    GroupGenerator& generator_;
    std::uint64_t beats_;
    int lanes_;
};

// Runs the lockstep engine cycle by cycle; forwards its events in batches, one per quantum.
class DutDriver : public sc_core::sc_module, public GroupSource {
public:
    sc_core::sc_fifo_in<GroupBatch*> in;
    sc_core::sc_fifo_out<GroupBatch*> free_out;
    sc_core::sc_fifo_out<EventBatch*> events_out;
    sc_core::sc_fifo_in<EventBatch*> events_free;
    struct Options {
        unsigned quantum = 256;                 // cycles per SystemC synchronisation
        sc_core::sc_time period{10, sc_core::SC_NS};
        std::uint64_t drain_cycles = 0;         // max cycles to wait for outstanding outputs at the end
        std::string trace_path;                 // FST file ("" = none)
        std::uint64_t trace_from = 0, trace_to = UINT64_MAX;
    };
    DutDriver(sc_core::sc_module_name name, Lockstep& lockstep, Dut& rtl, const Options& opt);
    const Group* next_group() override;
    bool drained() const { return drained_; }

private:
    void run();
    Lockstep& lockstep_;
    Dut& rtl_;
    Options opt_;
    GroupBatch* batch_ = nullptr;
    std::size_t index_ = 0;
    bool exhausted_ = false;
    bool drained_ = false;
};

// Feeds events to the Scoreboard; stops the simulation at the first mismatch or after the last batch.
class ScoreboardSink : public sc_core::sc_module {
public:
    sc_core::sc_fifo_in<EventBatch*> in;
    sc_core::sc_fifo_out<EventBatch*> free_out;
    // progress(cycles_seen) is called after every batch.
    ScoreboardSink(sc_core::sc_module_name name, Scoreboard& scoreboard, std::function<void(std::uint64_t)> progress);

private:
    void run();
    Scoreboard& scoreboard_;
    std::function<void(std::uint64_t)> progress_;
};

}  // namespace qmac::tb
