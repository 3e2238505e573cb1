// Writes golden-model vectors for the gate-level simulation of synthesized qmac_dot netlists
// (scripts/synth): beats.hex (one flat input beat of rtl/qmac_dot_flat.sv per line)
// and expected.hex (one output y per line, qmac_pkg::OutBits-bit two's complement), for $readmemh.
// Weights are w - zw in [-256, 255] (kWeightBits-bit lanes); the output type (int8 or uint8 clamp) is drawn
// independently of the activations' signedness; every rounding code, fp32 included (random_params).
//   gen_netlist_vectors LANES ACT_SIGNED NUM_OUTPUTS OUT_DIR
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "qmac/golden/accumulate.hpp"
#include "contract.hpp"

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s LANES ACT_SIGNED NUM_OUTPUTS OUT_DIR\n", argv[0]);
        return 2;
    }
    const int lanes = std::atoi(argv[1]);
    const bool act_signed = std::atoi(argv[2]) != 0;
    const int outputs = std::atoi(argv[3]);
    const std::string dir = argv[4];
    std::FILE* beats = std::fopen((dir + "/beats.hex").c_str(), "w");
    std::FILE* expected = std::fopen((dir + "/expected.hex").c_str(), "w");
    if (!beats || !expected || lanes < 1 || lanes > qmac::hw::kMaxLanes || outputs < 1) {
        std::fprintf(stderr, "gen_netlist_vectors: bad arguments or cannot write to %s\n", dir.c_str());
        return 2;
    }
    std::mt19937_64 rng(20240 + lanes * 2 + act_signed);
    int nbeats = 0;
    for (int o = 0; o < outputs; ++o) {
        const int len = (rng() % 4 == 0) ? 1 + static_cast<int>(rng() % 12) : 1;
        std::vector<std::int32_t> x, w;
        for (int b = 0; b < len; ++b) {
            std::vector<std::int32_t> act(lanes), wgt(lanes);
            for (int i = 0; i < lanes; ++i) {
                act[i] = act_signed ? static_cast<std::int32_t>(rng() % 256) - 128 : static_cast<std::int32_t>(rng() % 256);
                wgt[i] = static_cast<std::int32_t>(rng() % (1u << qmac::hw::kWeightBits)) + qmac::hls_tb::kWeightMin;
                if (o % 7 == 0) {  // extremes
                    act[i] = act_signed ? ((rng() & 1) ? -128 : 127) : ((rng() & 1) ? 0 : 255);
                    wgt[i] = (rng() & 1) ? qmac::hls_tb::kWeightMin : qmac::hls_tb::kWeightMax;
                }
            }
            x.insert(x.end(), act.begin(), act.end());
            w.insert(w.end(), wgt.begin(), wgt.end());
            const bool last = b == len - 1;
            qmac::tb::OutParams p;
            if (last) {
                p.bias = (rng() % 8 == 0) ? static_cast<std::int32_t>(rng()) : static_cast<std::int32_t>(rng() % 4001) - 2000;
                const std::int32_t acc0 = qmac::golden::accumulate_wrapping(x, w, p.bias);
                int bits = 1;
                while (bits < 32 && (std::int64_t{1} << bits) <= std::abs(std::int64_t{acc0})) ++bits;
                const std::int32_t bias = p.bias;
                p = qmac::hls_tb::random_params(rng, (rng() & 1) != 0, bits);
                p.bias = bias;
                std::fprintf(expected, "%03x\n",
                             static_cast<unsigned>(qmac::tb::golden_output(acc0, p)) & ((1u << qmac::hw::kOutBits) - 1u));
            }
            // The flat beat of rtl/qmac_dot_flat.sv, most significant bit first, as one hex number.
            std::string bits;
            auto put = [&](std::uint64_t v, int n) {
                for (int i = n - 1; i >= 0; --i) bits.push_back(((v >> i) & 1) ? '1' : '0');
            };
            qmac::tb::for_each_beat_field(last, p, put);
            for (int i = lanes - 1; i >= 0; --i) put(qmac::tb::field_bits(wgt[i], qmac::hw::kWeightBits), qmac::hw::kWeightBits);
            for (int i = lanes - 1; i >= 0; --i) put(qmac::tb::field_bits(act[i], qmac::hw::kActBits), qmac::hw::kActBits);
            while (bits.size() % 4) bits.insert(bits.begin(), '0');
            for (std::size_t i = 0; i < bits.size(); i += 4) {
                const int d = (bits[i] - '0') * 8 + (bits[i + 1] - '0') * 4 + (bits[i + 2] - '0') * 2 + (bits[i + 3] - '0');
                std::fputc("0123456789abcdef"[d], beats);
            }
            std::fputc('\n', beats);
            ++nbeats;
        }
    }
    std::fclose(beats);
    std::fclose(expected);
    std::printf("%d beats, %d outputs\n", nbeats, outputs);
    return 0;
}
