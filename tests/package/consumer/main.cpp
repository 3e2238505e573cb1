// Uses the installed qmac package: the golden model runs the seed example and prints its 13 lines (the test
// compares them with the numpy seed's own printout), then the HLS kernel's requantizer, from the header-only
// qmac::hls, runs the seed's integer parameters on the same accumulator and must give the golden output.
#include <cstdio>
#include <string>

#include "qmac/golden.hpp"
#include "qmac/hls/requantize.hpp"

int main() {
    namespace golden = qmac::golden;
    const golden::SeedResult r = golden::run_seed(golden::SeedInputs::example_01());
    for (const std::string& line : golden::format_seed_report(r)) std::printf("%s\n", line.c_str());

    const golden::FixedPointMapping m = golden::map_seed_to_fixed_point(r);
    if (!m.exact() || m.rounding != golden::FixedPointRounding::TruncateTowardZero) {
        std::fprintf(stderr, "qmac_consumer: the seed's fixed-point mapping is not an exact truncation\n");
        return 1;
    }
    const std::int32_t v = qmac::hls::multiply_by_quantized_multiplier_truncate(r.accumulator, m.multiplier.multiplier,
                                                                                 m.multiplier.shift);
    const golden::OutputStage& o = r.output_stage;
    const std::int32_t y = qmac::hls::apply_output_stage(v, o.zero_point, o.min, o.max);
    std::printf("hls requantizer: %d, golden: %d\n", static_cast<int>(y), static_cast<int>(r.output_q));
    return y == r.output_q ? 0 : 1;
}
