#include "seed_command.hpp"

#include <cstdio>
#include <iostream>
#include <memory>

#include "backends.hpp"
#include "command_line.hpp"
#include "qmac/golden/seed_example.hpp"

namespace qmac::cli {

namespace {

struct SeedOptions {
    golden::SeedInputs in = golden::SeedInputs::example_01();
    std::string backend = "golden";
};

int seed_command(const SeedOptions& o) {
    const golden::SeedInputs& in = o.in;
    const std::vector<Backend> backends = select_backends(o.backend);

    const golden::SeedResult reference = golden::run_seed(in);
    std::vector<DotResult> results;
    for (const Backend& b : backends) results.push_back(b.run_seed(reference));

    // The 13 lines come from the first selected backend, exactly as the seed prints them.
    golden::SeedResult shown = reference;
    golden::set_seed_outputs(shown, results.front().accumulator, results.front().output);
    for (const std::string& line : golden::format_seed_report(shown)) {
        std::cout << line << '\n';
    }

    // The golden row is the reference (its numbers are the 13 lines' when golden is shown first); every
    // other row is compared with it.
    std::cout << "\nbackend   accumulator  output  vs golden\n";
    bool all_agree = true;
    std::size_t compared = 0;
    for (std::size_t i = 0; i < backends.size(); ++i) {
        const bool agrees = results[i].accumulator == reference.accumulator && results[i].output == reference.output_q;
        const char* verdict = backends[i].reference ? "reference" : agrees ? "agrees" : "MISMATCH";
        if (!backends[i].reference) {
            ++compared;
            all_agree = all_agree && agrees;
        }
        char line[128];
        std::snprintf(line, sizeof line, "%-8s  %11d  %6d  %s", backends[i].name.c_str(), results[i].accumulator,
                      results[i].output, verdict);
        std::cout << line << '\n';
    }
    if (compared == 0) {
        std::cout << "the golden model is the reference; --backend hls|rtl|all compares the hardware models with it\n";
    } else {
        std::cout << (all_agree ? "all backends agree with the golden model\n"
                                : "some backends DISAGREE with the golden model\n");
    }
    return all_agree ? 0 : 1;
}

}  // namespace

Command add_seed_command(CLI::App& qmac) {
    auto o = std::make_shared<SeedOptions>();
    CLI::App* c = add_command(qmac, "seed", "print the seed example (W*A+B quantized to 8 bits, requantized for the next layer)");
    one_of(c->add_option("--backend", o->backend, "the backend whose numbers the 13 lines show"), backend_choices());
    integer_in(c->add_option("--bits", o->in.bits, "quantization bits")->type_name("K"), 2, 16);
    positive_finite(c->add_option("--activation-range", o->in.activation_range, "the activations' range")->type_name("A"));
    positive_finite(c->add_option("--output-range", o->in.output_range, "the output's range")->type_name("A"));
    return {c, [o] { return seed_command(*o); }};
}

}  // namespace qmac::cli
