#include "mvu_stream.hpp"

#include <string>

#include "splitmix64.hpp"  // hls/tb: the project's one random generator

namespace qmac::tb {
namespace {

// A probability test on the project's generator (53 random bits, as a double in [0, 1)).
bool chance(hls_tb::SplitMix64& rng, double p) {
    return p > 0.0 && static_cast<double>(rng.next() >> 11) * 0x1.0p-53 < p;
}

}  // namespace

std::vector<MvuInBeat> mvu_vector_beats(const std::vector<std::uint8_t>& x, int simd) {
    if (simd < 1 || simd > hw::kMvuMaxSimd || x.empty() || x.size() % static_cast<std::size_t>(simd) != 0) {
        throw std::invalid_argument("mvu_vector_beats: a vector of " + std::to_string(x.size()) + " bytes in beats of " +
                                    std::to_string(simd));
    }
    std::vector<MvuInBeat> beats(x.size() / static_cast<std::size_t>(simd));
    for (std::size_t i = 0; i < x.size(); ++i) beats[i / static_cast<std::size_t>(simd)].data[i % static_cast<std::size_t>(simd)] = x[i];
    beats.back().last = true;
    return beats;
}

MvuInputs mvu_offer(const std::vector<std::uint32_t>& config, std::size_t next_cfg, const std::vector<MvuInBeat>& input,
                    std::size_t next_in, bool m_ready) {
    MvuInputs x;
    x.cfg_valid = next_cfg < config.size();
    if (x.cfg_valid) {
        x.cfg_data = config[next_cfg];
        x.cfg_last = next_cfg + 1 == config.size();
    }
    x.s_valid = !x.cfg_valid && next_in < input.size();
    if (x.s_valid) {
        x.s_data = input[next_in].data;
        x.s_last = input[next_in].last;
    }
    x.m_ready = m_ready;
    return x;
}

void mvu_reset(MvuDut& dut, int cycles) {
    MvuInputs in;
    in.rst = true;
    for (int i = 0; i < cycles; ++i) dut.edge(in);
}

MvuStreamResult mvu_stream(MvuDut& dut, const std::vector<std::uint32_t>& config, const std::vector<MvuInBeat>& input,
                           std::size_t expected_beats, const MvuStreamOptions& options) {
    const int pe = dut.shape().pe;
    hls_tb::SplitMix64 rng(options.seed);
    MvuStreamResult r;
    std::size_t next_cfg = 0, next_in = 0;
    std::uint64_t idle = 0, cycle = 0, first_in = 0, drained = 0;
    bool have_first_in = false, held = false, cfg_offered = false, in_offered = false;
    MvuOutputs prev;
    const auto fail = [&](const std::string& what) {
        throw MvuStreamError(std::string(dut.name()) + ": cycle " + std::to_string(cycle) + ": " + what);
    };
    for (;;) {
        const bool owed = next_cfg < config.size() || next_in < input.size() || r.out.size() < expected_beats;
        if (!owed && drained >= options.drain_cycles) break;
        const MvuOutputs o = dut.outputs();
        // A beat offered and not taken must stay, unchanged, until it is taken.
        if (held && (!o.m_valid || o.m_data != prev.m_data || o.m_last != prev.m_last)) {
            fail("the output beat changed or vanished while m_axis_tvalid was high and m_axis_tready low");
        }
        MvuInputs in;
        // A beat once offered stays offered until it is taken (the AXI4-Stream rule for a master); bubbles
        // come only between beats.
        const bool cfg_pending = next_cfg < config.size();
        in.cfg_valid = cfg_pending && (cfg_offered || !chance(rng, options.bubble_prob));
        if (in.cfg_valid) {
            in.cfg_data = config[next_cfg];
            in.cfg_last = next_cfg + 1 == config.size();
        }
        const bool in_pending = !cfg_pending && next_in < input.size();
        in.s_valid = in_pending && (in_offered || !chance(rng, options.bubble_prob));
        if (in.s_valid) {
            in.s_data = input[next_in].data;
            in.s_last = input[next_in].last;
        }
        in.m_ready = !owed || !chance(rng, options.stall_prob);
        bool moved = false;
        cfg_offered = in.cfg_valid && !o.cfg_ready;
        in_offered = in.s_valid && !o.s_ready;
        if (in.cfg_valid && o.cfg_ready) {
            ++next_cfg;
            moved = true;
        }
        if (in.s_valid && o.s_ready) {
            if (!have_first_in) {
                have_first_in = true;
                first_in = cycle;
            }
            ++next_in;
            moved = true;
        }
        if (o.m_valid && in.m_ready) {
            if (r.out.size() >= expected_beats) fail("an output beat beyond the " + std::to_string(expected_beats) + " owed");
            MvuOutBeat b;
            b.data.assign(o.m_data.begin(), o.m_data.begin() + pe);
            b.last = o.m_last;
            r.out.push_back(std::move(b));
            if (r.out.size() == expected_beats && have_first_in) r.compute_cycles = cycle - first_in;
            moved = true;
        }
        held = o.m_valid && !in.m_ready;
        prev = o;
        dut.edge(in);
        ++cycle;
        if (owed) {
            r.cycles = cycle;
            idle = moved ? 0 : idle + 1;
            if (idle >= options.hang_cycles) {
                fail("no beat moved for " + std::to_string(idle) + " cycles with " + std::to_string(config.size() - next_cfg) +
                     " configuration words, " + std::to_string(input.size() - next_in) + " input beats and " +
                     std::to_string(expected_beats - r.out.size()) + " output beats still owed");
            }
        } else {
            ++drained;
        }
    }
    const MvuOutputs o = dut.outputs();
    r.err_cfg = o.err_cfg;
    r.err_tlast = o.err_tlast;
    r.configured = o.configured;
    return r;
}

}  // namespace qmac::tb
