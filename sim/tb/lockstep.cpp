#include "lockstep.hpp"

#include <sstream>

namespace qmac::tb {

namespace {
std::uint32_t threshold(double p) {
    if (p <= 0.0) return 0;
    if (p >= 1.0) return UINT32_MAX;
    return static_cast<std::uint32_t>(p * 4294967296.0);
}
}  // namespace

Lockstep::Lockstep(Dut& rtl, Dut* hls, const LockstepOptions& opt)
    : rtl_(rtl),
      hls_(hls),
      lanes_(rtl.lanes()),
      latency_(hw::dot_latency(rtl.lanes())),  // the contract's, not the RTL's own LATENCY
      bubble_t_(threshold(opt.bubble_prob)),
      stall_t_(threshold(opt.stall_prob)),
      reset_t_(threshold(opt.reset_prob)),
      rng_(opt.seed) {}

void Lockstep::set_handshakes(const LockstepOptions& opt) {
    bubble_t_ = threshold(opt.bubble_prob);
    stall_t_ = threshold(opt.stall_prob);
    reset_t_ = threshold(opt.reset_prob);
}

bool Lockstep::draw(std::uint32_t t) {
    if (t == 0) return false;
    return static_cast<std::uint32_t>(rng_.next() >> 32) < t;
}

bool Lockstep::fail(const std::string& what) {
    if (failure_.empty()) {
        failure_ = what;
        failure_cycle_ = stats_.cycles;
    }
    return false;
}

bool Lockstep::cycle(GroupSource& source, bool feeding, std::vector<Event>& events) {
    const std::uint64_t now = stats_.cycles;
    const DutOutputs r = rtl_.outputs();
    // Until the power-up reset has been applied the RTL's state is undefined (random with --x-random):
    // nothing is compared before then.
    const bool defined = now >= kPowerUpResetCycles;
    if (hls_ != nullptr && defined) {
        const DutOutputs h = hls_->outputs();
        if (h.s_ready != r.s_ready || h.m_valid != r.m_valid || (r.m_valid && h.m_data != r.m_data)) {
            std::ostringstream s;
            s << "RTL and HLS model disagree at cycle " << now << ": rtl s_ready=" << r.s_ready << " m_valid=" << r.m_valid
              << " m_data=" << r.m_data << ", hls s_ready=" << h.s_ready << " m_valid=" << h.m_valid
              << " m_data=" << h.m_data;
            return fail(s.str());
        }
    }
    // An output held under back-pressure must stay valid and unchanged until it is taken.
    if (prev_held_ && (!r.m_valid || r.m_data != prev_data_)) {
        std::ostringstream s;
        s << "output changed while back-pressured at cycle " << now << " (was " << prev_data_ << ", now "
          << (r.m_valid ? std::to_string(r.m_data) : std::string("not valid")) << ")";
        return fail(s.str());
    }

    // Reset: two cycles at power-up (the RTL's state is undefined before), then at random for 1..3 cycles,
    // dropping the group being sent and everything in flight.
    bool rst = false;
    if (now == 0) reset_left_ = kPowerUpResetCycles;
    if (reset_left_ == 0 && draw(reset_t_) && feeding) {
        reset_left_ = 1 + static_cast<int>(rng_.next() % 3);
        ++stats_.resets;
        events.push_back(Event{Event::Reset, now, 0, 0, 0, OutParams{}});
        stats_.groups_dropped_by_reset += in_flight_.size() + (group_ != nullptr ? 1 : 0);
        in_flight_.clear();
        head_seen_ = false;
        if (group_ != nullptr) {
            group_ = nullptr;
            ++group_index_;
        }
    }
    if (reset_left_ > 0) {
        rst = true;
        --reset_left_;
    }

    // Inputs of this cycle.
    if (!rst && feeding && group_ == nullptr) {
        group_ = source.next_group();
        beat_ = 0;
        if (group_ != nullptr) group_beat(*group_, beat_, lanes_, beat_buf_);
    }
    const bool has_beat = !rst && group_ != nullptr;
    const bool s_valid = has_beat && !draw(bubble_t_);
    const bool m_ready = !rst && !draw(stall_t_);
    if (has_beat && !s_valid) ++stats_.bubble_cycles;
    static const InBeat idle_beat{};
    const InBeat& beat = s_valid ? beat_buf_ : idle_beat;

    // II = 1: the input may only wait when the output was back-pressured within the last two cycles.
    if (!rst && !r.s_ready) {
        ++stats_.input_stall_cycles;
        if (last_backpressure_ == 0 || now - (last_backpressure_ - 1) > 2) {
            std::ostringstream s;
            s << "s_ready low at cycle " << now << " without back-pressure in the two cycles before (II = 1 violated)";
            return fail(s.str());
        }
    }

    // Latency of the oldest output, when it first shows.
    if (!rst && r.m_valid && !in_flight_.empty() && !head_seen_) {
        head_seen_ = true;
        const InFlight& head = in_flight_.front();
        const std::uint64_t lat = now - head.accept_cycle;
        const bool undisturbed = last_backpressure_ == 0 || last_backpressure_ - 1 < head.accept_cycle;
        if (undisturbed) ++stats_.latency_exact_checked;
        if (undisturbed ? lat != static_cast<std::uint64_t>(latency_) : lat < static_cast<std::uint64_t>(latency_)) {
            std::ostringstream s;
            s << "output of group " << head.group << " after " << lat << " cycles, LATENCY is " << latency_
              << (undisturbed ? " (no back-pressure since its last beat)" : "");
            return fail(s.str());
        }
    }
    if (!rst && r.m_valid && in_flight_.empty()) {
        std::ostringstream s;
        s << "spurious output " << r.m_data << " at cycle " << now << ": no group is due";
        return fail(s.str());
    }

    const bool in_fire = s_valid && r.s_ready;
    const bool out_fire = !rst && r.m_valid && m_ready;
    if (!rst && r.m_valid && !m_ready) {
        ++stats_.backpressure_cycles;
        last_backpressure_ = now + 1;
    }
    prev_held_ = !rst && r.m_valid && !m_ready;
    prev_data_ = r.m_data;

    rtl_.edge(rst, s_valid, beat, m_ready);
    if (hls_ != nullptr) hls_->edge(rst, s_valid, beat, m_ready);

    if (out_fire) {
        events.push_back(Event{Event::Observe, now, r.m_data, 0, in_flight_.front().group, OutParams{}});
        in_flight_.pop_front();
        head_seen_ = false;
        ++stats_.outputs;
    }
    if (in_fire) {
        ++stats_.beats;
        if (beat.last) {
            events.push_back(Event{Event::Expect, now, group_->y, group_->acc, group_index_, beat.params});
            in_flight_.push_back({now, group_index_});
            ++stats_.groups_sent;
            ++group_index_;
            group_ = nullptr;
        } else {
            group_beat(*group_, ++beat_, lanes_, beat_buf_);
        }
    }
    ++stats_.cycles;
    return true;
}

}  // namespace qmac::tb
