// The HLS kernel (qmac::hls::qmac_dot_step, the code users synthesize) wrapped as a cycle model with the
// contract's timing: a pipeline of LATENCY - 1 stages that advances as a whole when the output buffer can
// take a beat, followed by a two-entry output buffer (what a stalling II=1 HLS pipeline with an AXI4-Stream
// output register does). Its ports behave cycle for cycle like the RTL's, so the two run in lockstep.
#pragma once

#include <cstdint>
#include <vector>

#include "dut.hpp"
#include "hls_beat.hpp"
#include "qmac/hls/qmac_dot.hpp"

namespace qmac::tb {

template <int Lanes, bool ActSigned>
class HlsCycleModel final : public Dut {
public:
    using Config = hls::qmac_dot_config<Lanes, ActSigned>;

    explicit HlsCycleModel(int latency) : latency_(latency), stages_(static_cast<std::size_t>(latency - 1)) {}
    const char* name() const override { return "hls"; }
    int lanes() const override { return Lanes; }
    bool act_signed() const override { return ActSigned; }
    int latency() const override { return latency_; }

    DutOutputs outputs() const override { return {!b_full_, a_full_, a_data_}; }

    void edge(bool rst, bool s_valid, const InBeat& beat, bool m_ready) override {
        if (rst) {
            for (Stage& s : stages_) s.valid = false;
            a_full_ = b_full_ = false;
            running_ = 0;
            return;
        }
        const bool en = !b_full_;  // the pipeline advances when the buffer's second entry is free
        const bool out_fire = a_full_ && m_ready;
        // Output buffer: a beat leaving the pipeline enters it when the pipeline advances.
        const bool in_valid = en && !stages_.empty() ? stages_.back().valid : false;
        const std::int32_t in_data = stages_.empty() ? 0 : stages_.back().y;
        bool new_valid = false;
        std::int32_t new_y = 0;
        if (en && s_valid) {
            hls::qmac_dot_result<Config> r;
            if (hls::qmac_dot_step<Config>(to_hls_beat<Config>(beat), running_, r)) {
                new_valid = true;
                new_y = r.y;
            }
        }
        if (en) {
            for (std::size_t i = stages_.size(); i-- > 1;) stages_[i] = stages_[i - 1];
            if (!stages_.empty()) stages_[0] = {new_valid, new_y};
        }
        const bool buf_in = stages_.empty() ? (en && new_valid) : in_valid;
        const std::int32_t buf_data = stages_.empty() ? new_y : in_data;
        if (out_fire) {
            if (b_full_) {
                a_data_ = b_data_;
                b_full_ = false;
            } else {
                a_full_ = buf_in;
                a_data_ = buf_data;
            }
        } else if (buf_in) {
            if (a_full_) {
                b_full_ = true;
                b_data_ = buf_data;
            } else {
                a_full_ = true;
                a_data_ = buf_data;
            }
        }
    }

private:
    struct Stage {
        bool valid = false;
        std::int32_t y = 0;
    };
    int latency_;
    std::vector<Stage> stages_;
    std::int32_t running_ = 0;
    bool a_full_ = false, b_full_ = false;
    std::int32_t a_data_ = 0, b_data_ = 0;
};

}  // namespace qmac::tb
