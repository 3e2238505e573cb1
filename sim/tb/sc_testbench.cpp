#include "sc_testbench.hpp"

namespace qmac::tb {

using namespace sc_core;

namespace {
constexpr std::size_t groups_per_batch = 64;
}

StimulusSource::StimulusSource(sc_module_name name, GroupGenerator& generator, std::uint64_t beats, int lanes)
    : sc_module(name), generator_(generator), beats_(beats), lanes_(lanes) {
    SC_HAS_PROCESS(StimulusSource);
    SC_THREAD(run);
}

void StimulusSource::run() {
    std::uint64_t made = 0;
    bool more = true;
    while (more && made < beats_) {
        GroupBatch* b = free_in.read();
        b->groups.resize(groups_per_batch);
        b->count = 0;
        while (b->count < groups_per_batch && made < beats_) {
            if (!generator_.next(b->groups[b->count])) {
                more = false;
                break;
            }
            made += hls_tb::beat_count(b->groups[b->count], lanes_);
            ++b->count;
        }
        if (b->count != 0) out.write(b);  // an empty batch (the generator ran out) just stays unused
    }
    out.write(nullptr);
}

DutDriver::DutDriver(sc_module_name name, Lockstep& lockstep, Dut& rtl, const Options& opt)
    : sc_module(name), lockstep_(lockstep), rtl_(rtl), opt_(opt) {
    SC_HAS_PROCESS(DutDriver);
    SC_THREAD(run);
}

const Group* DutDriver::next_group() {
    if (exhausted_) return nullptr;
    if (batch_ != nullptr && index_ < batch_->count) return &batch_->groups[index_++];
    if (batch_ != nullptr) free_out.write(batch_);  // the engine is done with every group of it
    batch_ = in.read();
    index_ = 0;
    if (batch_ == nullptr) {
        exhausted_ = true;
        return nullptr;
    }
    return &batch_->groups[index_++];
}

void DutDriver::run() {
    EventBatch* events = events_free.read();
    events->events.clear();
    std::uint64_t drain = 0;
    bool tracing = false;
    for (;;) {
        const std::uint64_t cycle = lockstep_.stats().cycles;
        if (!opt_.trace_path.empty() && !tracing && cycle >= opt_.trace_from && cycle < opt_.trace_to) {
            tracing = rtl_.open_trace(opt_.trace_path);
        }
        if (tracing && cycle >= opt_.trace_to) {
            rtl_.close_trace();
            tracing = false;
        }
        const bool feeding = !exhausted_;
        if (!lockstep_.cycle(*this, feeding, events->events)) break;
        if (exhausted_) {
            if (lockstep_.idle()) {
                drained_ = true;
                break;
            }
            if (++drain > opt_.drain_cycles) break;  // outputs still due: the scoreboard reports them lost
        }
        if ((cycle + 1) % opt_.quantum == 0) {
            events_out.write(events);
            events = events_free.read();
            events->events.clear();
            wait(opt_.period * opt_.quantum);
        }
    }
    rtl_.close_trace();
    events_out.write(events);
    events_out.write(nullptr);
}

ScoreboardSink::ScoreboardSink(sc_module_name name, Scoreboard& scoreboard, std::function<void(std::uint64_t)> progress)
    : sc_module(name), scoreboard_(scoreboard), progress_(std::move(progress)) {
    SC_HAS_PROCESS(ScoreboardSink);
    SC_THREAD(run);
}

void ScoreboardSink::run() {
    std::uint64_t last_cycle = 0;
    while (EventBatch* b = in.read()) {
        for (const Event& e : b->events) {
            last_cycle = e.cycle;
            if (!scoreboard_.consume(e)) break;
        }
        free_out.write(b);
        if (progress_) progress_(last_cycle);
        if (scoreboard_.failed()) break;
    }
    sc_stop();
}

}  // namespace qmac::tb
