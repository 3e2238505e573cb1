// qmac_dot, the whole datapath, against the golden model: random beats, random group lengths, random
// per-output parameters, random input bubbles, output back-pressure (m_ready low with probability 0, 0.3,
// 0.9), resets in mid-stream. A scoreboard checks every output value, that outputs == accepted last beats,
// the exported LATENCY (exact without back-pressure, a lower bound with it) and II = 1.
#include <catch2/catch.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <sstream>
#include <vector>

#include "Vqmac_dot_l16s.h"
#include "Vqmac_dot_l16s_qmac_dot.h"
#include "Vqmac_dot_l16u.h"
#include "Vqmac_dot_l16u_qmac_dot.h"
#include "Vqmac_dot_l1s.h"
#include "Vqmac_dot_l1s_qmac_dot.h"
#include "Vqmac_dot_l1u.h"
#include "Vqmac_dot_l1u_qmac_dot.h"
#include "Vqmac_dot_l4s.h"
#include "Vqmac_dot_l4s_qmac_dot.h"
#include "Vqmac_dot_l4u.h"
#include "Vqmac_dot_l4u_qmac_dot.h"
#include "Vqmac_dot_l8s.h"
#include "Vqmac_dot_l8s_qmac_dot.h"
#include "Vqmac_dot_l8u.h"
#include "Vqmac_dot_l8u_qmac_dot.h"
#include "rtl_harness.hpp"
#include "qmac/golden/accumulate.hpp"

namespace {

using qmac::rtl_test::Harness;
using qmac::tb::OutParams;
using qmac::rtl_test::put_bits;

struct Beat {
    std::vector<std::int32_t> act, wgt;
    bool last = false;
    OutParams p;
};

struct Expected {
    std::int32_t value;
    std::uint64_t last_cycle;  // cycle in which the last beat transferred
    std::optional<std::uint64_t> valid_cycle;
};

struct Stats {
    std::uint64_t cycles = 0, beats = 0, lasts = 0, outputs = 0, flushed = 0, resets = 0;
    std::uint64_t mismatches = 0, spurious = 0, latency_errors = 0, ii_errors = 0, stuck = 0;
    std::uint64_t inside = 0;  // outputs strictly inside their clamp bounds
    std::uint64_t exact_latency = 0;  // outputs checked for latency == LATENCY (no stall in between)
    std::uint64_t wraps = 0;   // groups whose exact sum left int32
};

struct Phase {
    double ready_low;       // probability that m_ready is low in a cycle
    double bubble;          // probability of an idle input cycle between beats
    std::uint64_t beats;    // beats to transfer in this phase
    double reset_rate;      // probability of a reset per cycle
};

template <class Model, int kLanes, bool kSigned, int kLatency>
class DotBench {
public:
    explicit DotBench(std::uint64_t seed) : h_(seed), rng_(seed) {
        h_.m->rst_i = 1;
        h_.m->s_valid_i = 0;
        h_.m->m_ready_i = 0;
        for (int i = 0; i < 3; ++i) h_.step();
        h_.m->rst_i = 0;
    }

    void run(const Phase& ph) {
        const std::uint64_t target = st_.beats + ph.beats;
        std::bernoulli_distribution low(ph.ready_low), bubble(ph.bubble), reset(ph.reset_rate);
        while (st_.beats < target) {
            if (ph.reset_rate > 0 && reset(rng_)) do_reset();
            if (!pending_ && !bubble(rng_)) pending_ = next_beat();
            cycle(pending_.has_value(), !low(rng_), ph.ready_low == 0.0, ph.bubble == 0.0);
        }
    }

    // Stops input, accepts every output, and checks that nothing else comes out.
    void drain() {
        pending_.reset();
        std::uint64_t waited = 0;
        while (!exp_.empty() && waited++ < 4u * kLatency) cycle(false, true, true, false);
        if (!exp_.empty()) st_.stuck += exp_.size();
        for (int i = 0; i < 2 * kLatency; ++i) cycle(false, true, true, false);
    }

    const Stats& stats() const { return st_; }
    std::string summary() const {
        std::ostringstream os;
        os << "LANES=" << kLanes << " ACT_SIGNED=" << kSigned << " LATENCY=" << kLatency << ": " << st_.cycles
           << " cycles, " << st_.beats << " beats, " << st_.lasts << " last beats, " << st_.outputs << " outputs, "
           << st_.flushed << " flushed by " << st_.resets << " resets, " << st_.wraps << " wrapped groups, "
           << st_.inside << " outputs inside the clamp, " << st_.exact_latency << " with exact latency";
        return os.str();
    }

private:
    Beat next_beat() {
        auto u = [&](std::int64_t lo, std::int64_t hi) {
            return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
        };
        if (left_in_group_ == 0) {  // a new group: its length and its data style
            const auto r = u(0, 999);
            left_in_group_ = r < 300 ? 1 : r < 850 ? u(2, 8) : r < 995 ? u(9, 64) : u(65, 1500);
            style_ = static_cast<int>(u(0, 9));
        }
        Beat b;
        b.act.resize(kLanes);
        b.wgt.resize(kLanes);
        const std::int64_t amin = kSigned ? -128 : 0, amax = kSigned ? 127 : 255;
        for (int i = 0; i < kLanes; ++i) {
            if (style_ == 0) {  // extremes: the largest products, for wrapping
                b.act[i] = static_cast<std::int32_t>(u(0, 1) ? amin : amax);
                b.wgt[i] = static_cast<std::int32_t>(u(0, 1) ? -128 : 127);
            } else {
                b.act[i] = static_cast<std::int32_t>(u(amin, amax));
                b.wgt[i] = static_cast<std::int32_t>(u(-128, 127));
            }
        }
        b.last = --left_in_group_ == 0;
        return b;
    }

    void drive(const Beat& b) {
        auto& m = *h_.m;
        for (int i = 0; i < kLanes; ++i) {
            put_bits(m.s_act_i, 8 * i, 8, static_cast<std::uint32_t>(b.act[i]) & 0xff);
            put_bits(m.s_wgt_i, 8 * i, 8, static_cast<std::uint32_t>(b.wgt[i]) & 0xff);
        }
        m.s_last_i = b.last;
        // Parameters of a non-last beat are don't-care: drive random garbage there.
        const OutParams p = b.last ? b.p : OutParams{static_cast<std::int32_t>(rng_()), static_cast<std::int32_t>(rng_()),
                                                     static_cast<int>(rng_() & 63), static_cast<unsigned>(rng_() & 3),
                                                     static_cast<std::int32_t>(rng_() & 0x1ff), 0, 0};
        m.s_bias_i = static_cast<std::uint32_t>(p.bias);
        m.s_multiplier_i = static_cast<std::uint32_t>(p.multiplier);
        m.s_shift_i = static_cast<std::uint8_t>(p.shift & 0x3f);
        m.s_rounding_i = static_cast<std::uint8_t>(p.rounding & 3);
        m.s_out_zero_point_i = static_cast<std::uint16_t>(p.zero_point & 0x1ff);
        m.s_out_min_i = static_cast<std::uint16_t>(p.min & 0x1ff);
        m.s_out_max_i = static_cast<std::uint16_t>(p.max & 0x1ff);
    }

    // The last beat's parameters are chosen knowing the group's sum, so that outputs spread over the
    // whole 8-bit range instead of sitting on the clamp bounds.
    void choose_params(Beat& b) {
        std::vector<std::int32_t> x = group_x_, w = group_w_;
        x.insert(x.end(), b.act.begin(), b.act.end());
        w.insert(w.end(), b.wgt.begin(), b.wgt.end());
        std::int32_t bias;
        const auto r = rng_() % 8;
        if (r == 0) bias = static_cast<std::int32_t>(rng_());                       // anything
        else if (r == 1) bias = INT32_MAX - static_cast<std::int32_t>(rng_() % 100000);  // wraps upward
        else if (r == 2) bias = INT32_MIN + static_cast<std::int32_t>(rng_() % 100000);  // wraps downward
        else bias = static_cast<std::int32_t>(rng_() % 20001) - 10000;
        const auto chk = qmac::golden::accumulate_checked(x, w, bias);
        if (chk.overflow) ++st_.wraps;
        int bits = 1;
        while (bits < 32 && (std::int64_t{1} << bits) <= std::abs(std::int64_t{chk.value})) ++bits;
        b.p = qmac::tb::random_params(rng_, kSigned, bits);
        b.p.bias = bias;
    }

    void cycle(bool valid, bool ready, bool no_backpressure, bool no_bubbles) {
        auto& m = *h_.m;
        if (valid && pending_->last && !params_set_) {
            choose_params(*pending_);
            params_set_ = true;
        }
        m.s_valid_i = valid;
        if (valid) drive(*pending_);
        else drive_idle();
        m.m_ready_i = ready;
        m.eval();

        const bool s_ready = m.s_ready_o, m_valid = m.m_valid_o;
        const std::uint8_t data = m.m_data_o;
        // II = 1: once the output has been ready for two cycles the input is always ready.
        if (no_backpressure && ready_run_ >= 2 && !s_ready) ++st_.ii_errors;
        ready_run_ = ready ? ready_run_ + 1 : 0;
        if (!s_ready) last_stall_ = st_.cycles;
        if (no_backpressure && no_bubbles && !valid) ++st_.ii_errors;
        if (m_valid) {
            if (exp_.empty()) {
                ++st_.spurious;
            } else {
                Expected& e = exp_.front();
                if (!e.valid_cycle) {
                    e.valid_cycle = st_.cycles;
                    const std::uint64_t lat = st_.cycles - e.last_cycle;
                    // Exact when the pipeline never stalled since the last beat transferred; a lower bound
                    // otherwise.
                    const bool stalled = last_stall_ && *last_stall_ >= e.last_cycle;
                    if (stalled ? lat < static_cast<std::uint64_t>(kLatency)
                                : lat != static_cast<std::uint64_t>(kLatency)) {
                        if (++st_.latency_errors <= 3) UNSCOPED_INFO("output after " << lat << " cycles");
                    } else if (!stalled) {
                        ++st_.exact_latency;
                    }
                }
                if (ready) {
                    const auto want = static_cast<std::uint8_t>(e.value);
                    if (data != want && ++st_.mismatches <= 5) {
                        UNSCOPED_INFO("output " << st_.outputs << ": golden " << e.value << ", rtl "
                                                << static_cast<int>(data));
                    }
                    ++st_.outputs;
                    exp_.pop_front();
                }
            }
        }
        if (valid && s_ready) {
            ++st_.beats;
            const Beat& b = *pending_;
            group_x_.insert(group_x_.end(), b.act.begin(), b.act.end());
            group_w_.insert(group_w_.end(), b.wgt.begin(), b.wgt.end());
            if (b.last) {
                const std::int32_t acc = qmac::golden::accumulate_wrapping(group_x_, group_w_, b.p.bias);
                const std::int32_t y = qmac::tb::golden_output(acc, b.p);
                if (y > b.p.min && y < b.p.max) ++st_.inside;
                exp_.push_back({y, st_.cycles, std::nullopt});
                ++st_.lasts;
                group_x_.clear();
                group_w_.clear();
                params_set_ = false;
            }
            pending_.reset();
        }
        h_.step();
        ++st_.cycles;
    }

    void drive_idle() {
        // Garbage on the data lines while s_valid is low must not matter.
        auto& m = *h_.m;
        for (int i = 0; i < kLanes; ++i) {
            put_bits(m.s_act_i, 8 * i, 8, rng_() & 0xff);
            put_bits(m.s_wgt_i, 8 * i, 8, rng_() & 0xff);
        }
        m.s_last_i = rng_() & 1;
    }

    // Reset for 1-3 cycles with random input traffic; everything in flight is dropped.
    void do_reset() {
        auto& m = *h_.m;
        const int n = 1 + static_cast<int>(rng_() % 3);
        for (int i = 0; i < n; ++i) {
            m.rst_i = 1;
            m.s_valid_i = rng_() & 1;
            drive_idle();
            m.m_ready_i = 0;
            h_.step();
            ++st_.cycles;
        }
        m.rst_i = 0;
        st_.flushed += exp_.size();
        ++st_.resets;
        exp_.clear();
        group_x_.clear();
        group_w_.clear();
        pending_.reset();
        left_in_group_ = 0;
        params_set_ = false;
        m.eval();
        if (m.m_valid_o || !m.s_ready_o) ++st_.spurious;  // empty and ready right after reset
    }

    Harness<Model> h_;
    std::uint64_t ready_run_ = 0;
    std::optional<std::uint64_t> last_stall_;
    std::mt19937_64 rng_;
    Stats st_;
    std::deque<Expected> exp_;
    std::optional<Beat> pending_;
    bool params_set_ = false;
    std::int64_t left_in_group_ = 0;
    int style_ = 1;
    std::vector<std::int32_t> group_x_, group_w_;
};

template <class Model, class Top, int kLanes, bool kSigned>
void random_stream(std::uint64_t beats_per_phase, std::uint64_t seed) {
    constexpr int latency = static_cast<int>(Top::LATENCY);
    DotBench<Model, kLanes, kSigned, latency> tb(seed);
    const Phase phases[] = {
        {0.0, 0.0, beats_per_phase / 4, 0.0},    // II = 1: a beat every cycle, output always ready
        {0.0, 0.2, beats_per_phase * 3 / 4, 0.0},  // exact latency with input bubbles
        {0.3, 0.2, beats_per_phase, 2e-5},       // back-pressure, resets
        {0.9, 0.1, beats_per_phase, 2e-5},
        {0.0, 0.3, beats_per_phase / 10, 1e-3},  // frequent resets
    };
    for (const Phase& ph : phases) tb.run(ph);
    tb.drain();
    const Stats& s = tb.stats();
    INFO(tb.summary());
    CHECK(s.mismatches == 0);
    CHECK(s.spurious == 0);
    CHECK(s.stuck == 0);
    CHECK(s.latency_errors == 0);
    CHECK(s.ii_errors == 0);
    CHECK(s.exact_latency > s.outputs / 4);
    CHECK(s.outputs + s.flushed == s.lasts);  // every accepted last beat gives exactly one output
    CHECK(s.beats >= beats_per_phase * 3);
    CHECK(s.resets > 0);
    CHECK(s.wraps > 0);
    CHECK(s.inside > s.outputs / 4);
}

}  // namespace

#define QMAC_DOT_TESTS(L, S, SFX)                                                                         \
    TEST_CASE("qmac_dot LANES=" #L " ACT_SIGNED=" #S ": 10^6 random beats vs golden with back-pressure and resets", \
              "[rtl][dot]") {                                                                             \
        random_stream<Vqmac_dot_l##L##SFX, Vqmac_dot_l##L##SFX##_qmac_dot, L, S>(350000, 1000 + L * 2 + S);  \
    }                                                                                                     \
    TEST_CASE("qmac_dot LANES=" #L " ACT_SIGNED=" #S ": 10^7 random beats", "[.long][rtl][dot]") {         \
        random_stream<Vqmac_dot_l##L##SFX, Vqmac_dot_l##L##SFX##_qmac_dot, L, S>(3500000, 5000 + L * 2 + S); \
    }

QMAC_DOT_TESTS(1, 1, s)
QMAC_DOT_TESTS(1, 0, u)
QMAC_DOT_TESTS(4, 1, s)
QMAC_DOT_TESTS(4, 0, u)
QMAC_DOT_TESTS(8, 1, s)
QMAC_DOT_TESTS(8, 0, u)
QMAC_DOT_TESTS(16, 1, s)
QMAC_DOT_TESTS(16, 0, u)
