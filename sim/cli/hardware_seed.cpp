#include "hardware_seed.hpp"

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "qmac/hls/qmac_dot_top.hpp"
#include "accumulator_readback.hpp"
#include "hls_beat.hpp"
#include "stream_groups.hpp"

namespace qmac::cli {

namespace {
// The kernels take 8-bit activations and weights; a seed run with k > 8 does not fit them.
void require_8_bit_codes(const golden::SeedResult& s, const char* backend) {
    if (s.weight_quant.bits > hw::kActBits) {
        throw std::runtime_error(std::string("the ") + backend + " backend takes k <= 8 bit codes, got k = " +
                                 std::to_string(s.weight_quant.bits));
    }
}
}  // namespace

DotResult hls_seed(const golden::SeedResult& s) {
    using Config = hls::qmac_dot_top_config;
    require_8_bit_codes(s, "hls");
    const tb::Group g = hls_tb::seed_group(s, hls_tb::seed_params(s));
    std::vector<hls::top_in_beat> beats;
    hls_tb::append_beats<Config>(g, beats);
    auto in = std::make_unique<hls::top_in_stream>();  // the streams hold their beats inline: keep them off the stack
    auto out = std::make_unique<hls::top_out_stream>();
    std::int32_t running = 0;
    hls::qmac_dot_result<Config> r{};
    for (const hls::top_in_beat& b : beats) {
        in->write(b);
        hls::qmac_dot_step<Config>(b, running, r);  // the same datapath, one beat at a time, for the accumulator
    }
    qmac_dot_top(*in, *out, static_cast<std::uint32_t>(beats.size()));
    if (out->empty()) throw std::runtime_error("the HLS top produced no output beat");
    return {r.acc, out->read().y};
}

}  // namespace qmac::cli

#ifdef QMAC_WITH_RTL
namespace qmac::cli {

DotResult rtl_seed(const golden::SeedResult& s) {
    require_8_bit_codes(s, "rtl");
    const tb::OutParams params = hls_tb::seed_params(s);
    const int lanes = hw::kDefaultLanes;
    // One group (the seed's dot product) per entry of ps, streamed through a freshly reset RTL model.
    const auto run_all = [&](const std::vector<tb::OutParams>& ps) {
        std::unique_ptr<tb::Dut> dut = tb::make_rtl_dut(lanes, true, false, 1);
        if (!dut) throw std::runtime_error("the rtl backend's LANES = 8 model is not built");
        std::size_t group = 0, beat = 0;
        tb::Group g;
        return tb::stream_groups(*dut, [&](tb::InBeat& b) {
            if (group >= ps.size()) return false;
            if (beat == 0) g = hls_tb::seed_group(s, ps[group]);
            tb::group_beat(g, beat++, lanes, b);
            if (b.last) {
                beat = 0;
                ++group;
            }
            return true;
        });
    };
    const std::vector<std::int32_t> y = run_all({params});
    if (y.size() != 1) throw std::runtime_error("the RTL produced " + std::to_string(y.size()) + " outputs for one group");
    return {tb::read_accumulators({params.bias}, true, run_all).front(), y.front()};
}

}  // namespace qmac::cli
#endif  // QMAC_WITH_RTL
