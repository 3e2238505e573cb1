#include "mvu_lockstep.hpp"

namespace qmac::tb {

std::string make_mvu_pairs(bool with_hls, std::uint64_t seed, std::vector<std::unique_ptr<MvuDut>>& duts,
                           std::vector<MvuPair>& pairs) {
    for (const hw::MvuShape& s : hw::kMvuPrebuilt) {
        MvuPair p;
        duts.push_back(make_rtl_mvu(s, false, seed));
        p.rtl = duts.back().get();
        if (with_hls) {
            duts.push_back(make_hls_mvu(s));
            p.hls = duts.back().get();
        }
        if (!p.rtl || (with_hls && !p.hls)) return std::to_string(s.pe) + "x" + std::to_string(s.simd);
        pairs.push_back(p);
    }
    return "";
}

MvuLockstepOptions mvu_lockstep_options(std::uint64_t seed, double bubble_prob, double stall_prob) {
    MvuLockstepOptions lo;
    lo.seed = hls_tb::SplitMix64(seed).next();
    lo.bubble_prob = bubble_prob;
    lo.stall_prob = stall_prob;
    return lo;
}

namespace {

bool chance(hls_tb::SplitMix64& rng, double p) { return p > 0.0 && static_cast<double>(rng.next() >> 11) * 0x1.0p-53 < p; }

std::string beat_text(const MvuOutBeat& b) {
    std::string s = "[";
    for (std::size_t i = 0; i < b.data.size(); ++i) s += (i ? " " : "") + std::to_string(b.data[i]);
    return s + (b.last ? "] TLAST" : "]");
}

}  // namespace

void MvuLockstep::fail(const std::string& what) {
    if (failure_.empty()) {
        failure_ = "job " + std::to_string(job_->index) + " (MVU " + std::to_string(hw::kMvuPrebuilt[job_->shape].pe) + "x" +
                   std::to_string(hw::kMvuPrebuilt[job_->shape].simd) + ", K = " + std::to_string(job_->layer.k) +
                   ", N = " + std::to_string(job_->layer.n) + "), cycle " + std::to_string(cycle_) + " of the job: " + what;
    }
    active_ = false;
}

void MvuLockstep::start(const MvuJob& job, MvuPair& pair) {
    job_ = &job;
    pair_ = &pair;
    cycle_ = drained_ = 0;
    n_ports_ = pair.hls ? 2 : 1;
    ports_[0] = Port{};
    ports_[0].dut = pair.rtl;
    ports_[1] = Port{};
    ports_[1].dut = pair.hls;
    active_ = true;
    if (job.reset_before || stats_.per_shape_jobs[job.shape] == 0) {
        for (int i = 0; i < n_ports_; ++i) {
            mvu_reset(*ports_[i].dut);
            const MvuOutputs o = ports_[i].dut->outputs();
            if (o.configured || o.err_cfg || o.err_tlast || o.m_valid) {
                fail(std::string(ports_[i].dut->name()) + ": after a reset configured, an error flag or m_axis_tvalid is still set");
            }
        }
        stats_.cycles += 2;
        if (stats_.per_shape_jobs[job.shape] != 0) ++stats_.resets;
        pair.tlast_error_since_reset = false;
        pair.loaded = false;
    }
    if (pair.loaded) ++stats_.reloads;
    ++stats_.per_shape_jobs[job.shape];
    const hw::MvuShape& s = hw::kMvuPrebuilt[job.shape];
    ++(job.layer.k == s.simd ? stats_.single_k_fold : stats_.multi_k_fold);
    ++(job.layer.n == s.pe ? stats_.single_n_fold : stats_.multi_n_fold);
    stats_.early_tlast += job.early_tlast;
    stats_.late_tlast += job.late_tlast;
    stats_.vectors += job.good_vectors + job.early_tlast + job.late_tlast;
}

bool MvuLockstep::owed(const Port& p) const {
    return p.cfg < job_->config.size() || p.in < job_->input.size() || p.out.size() < job_->expected.size();
}

bool MvuLockstep::check_golden(const Port& p, std::size_t i) {
    const MvuOutBeat& got = p.out[i];
    const std::size_t folds = static_cast<std::size_t>(job_->layer.n / hw::kMvuPrebuilt[job_->shape].pe);
    if (i >= job_->expected.size()) {
        fail(std::string(p.dut->name()) + ": an output beat beyond the " + std::to_string(job_->expected.size()) + " owed: " +
             beat_text(got));
        return false;
    }
    if (!(job_->expected[i] == got)) {
        fail(std::string(p.dut->name()) + ": output beat " + std::to_string(i) + " (vector " + std::to_string(i / folds) +
             ", fold " + std::to_string(i % folds) + "): golden " + beat_text(job_->expected[i]) + ", got " + beat_text(got));
        return false;
    }
    return true;
}

// The RTL's beats are checked against golden as they arrive; the HLS's beat i once the RTL's beat i is
// there: first against it (a difference between the engines is named as such, whichever of them is
// wrong), then against golden.
void MvuLockstep::check_beat(int port) {
    const std::size_t i = ports_[port].out.size() - 1;
    if (i >= job_->expected.size()) {
        check_golden(ports_[port], i);  // a beat too many, from either engine
        return;
    }
    if (port == 0) {
        if (!check_golden(ports_[0], i)) return;
        ++stats_.beats_matched;
        stats_.outputs_matched += ports_[0].out[i].data.size();
    }
    if (n_ports_ < 2 || ports_[0].out.size() <= i || ports_[1].out.size() <= i) return;
    if (!(ports_[0].out[i] == ports_[1].out[i])) {
        fail("RTL and HLS output beats differ at beat " + std::to_string(i) + ": RTL " + beat_text(ports_[0].out[i]) + ", HLS " +
             beat_text(ports_[1].out[i]));
        return;
    }
    check_golden(ports_[1], i);
}

void MvuLockstep::edge(Port& p, bool bubble, bool stall, int port) {
    const int pe = p.dut->shape().pe;
    const bool is_owed = owed(p);
    const MvuOutputs o = p.dut->outputs();
    if (p.held && (!o.m_valid || o.m_data != p.prev.m_data || o.m_last != p.prev.m_last)) {
        fail(std::string(p.dut->name()) + ": the output beat changed or vanished while m_axis_tvalid was high and m_axis_tready low");
        return;
    }
    MvuInputs in;
    const bool cfg_pending = p.cfg < job_->config.size();
    in.cfg_valid = cfg_pending && (p.cfg_offered || !bubble);
    if (in.cfg_valid) {
        in.cfg_data = job_->config[p.cfg];
        in.cfg_last = p.cfg + 1 == job_->config.size();
    }
    const bool in_pending = !cfg_pending && p.in < job_->input.size();
    in.s_valid = in_pending && (p.in_offered || !bubble);
    if (in.s_valid) {
        in.s_data = job_->input[p.in].data;
        in.s_last = job_->input[p.in].last;
    }
    in.m_ready = !is_owed || !stall;
    if (port == 0) {
        stats_.backpressure_cycles += !in.m_ready && o.m_valid;
        stats_.bubble_cycles += (cfg_pending || in_pending) && !in.cfg_valid && !in.s_valid;
    }
    p.cfg_offered = in.cfg_valid && !o.cfg_ready;
    p.in_offered = in.s_valid && !o.s_ready;
    bool moved = false;
    if (in.cfg_valid && o.cfg_ready) {
        ++p.cfg;
        moved = true;
    }
    if (in.s_valid && o.s_ready) {
        if (!p.have_first_in) {
            p.have_first_in = true;
            p.first_in = cycle_;
        }
        ++p.in;
        moved = true;
    }
    bool check = false;
    if (o.m_valid && in.m_ready) {
        MvuOutBeat b;
        b.data.assign(o.m_data.begin(), o.m_data.begin() + pe);
        b.last = o.m_last;
        if (o_.inject_hls_bug && port == 1 && p.out.size() == 2) b.data[0] ^= 0xFF;
        p.out.push_back(std::move(b));
        p.last_out = cycle_;
        moved = true;
        check = true;
    }
    p.held = o.m_valid && !in.m_ready;
    p.prev = o;
    p.dut->edge(in);
    if (check) check_beat(port);
    p.idle = moved || !is_owed ? 0 : p.idle + 1;
    if (p.idle >= o_.hang_cycles) {
        fail(std::string(p.dut->name()) + ": no beat moved for " + std::to_string(p.idle) + " cycles with " +
             std::to_string(job_->config.size() - p.cfg) + " configuration words, " + std::to_string(job_->input.size() - p.in) +
             " input beats and " + std::to_string(job_->expected.size() - p.out.size()) + " output beats still owed");
    }
}

bool MvuLockstep::step() {
    if (!active_) return false;
    const bool quiet = job_->full_rate;
    const bool bubble = !quiet && chance(rng_, o_.bubble_prob), stall = !quiet && chance(rng_, o_.stall_prob);
    bool any_owed = false;
    for (int i = 0; i < n_ports_ && active_; ++i) {
        edge(ports_[i], bubble, stall, i);
        any_owed = any_owed || owed(ports_[i]);
    }
    ++cycle_;
    ++stats_.cycles;
    if (!active_) return false;
    if (!any_owed && ++drained_ >= o_.drain_cycles) {
        finish();
        return false;
    }
    return true;
}

void MvuLockstep::finish() {
    const bool bad_vectors = job_->early_tlast + job_->late_tlast != 0;
    pair_->tlast_error_since_reset = pair_->tlast_error_since_reset || bad_vectors;
    pair_->loaded = true;
    for (int i = 0; i < n_ports_; ++i) {
        const MvuOutputs o = ports_[i].dut->outputs();
        const std::string name = ports_[i].dut->name();
        if (o.err_cfg) return fail(name + ": err_cfg set after a good configuration packet");
        if (!o.configured) return fail(name + ": not configured after its configuration packet");
        if (o.err_tlast != pair_->tlast_error_since_reset) {
            return fail(name + ": err_tlast is " + (o.err_tlast ? "set" : "clear") + " with " +
                        (pair_->tlast_error_since_reset ? "a" : "no") + " vector of a bad TLAST since the last reset");
        }
    }
    if (job_->full_rate && job_->good_vectors != 0) {
        // The RTL's cycles from the edge that takes the first input beat to the one that takes the last output
        // beat, docs/mvu.md ("Schedule and throughput"): B x (N / PE) x (K / SIMD) + input + LATENCY when
        // K / SIMD >= PE (100 % of PE x SIMD MACs per cycle), else one fold per PE cycles (the one requantizer).
        const hw::MvuShape& s = hw::kMvuPrebuilt[job_->shape];
        const std::uint64_t b = job_->good_vectors, folds = static_cast<std::uint64_t>(job_->layer.n / s.pe),
                            steps = static_cast<std::uint64_t>(job_->layer.k / s.simd), pe = static_cast<std::uint64_t>(s.pe);
        const bool peak = steps >= pe;
        const std::uint64_t want = (peak ? b * folds * steps : steps + (b * folds - 1) * pe) +
                                   static_cast<std::uint64_t>(hw::kMvuLatencyInput + ports_[0].dut->latency());
        const std::uint64_t got = ports_[0].last_out - ports_[0].first_in;
        if (got != want) {
            return fail(std::string(ports_[0].dut->name()) + ": a full-rate batch of " + std::to_string(b) + " vectors took " +
                        std::to_string(got) + " cycles, " +
                        (peak ? "B x (N / PE) x (K / SIMD)" : "K / SIMD + (B x N / PE - 1) x PE") + " + input + LATENCY = " +
                        std::to_string(want));
        }
        ++(peak ? stats_.full_rate_checked : stats_.serializer_rate_checked);
    }
    ++stats_.jobs;
    active_ = false;
}

}  // namespace qmac::tb
