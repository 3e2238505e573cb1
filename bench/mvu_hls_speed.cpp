// Speed of the HLS layer engine's C simulation (issue 12, item 5; not a test): one random K x N layer loaded
// into make_hls_mvu's cycle model (qmac_mvu_step once per edge) and a batch of B vectors streamed through
// it by the host's driver (mvu_stream), at full rate. Meant for callgrind, which counts the instructions:
//   valgrind --tool=callgrind build/bench/qmac-mvu-hls-speed 1024 1024 16
// prints the edges and MACs; with --check it also compares every beat with the golden reference (which
// then dominates the count). Shape: the prebuilt one with PE = SIMD = 16 (hw::kMvuPrebuilt).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "mvu_dut.hpp"
#include "mvu_layer.hpp"
#include "mvu_reference.hpp"
#include "mvu_stimulus.hpp"  // hls/tb: random layers and vectors
#include "mvu_stream.hpp"

int main(int argc, char** argv) {
    if (argc < 4 || argc > 5 || (argc == 5 && std::strcmp(argv[4], "--check") != 0)) {
        std::fprintf(stderr, "qmac: error: usage: qmac-mvu-hls-speed K N B [--check]\n");
        return 2;
    }
    const int k = std::atoi(argv[1]), n = std::atoi(argv[2]), b = std::atoi(argv[3]);
    if (k < 1 || n < 1 || b < 1) {
        std::fprintf(stderr, "qmac: error: K, N and B must be positive integers\n");
        return 2;
    }
    const bool check = argc == 5;
    const qmac::hw::MvuShape* shape = nullptr;
    for (const qmac::hw::MvuShape& s : qmac::hw::kMvuPrebuilt) {
        if (s.pe == 16 && s.simd == 16) shape = &s;
    }
    if (shape == nullptr) {
        std::fprintf(stderr, "qmac: error: docs/contract.toml has no prebuilt MVU shape with PE = SIMD = 16\n");
        return 1;
    }
    qmac::hls_tb::Rng rng(0x5EED5EEDULL);
    qmac::tb::MvuLayer layer;
    qmac::hls_tb::random_mvu_layer(rng, k, n, true, -1, layer);
    try {
        qmac::tb::check_mvu_layer(layer, *shape);
    } catch (const qmac::tb::MvuLayerError& e) {
        std::fprintf(stderr, "qmac: error: %s\n", e.what());
        return 2;
    }
    std::vector<std::vector<std::uint8_t>> batch;
    std::vector<qmac::tb::MvuInBeat> in;
    for (int i = 0; i < b; ++i) {
        batch.push_back(qmac::hls_tb::random_mvu_vector(rng, k, true));
        const std::vector<qmac::tb::MvuInBeat> v = qmac::tb::mvu_vector_beats(batch.back(), shape->simd);
        in.insert(in.end(), v.begin(), v.end());
    }
    const std::size_t beats = static_cast<std::size_t>(b) * static_cast<std::size_t>(n / shape->pe);
    std::unique_ptr<qmac::tb::MvuDut> dut = qmac::tb::make_hls_mvu(*shape);
    qmac::tb::mvu_reset(*dut);
    const qmac::tb::MvuStreamResult r = qmac::tb::mvu_stream(*dut, qmac::tb::mvu_config_words(layer), in, beats);
    const double macs = static_cast<double>(b) * k * n;
    std::printf("K %d N %d B %d on PE %d SIMD %d: %llu edges (%llu computing), %.0f MACs, %.1f%% of peak while computing\n",
                k, n, b, shape->pe, shape->simd, static_cast<unsigned long long>(r.cycles),
                static_cast<unsigned long long>(r.compute_cycles), macs,
                100.0 * macs / (static_cast<double>(r.compute_cycles) * shape->pe * shape->simd));
    if (check && !(r.out == qmac::tb::mvu_expected_beats(layer, batch, shape->pe))) {
        std::printf("FAIL: the output beats differ from the golden reference\n");
        return 1;
    }
    if (check) std::printf("every beat equal to the golden reference\n");
    return 0;
}
